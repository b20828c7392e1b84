import Foundation
import SmsRules
import XCTest

/// `SendRequest` beside the JSON text: the same answers, its misuse, and Codable.
final class RequestRecordTests: XCTestCase {
    let numbers = SendRequest(userNumber: "+14155552671", agentNumber: "+14155550000")

    func testARecordAnswersAsItsJsonText() throws {
        let record = SendRequest(
            userNumber: "+14155552671", agentNumber: "+14155550000", agentMessage: "Your order has shipped!",
            requestDataJson: #"{"order": 42}"#, personaId: "0b1e3c1a-5f43-4c52-9f5e-2f1b7d0c9a11",
            personaSettings: PersonaSettings(pathwayId: "pw-1", pathwayVersion: 3),
            webhook: "https://example.com/hook", metadataJson: #"{"source": "app"}"#,
            dispositionIds: ["d1", "d1"], channel: "sms", timeOut: 600, warningTime: 300.5)
        let text = #"""
            {"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Your order has shipped!",
             "request_data":{"order":42},"persona_id":"0b1e3c1a-5f43-4c52-9f5e-2f1b7d0c9a11",
             "persona_settings":{"pathway_id":"pw-1","pathway_version":3},"webhook":"https://example.com/hook",
             "metadata":{"source":"app"},"disposition_ids":["d1","d1"],"channel":"sms","time_out":600,"warning_time":300.5}
            """#
        let options = Options(idempotencyKey: "order-42")
        let fromRecord = try checkRequest(request: record, contextJson: nil, options: options)
        XCTAssertEqual(fromRecord, try check(requestJson: text, contextJson: nil, options: options))
        XCTAssertTrue(fromRecord.ok, "\(fromRecord)")
        XCTAssertTrue(fromRecord.warnings.contains { $0.error == .duplicateId }, "\(fromRecord.warnings)")
        // The idempotency fingerprint is the one of the JSON text the record stands for.
        let plan = try JSON.parse(XCTUnwrap(fromRecord.planJson))
        XCTAssertEqual(plan["idempotency"]?["fingerprint"]?.stringValue, try fingerprint(requestJson: text))
    }

    func testAMissingNumberIsAnIssueAsFromJson() throws {
        let outcome = try checkRequest(request: SendRequest(agentNumber: "+14155550000"), contextJson: nil, options: Options())
        XCTAssertEqual(outcome.errors.map { "\($0.path) \($0.error.wireName())" }, ["/user_number MISSING_FIELD"])
        XCTAssertEqual(outcome, try check(requestJson: #"{"agent_number":"+14155550000"}"#, contextJson: nil, options: Options()))
    }

    func testAJsonTextFieldThatIsNotJsonThrowsNamingTheField() {
        let cases: [(SendRequest, String)] = [
            (SendRequest(userNumber: "+14155552671", agentNumber: "+14155550000", requestDataJson: #"{"order": +14155550000"#), "request.requestDataJson"),
            (SendRequest(userNumber: "+14155552671", agentNumber: "+14155550000", metadataJson: "{"), "request.metadataJson"),
            (SendRequest(userNumber: "+14155552671", agentNumber: "+14155550000", contentVariablesJson: ""), "request.contentVariablesJson"),
        ]
        for (record, field) in cases {
            XCTAssertThrowsError(try checkRequest(request: record, contextJson: nil, options: Options())) { error in
                guard case SmsRulesError.InvalidArgument(let argument, let reason) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(argument, field)
                XCTAssertTrue(reason.hasPrefix("is not JSON"), reason)
                XCTAssertFalse("\(error)".contains("4155550000"))
            }
        }
        // A context that is not JSON throws as in check.
        XCTAssertThrowsError(try checkRequest(request: numbers, contextJson: "{", options: Options()))
    }

    func testSecondsThatAreNoJsonNumberAreIssuesNotCrashes() throws {
        for value in [Double.nan, .infinity, -.infinity] {
            let outcome = try checkRequest(request: SendRequest(userNumber: "+14155552671", agentNumber: "+14155550000", timeOut: value),
                                           contextJson: nil, options: Options())
            XCTAssertFalse(outcome.ok)
            XCTAssertEqual(outcome.errors.map(\.path), ["/time_out"])
        }
    }

    func testRecordsAreCodable() throws {
        let record = SendRequest(userNumber: "+14155552671", agentNumber: "+14155550000", agentMessage: "Hi",
                                 personaSettings: PersonaSettings(startNodeId: "n1"), dispositionIds: ["a"], timeOut: 60)
        let data = try JSONEncoder().encode(record)
        XCTAssertEqual(try JSONDecoder().decode(SendRequest.self, from: data), record)
        let options = Options(phoneInput: .lenient, defaultRegion: "US", maxIssues: 5)
        XCTAssertEqual(try JSONDecoder().decode(Options.self, from: try JSONEncoder().encode(options)), options)
        let outcome = try checkRequest(request: record, contextJson: nil, options: options)
        XCTAssertEqual(try JSONDecoder().decode(Outcome.self, from: try JSONEncoder().encode(outcome)), outcome)
    }
}
