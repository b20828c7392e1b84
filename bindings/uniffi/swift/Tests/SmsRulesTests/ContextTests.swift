import Dispatch
import Foundation
import SmsRules
import XCTest

/// A `Context` parsed and judged once, and its `check`: the same answers as `check` with its
/// text, from one thread or many.
final class ContextTests: XCTestCase {
    let account = #"{"account": {"numbers": ["+14155550000", "+14155550001"]}, "conversation": null}"#

    func request(_ i: Int) -> String {
        switch i % 4 {
        case 0: return #"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi \#(i)"}"#
        case 1: return #"{"user_number":"+14155552671","agent_number":"+14155559999","agent_message":"Hi"}"#
        case 2: return #"{"user_number":"+1415","agent_number":"+14155550001","colour":"red"}"#
        default: return #"{"user_number":"+14155552671","#
        }
    }

    func places(_ issues: [Issue]) -> [String] {
        issues.map { "\($0.location.wireName()) \($0.path) \($0.error.wireName())" }
    }

    func testAWellFormedContextIsOkAndAnswersAsItsText() throws {
        let context = try Context(contextJson: account)
        XCTAssertTrue(context.ok())
        XCTAssertEqual(context.errors(), [])
        for i in 0..<8 {
            let options = Options(maxIssues: i % 2 == 0 ? nil : 1, idempotencyKey: "k-\(i)")
            XCTAssertEqual(try context.check(requestJson: request(i), options: options),
                           try check(requestJson: request(i), contextJson: account, options: options), "request \(i)")
        }
        // The account's numbers are really used: an agent number outside them is an error.
        let outside = try context.check(requestJson: request(1), options: Options())
        XCTAssertEqual(places(outside.errors), ["body /agent_number AGENT_NUMBER_NOT_FOUND"])
    }

    func testAMalformedContextHasErrorsAndEveryCheckReportsThem() throws {
        let text = #"{"now": 7, "account": {"numbers": "+14155550000"}, "persona": {"id": "\ud800"}}"#
        let context = try Context(contextJson: text)
        XCTAssertFalse(context.ok())
        XCTAssertEqual(places(context.errors()), ["/account/numbers", "/now", "/persona/id"].map { "context \($0) INVALID_CONTEXT" })
        let outcome = try context.check(requestJson: request(0), options: Options())
        XCTAssertFalse(outcome.ok)
        XCTAssertEqual(outcome.errors, context.errors())
        XCTAssertEqual(outcome, try check(requestJson: request(0), contextJson: text, options: Options()))
        let capped = try context.check(requestJson: request(0), options: Options(maxIssues: 1))
        XCTAssertEqual(capped.errors.map(\.error), [.invalidContext, .tooManyIssues])
        XCTAssertEqual(capped, try check(requestJson: request(0), contextJson: text, options: Options(maxIssues: 1)))
    }

    func testAContextThatIsNotJsonThrowsAsCheckDoes() {
        for bad in ["{", #"{"number": +14155550000}"#, "", "nope"] {
            var fromContext: String?
            var fromCheck: String?
            XCTAssertThrowsError(try Context(contextJson: bad)) { error in
                guard case SmsRulesError.InvalidArgument(let argument, let reason) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(argument, "contextJson")
                XCTAssertFalse("\(error)".contains("4155550000"), "the error must not quote the input")
                fromContext = reason
            }
            XCTAssertThrowsError(try check(requestJson: request(0), contextJson: bad, options: Options())) { error in
                if case SmsRulesError.InvalidArgument(_, let reason) = error { fromCheck = reason }
            }
            XCTAssertNotNil(fromContext)
            XCTAssertEqual(fromContext, fromCheck)
        }
    }

    func testJsonThatIsNotAnObjectNullAndALoneSurrogate() throws {
        XCTAssertEqual(places(try Context(contextJson: "[1]").errors()), ["context  INVALID_CONTEXT"])
        XCTAssertEqual(places(try Context(contextJson: #""\ud800""#).errors()), ["context  INVALID_CONTEXT"])
        let none = try Context(contextJson: "null")
        XCTAssertTrue(none.ok())
        XCTAssertEqual(none.contextJson(), "null")
        XCTAssertEqual(try none.check(requestJson: request(0), options: Options()),
                       try check(requestJson: request(0), contextJson: nil, options: Options()))
    }

    func testContextJsonGivesTheValueAsJudged() throws {
        let judged = try Context(contextJson: #"{ "now": "2026-11-27T12:00:00Z", "now": "2026-11-28T12:00:00Z", "x": "\ud800" }"#)
        XCTAssertEqual(judged.contextJson(), #"{"now":"2026-11-28T12:00:00Z","x":null}"#)
        let context = try Context(contextJson: account)
        let again = try Context(contextJson: context.contextJson())
        XCTAssertEqual(try context.check(requestJson: request(1), options: Options()),
                       try again.check(requestJson: request(1), options: Options()))
    }

    func testItsDescriptionShowsNoValue() throws {
        let context = try Context(contextJson: account)
        let shown = "\(context) \(String(describing: context)) \(String(reflecting: context))"
        XCTAssertFalse(shown.contains("4155550000"), shown)
    }

    /// One `Context` shared by the threads of Dispatch's concurrent pool gives exactly the
    /// answers `check` gives with its text, one call after another.
    func testOneContextSharedByManyThreadsGivesTheSerialAnswers() throws {
        let requests = (0..<200).map(request)
        let options = Options(maxIssues: 5)
        let context = try Context(contextJson: account)
        let serial = try requests.map { try check(requestJson: $0, contextJson: account, options: options) }
        for _ in 0..<3 {
            let answers = Concurrent.map(requests) { try? context.check(requestJson: $0, options: options) }
            XCTAssertEqual(answers, serial)
        }
        // Records too, from many threads at once.
        let records = (0..<200).map { i in
            SendRequest(userNumber: "+14155552671", agentNumber: i % 3 == 0 ? "+14155559999" : "+14155550000",
                        agentMessage: i % 5 == 0 ? "" : "Hi \(i)", timeOut: Double(i % 7) * 100)
        }
        let recordSerial = try records.map { try checkRequest(request: $0, contextJson: account, options: options) }
        let recordAnswers = Concurrent.map(records) { try? context.checkRequest(request: $0, options: options) }
        XCTAssertEqual(recordAnswers, recordSerial)
        XCTAssertEqual(try context.check(requestJson: requests[0], options: options), serial[0])
    }

    /// The Rust side lives as long as any Swift reference: a context dropped by the caller
    /// while other threads still check keeps answering.
    func testAContextReleasedWhileOtherThreadsCheckKeepsAnswering() throws {
        let expected = try check(requestJson: request(0), contextJson: account, options: Options())
        for _ in 0..<20 {
            var context: Context? = try Context(contextJson: account)
            let group = DispatchGroup()
            let answers = Locked([Outcome?]())
            for _ in 0..<8 {
                let held = context!
                DispatchQueue.global().async(group: group) {
                    let answer = try? held.check(requestJson: self.request(0), options: Options())
                    answers.update { $0.append(answer) }
                }
            }
            context = nil
            group.wait()
            XCTAssertEqual(answers.current, Array(repeating: expected, count: 8))
        }
    }
}
