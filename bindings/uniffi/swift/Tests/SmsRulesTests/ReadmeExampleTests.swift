import Foundation
import SmsRules
import XCTest

/// The Swift example of README.md, compiled and run: the lines between the markers below are
/// the README's block (without its imports) word for word, which the first test checks; the
/// second runs them, with `print` caught, and checks what they print.
final class ReadmeExampleTests: XCTestCase {
    private var printed: [String] = []

    /// The example's `print`, resolved before Swift's own inside this class.
    private func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
        printed.append(items.map { "\($0)" }.joined(separator: separator))
    }

    private func readmeExample() {
        // README example begins
        let body = #"{"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Your order has shipped!"}"#
        do {
            let outcome = try check(requestJson: body, contextJson: nil, options: Options(idempotencyKey: "order-42"))
            if outcome.ok, let planJson = outcome.planJson {
                let plan = try JSONSerialization.jsonObject(with: Data(planJson.utf8)) as? [String: Any]
                let message = plan?["message"] as? [String: Any]
                print("segments:", message?["segments"] ?? "?")        // segments: 1
            }
            for issue in outcome.errors {
                print(issue.error.wireName(), issue.location.wireName(), issue.path, issue.message)
            }

            // The same kind of request as a typed record (Codable): no JSON to write by hand.
            let request = SendRequest(userNumber: "+1415", agentNumber: "+14155550000",
                                      agentMessage: "Your order has shipped!", metadataJson: #"{"order": 42}"#)
            let typed = try checkRequest(request: request, contextJson: nil, options: Options())
            for issue in typed.errors where issue.error == .invalidPhoneNumber {
                print(issue.error.wireName(), issue.location.wireName(), issue.path)  // INVALID_PHONE_NUMBER body /user_number
                print(issue.paramsJson)                                 // {"reason":"TOO_SHORT"}
            }

            // Many requests for one account: parse and judge its context once, share it between threads.
            let account = try Context(contextJson: #"{"account": {"numbers": ["+14155550000", "+14155550001"]}}"#)
            if !account.ok() {
                print(account.errors().map { "\($0.path): \($0.message)" })
            }
            let same = try account.check(requestJson: body, options: Options(idempotencyKey: "order-42"))
            print("same:", same.ok)                                     // same: true
            let counted = try segments(text: "Hi 👋")
            print(counted.encoding == .ucs2, counted.units, counted.segments, counted.ucs2Chars)  // true 5 1 ["👋"]

            _ = try check(requestJson: body, contextJson: "{not json", options: Options())
        } catch SmsRulesError.InvalidArgument(let argument, let reason) {
            print("\(argument): \(reason)")                             // contextJson: is not JSON: … at line 1, column 2
        } catch {
            print("smsrules could not run: \(error)")
        }
        // README example ends
    }

    func testTheExampleIsTheReadmesBlockWordForWord() throws {
        let readme = try String(contentsOf: Paths.readme, encoding: .utf8)
        let block = try XCTUnwrap(readme.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "\n```").first)
        var readmeLines = block.components(separatedBy: "\n")
        while let first = readmeLines.first, first.hasPrefix("import ") || first.isEmpty { readmeLines.removeFirst() }
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let between = try XCTUnwrap(source.components(separatedBy: "// README example begins\n").dropFirst().first?
            .components(separatedBy: "\n        // README example ends").first)
        let testLines = between.components(separatedBy: "\n").map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : $0 }
        XCTAssertEqual(testLines, readmeLines, "copy the README's Swift block into readmeExample()")
        XCTAssertTrue(block.contains("import SmsRules"))
    }

    func testTheExampleRunsAsItSays() {
        readmeExample()
        XCTAssertEqual(printed.count, 6, "\(printed)")
        guard printed.count == 6 else { return }
        XCTAssertEqual(printed[0], "segments: 1")
        XCTAssertEqual(printed[1], "INVALID_PHONE_NUMBER body /user_number")
        XCTAssertEqual(try JSON.parse(printed[2])["reason"]?.stringValue, "TOO_SHORT")
        XCTAssertEqual(printed[3], "same: true")
        XCTAssertEqual(printed[4], #"true 5 1 ["👋"]"#)
        XCTAssertTrue(printed[5].hasPrefix("contextJson: is not JSON: ") && printed[5].hasSuffix("at line 1, column 2"), printed[5])
    }
}
