import Foundation
import SmsRules
import XCTest

/// Every shared conformance vector, through the JSON entry point, the typed `check`,
/// `Context.check` and the `SendRequest` record, each with the answers the vector expects and
/// exactly (messages and params included) the answers of `checkJson`, which are the Rust
/// core's own bytes.
final class ConformanceTests: XCTestCase {
    private func assertMatches(_ vector: Vector, _ envelope: JSON, _ via: String, file: StaticString = #filePath, line: UInt = #line) {
        let problems = Conformance.mismatches(envelope, vector.expect)
        XCTAssert(problems.isEmpty, "\(via) \(vector.id) (\(vector.file)): \(vector.body["why"]?.stringValue ?? "")\n  "
            + problems.joined(separator: "\n  ") + "\n  envelope: \(envelope)", file: file, line: line)
    }

    func testTheVectorsAreThere() {
        XCTAssertGreaterThanOrEqual(Conformance.vectors.count, 100)
        let ids = Conformance.vectors.map(\.id)
        XCTAssertEqual(ids.count, Set(ids).count, "vector ids must be unique")
    }

    /// `checkJson` answers every vector as the vector says.
    func testCheckJsonAnswersEveryVector() throws {
        for vector in Conformance.vectors {
            let envelope = try JSON.parse(try checkJson(doc: vector.documentText))
            assertMatches(vector, envelope, "checkJson")
        }
        print("checkJson: \(Conformance.vectors.count) vectors")
    }

    /// The answers are the Rust core's, byte for byte: the same document text gives the same
    /// envelope text (rust-envelopes.json is written by the core's `native_envelopes` example).
    func testEnvelopesAreTheRustCoresBytes() throws {
        let rust = try JSON.parse(file: Paths.rustEnvelopes)["vectors"]!.elements!
        XCTAssertEqual(rust.map { $0["id"]!.stringValue! }, Conformance.vectors.map(\.id),
                       "rust-envelopes.json must cover exactly the vectors (run-tests.sh writes it)")
        for answer in rust {
            let id = answer["id"]!.stringValue!
            let document = answer["document"]!.stringValue!
            XCTAssertEqual(try checkJson(doc: document), answer["envelope"]!.stringValue!, id)
        }
        print("same bytes as Rust: \(rust.count) vectors")
    }

    /// The typed `check` gives the answers the vector expects, and exactly the envelope
    /// `checkJson` gives for the same request as `request_text`. A case with a context also
    /// runs through a `Context` built from the same text, which must give the very same
    /// `Outcome`. Cases that depend on text parsing (`only_json`) or whose options have no
    /// typed form are counted and skipped.
    func testTypedCheckAnswersEveryVectorAsCheckJson() throws {
        var checked = 0, withContext = 0
        var skipped: [String] = []
        for vector in Conformance.vectors where !vector.onlyJson {
            guard let input = vector.input, let request = input["request"] else {
                XCTFail("\(vector.id): a case without only_json needs input.request")
                continue
            }
            let (typedOptions, whyNot) = Conformance.typedOptions(input)
            guard let options = typedOptions else { skipped.append("\(vector.id): \(whyNot!)"); continue }
            let requestJson = request.description
            let context = input["context"]
            let contextJson = context?.description
            let outcome = try check(requestJson: requestJson, contextJson: contextJson, options: options)
            let envelope = Conformance.envelope(of: outcome)
            XCTAssertEqual(outcome.ok, outcome.errors.isEmpty, vector.id)
            assertMatches(vector, envelope, "check")

            var document: [(String, JSON)] = [("request_text", .text(requestJson))]
            if let context { document.append(("context", context)) }
            if let value = input["options"] { document.append(("options", value)) }
            if let value = input["headers"] { document.append(("headers", value)) }
            let viaJson = try JSON.parse(try checkJson(doc: JSON.object(document).description))
            XCTAssert(envelope == viaJson, "\(vector.id): typed check and checkJson differ\n  typed: \(envelope)\n  json:  \(viaJson)")

            if let contextJson {
                let prepared = try Context(contextJson: contextJson)
                XCTAssertEqual(try prepared.check(requestJson: requestJson, options: options), outcome, "\(vector.id): Context.check")
                // Its own errors are among the check's, in order (unless maxIssues cut them).
                let own = prepared.errors()
                if !outcome.errors.contains(where: { $0.error == .tooManyIssues }) {
                    XCTAssertEqual(own, outcome.errors.filter { own.contains($0) }, "\(vector.id): Context.errors")
                }
                XCTAssertEqual(prepared.ok(), own.isEmpty)
                withContext += 1
            }
            checked += 1
        }
        print("check: \(checked) vectors (\(withContext) also through Context.check); skipped \(skipped.count): \(skipped)")
        XCTAssertGreaterThanOrEqual(checked, 100)
        XCTAssertGreaterThanOrEqual(withContext, 30)
    }

    /// Every vector whose request maps onto a `SendRequest` record runs through
    /// `checkRequest` (and `Context.checkRequest` with its context) and must give exactly the
    /// `Outcome` the typed `check` gives for the request's JSON text.
    func testRequestRecordAnswersEveryVectorThatMapsOntoIt() throws {
        var mapped = 0
        var notMapped: [String: [String]] = [:]
        for vector in Conformance.vectors where !vector.onlyJson {
            guard let input = vector.input, let request = input["request"] else { continue }
            guard let options = Conformance.typedOptions(input).0 else { continue }
            let (record, whyNot) = Conformance.typedRequest(request)
            guard let record else { notMapped[whyNot!, default: []].append(vector.id); continue }
            let contextJson = input["context"]?.description
            let fromText = try check(requestJson: request.description, contextJson: contextJson, options: options)
            let fromRecord = try checkRequest(request: record, contextJson: contextJson, options: options)
            XCTAssertEqual(fromRecord, fromText, "\(vector.id): checkRequest differs from check")
            assertMatches(vector, Conformance.envelope(of: fromRecord), "checkRequest")
            if let contextJson {
                let prepared = try Context(contextJson: contextJson)
                XCTAssertEqual(try prepared.checkRequest(request: record, options: options), fromText,
                               "\(vector.id): Context.checkRequest differs from check")
            }
            mapped += 1
        }
        for (why, ids) in notMapped.sorted(by: { $0.key < $1.key }) {
            print("note: no SendRequest for \(ids.count) vector(s): \(why) (\(ids.prefix(5).joined(separator: ", ")))")
        }
        print("checkRequest: \(mapped) vectors")
        XCTAssertGreaterThanOrEqual(mapped, 100)
    }

    func testTheComparisonItselfCanFail() throws {
        let vector = Conformance.vectors.first { $0.id == "basics/missing-both-numbers" }!
        let wrong = try JSON.parse(#"{"data":null,"errors":[{"error":"MISSING_FIELD","in":"body","path":"/user_number","message":"","params":{}}],"warnings":[]}"#)
        XCTAssertFalse(Conformance.mismatches(wrong, vector.expect).isEmpty)
        XCTAssertNotEqual(try JSON.parse("600"), try JSON.parse("600.0"))
        XCTAssertEqual(try JSON.parse("1e3"), try JSON.parse("1000.0"))
        XCTAssertEqual(try JSON.parse(#"{"a":1,"b":[true]}"#), try JSON.parse(#"{"b":[true],"a":1}"#))
        XCTAssertNotEqual(try JSON.parse(#"{"a":"x"}"#), try JSON.parse(#"{"a":"y"}"#))
        XCTAssertEqual(try JSON.parse(#""\u00e9""#), JSON.text("é"))
        XCTAssertEqual(try JSON.parse(#"{"a":"\ud800"}"#).description, #"{"a":"\ud800"}"#)
        XCTAssertNil(Conformance.typedRequest(try JSON.parse(#"{"user_number":null}"#)).0)
        XCTAssertNil(Conformance.typedRequest(try JSON.parse(#"{"colour":"red"}"#)).0)
        XCTAssertNil(Conformance.typedRequest(try JSON.parse(#"{"time_out":600.0}"#)).0)
        XCTAssertNotNil(Conformance.typedRequest(try JSON.parse(#"{"time_out":600.5,"metadata":{"a":[1]}}"#)).0)
    }
}
