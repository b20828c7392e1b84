import Dispatch
import Foundation
import SmsRules
import XCTest

/// The mobile surface beyond the vectors: typed records, segments, fingerprint, schema, the
/// errors a call throws, and calls from many threads.
final class ApiTests: XCTestCase {
    let valid = #"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi there"}"#

    func places(_ issues: [Issue]) -> [String] {
        issues.map { "\($0.location.wireName()) \($0.path) \($0.error.wireName())" }
    }

    func plan(_ outcome: Outcome, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        try JSON.parse(try XCTUnwrap(outcome.planJson, file: file, line: line))
    }

    func testAValidRequestGivesAPlanAndNoErrors() throws {
        let outcome = try check(requestJson: valid, contextJson: nil, options: Options())
        XCTAssertTrue(outcome.ok)
        XCTAssertEqual(outcome.errors, [])
        XCTAssertEqual(try plan(outcome)["user_number"]?.stringValue, "+14155552671")
    }

    func testABodyThatIsNotJsonIsAnIssueNotAnError() throws {
        let outcome = try check(requestJson: #"{"user_number":"#, contextJson: nil, options: Options())
        XCTAssertFalse(outcome.ok)
        XCTAssertNil(outcome.planJson)
        XCTAssertEqual(places(outcome.errors), ["body  INVALID_JSON"])
    }

    func testAContextThatIsNotJsonThrowsInvalidArgument() throws {
        XCTAssertThrowsError(try check(requestJson: valid, contextJson: #"{"number": {"phone_number": +14155550000}"#, options: Options())) { error in
            guard case SmsRulesError.InvalidArgument(let argument, let reason) = error else {
                return XCTFail("expected InvalidArgument, got \(error)")
            }
            XCTAssertEqual(argument, "contextJson")
            XCTAssertTrue(reason.contains("line 1"), reason)
            XCTAssertFalse("\(error)".contains("4155550000"), "the error must not quote the input")
            XCTAssertFalse(error.localizedDescription.contains("4155550000"))
        }
        // The library is still usable after the error.
        XCTAssertTrue(try check(requestJson: valid, contextJson: nil, options: Options()).ok)
        XCTAssertThrowsError(try check(requestJson: valid, contextJson: "", options: Options()))
    }

    func testAContextThatIsJsonButMalformedIsAnIssue() throws {
        let outcome = try check(requestJson: valid, contextJson: "[1]", options: Options())
        XCTAssertEqual(places(outcome.errors), ["context  INVALID_CONTEXT"])
        let deep = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        XCTAssertFalse(try check(requestJson: valid, contextJson: #"{"now": \#(deep)}"#, options: Options()).ok)
    }

    func testANullContextIsNoContext() throws {
        XCTAssertEqual(try check(requestJson: valid, contextJson: nil, options: Options()),
                       try check(requestJson: valid, contextJson: "null", options: Options()))
    }

    func testOptionsReachTheCore() throws {
        let unknown = #"{"user_number":"+14155552671","agent_number":"+14155550000","colour":"red"}"#
        XCTAssertEqual(try check(requestJson: unknown, contextJson: nil, options: Options()).warnings.map(\.error), [.unknownField])
        let strict = try check(requestJson: unknown, contextJson: nil, options: Options(unknownFields: .error))
        XCTAssertEqual(places(strict.errors), ["body /colour UNKNOWN_FIELD"])
        XCTAssertEqual(try check(requestJson: unknown, contextJson: nil, options: Options(unknownFields: .ignore)).warnings, [])

        let lenient = #"{"user_number":"(415) 555-2671","agent_number":"+14155550000"}"#
        XCTAssertEqual(try check(requestJson: lenient, contextJson: nil, options: Options()).errors.map(\.error), [.invalidPhoneNumber])
        let normalised = try check(requestJson: lenient, contextJson: nil, options: Options(phoneInput: .lenient, defaultRegion: "US"))
        XCTAssertTrue(normalised.ok, "\(normalised)")
        XCTAssertEqual(normalised.warnings.map(\.error), [.phoneNormalized])
        XCTAssertEqual(try plan(normalised)["user_number"]?.stringValue, "+14155552671")
    }

    func testMaxIssuesCapsTheListWithTooManyIssues() throws {
        let outcome = try check(requestJson: #"{"user_number": 1, "agent_number": 2, "channel": "fax"}"#, contextJson: nil, options: Options(maxIssues: 1))
        XCTAssertEqual(outcome.errors.count, 2)
        let last = try XCTUnwrap(outcome.errors.last)
        XCTAssertEqual(last.error, .tooManyIssues)
        XCTAssertEqual(last.location, .input)
        XCTAssertEqual(try JSON.parse(last.paramsJson)["omitted"], .number("2"))
        let invalid = try check(requestJson: valid, contextJson: nil, options: Options(maxIssues: 0))
        XCTAssertEqual(invalid.errors.map(\.error) + invalid.warnings.map(\.error), [.invalidOptions])
    }

    func testTheIdempotencyKeyBecomesTheHeader() throws {
        let bad = try check(requestJson: valid, contextJson: nil, options: Options(idempotencyKey: "order 42"))
        XCTAssertEqual(places(bad.errors), ["header /idempotency-key INVALID_IDEMPOTENCY_KEY"])
        let good = try check(requestJson: valid, contextJson: nil, options: Options(idempotencyKey: "order-42"))
        let idempotency = try plan(good)["idempotency"]
        XCTAssertEqual(idempotency?["key"]?.stringValue, "order-42")
        XCTAssertEqual(idempotency?["fingerprint"]?.stringValue, try fingerprint(requestJson: valid))
    }

    func testParamsArriveAsAJsonObject() throws {
        let outcome = try check(requestJson: #"{"user_number":"+1415","agent_number":"+14155550000"}"#, contextJson: nil, options: Options())
        XCTAssertEqual(outcome.errors.count, 1)
        XCTAssertEqual(outcome.errors.first?.error, .invalidPhoneNumber)
        XCTAssertEqual(try JSON.parse(outcome.errors[0].paramsJson)["reason"]?.stringValue, "TOO_SHORT")
        XCTAssertEqual(try check(requestJson: "{}", contextJson: nil, options: Options()).errors.first?.paramsJson, "{}")
    }

    func testTextCrossesTheFfiUnchanged() throws {
        let text = "Grüße 👋🏽 \u{0} ok"
        let request = #"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"\#(JSON.escape(text))"}"#
        let outcome = try check(requestJson: request, contextJson: nil, options: Options())
        XCTAssertTrue(outcome.ok, "\(outcome)")
        XCTAssertEqual(try plan(outcome)["message"]?["text"]?.stringValue, text)
        let big = #"{"user_number":"+14155552671","agent_number":"+14155550000","metadata":{"x":"\#(String(repeating: "a", count: 1_100_000))"}}"#
        XCTAssertEqual(try check(requestJson: big, contextJson: nil, options: Options()).errors.first?.error, .payloadTooLarge)
    }

    func testCheckJsonJudgesAnyTextAndNeverThrowsForBadData() throws {
        for doc in ["", "not json", "[]", #"{"request": {}, "request_text": "{}"}"#] {
            let envelope = try checkJson(doc: doc)
            XCTAssertTrue(envelope.contains("INVALID_INPUT"), "\(doc) -> \(envelope)")
        }
        XCTAssertTrue(try checkJson(doc: #"{"request": 1}"#).contains("INVALID_TYPE"))
    }

    func testSegmentsCountsGsm7AndUcs2() throws {
        XCTAssertEqual(try segments(text: "Hello"), Segments(encoding: .gsm7, units: 5, segments: 1, ucs2Chars: []))
        XCTAssertEqual(try segments(text: "€"), Segments(encoding: .gsm7, units: 2, segments: 1, ucs2Chars: []))
        XCTAssertEqual(try segments(text: String(repeating: "a", count: 161)), Segments(encoding: .gsm7, units: 161, segments: 2, ucs2Chars: []))
        XCTAssertEqual(try segments(text: "Hi 👋"), Segments(encoding: .ucs2, units: 5, segments: 1, ucs2Chars: ["👋"]))
        // Distinct grapheme clusters in order of first appearance; é is GSM-7, ✓ is not.
        XCTAssertEqual(try segments(text: "👍🏽 é ✓ 👍🏽 ✓").ucs2Chars, ["👍🏽", "✓"])
        let long = try segments(text: String(repeating: "x", count: 10_000))
        XCTAssertEqual(long.units, 10_000)
        XCTAssertEqual(long.segments, 66) // 153 septets a segment
    }

    func testFingerprintIsTheSha256OfTheCanonicalForm() throws {
        // sha256 of {"a":1,"b":[true,null,"é"]} (RFC 8785 form of the text below).
        XCTAssertEqual(try fingerprint(requestJson: #"{ "b": [true, null, "\u00e9"], "a": 1.0 }"#),
                       "sha256:" + Sha256.hex(Array(#"{"a":1,"b":[true,null,"é"]}"#.utf8)))
        XCTAssertEqual(Sha256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertThrowsError(try fingerprint(requestJson: "{")) { error in
            guard case SmsRulesError.InvalidArgument(let argument, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(argument, "requestJson")
        }
        XCTAssertThrowsError(try fingerprint(requestJson: #"{"a":"\ud800"}"#))
    }

    func testTheSchemaAndTheMetadataVersionAreThere() throws {
        let schema = try JSON.parse(jsonSchema())
        XCTAssertNotNil(schema["properties"]?["user_number"])
        XCTAssertFalse(phoneMetadataVersion().isEmpty)
    }

    func testEnumNamesAreTheWireSpellingsAndMeaningsTheCores() throws {
        let lists = try JSON.parse(file: Paths.specLists)
        let spec = (lists["error_codes"]!.elements! + lists["warning_codes"]!.elements!).compactMap(\.stringValue)
        XCTAssertEqual(Set(IssueCode.allCases.map { $0.wireName() }), Set(spec))
        for code in IssueCode.allCases {
            // Swift's case name is the wire spelling in lower camel case.
            let upperSnake = "\(code)".reduce(into: "") { out, character in
                if character.isUppercase { out += "_" }
                out += character.uppercased()
            }
            XCTAssertEqual(code.wireName(), upperSnake)
            XCTAssertFalse(code.meaning().isEmpty)
        }
        XCTAssertEqual(IssueCode.invalidTimeoutConfig.meaning(), "the effective warning_time is not below the effective time_out")
        XCTAssertEqual(IssueLocation.allCases.map { $0.wireName() }, ["body", "header", "context", "options", "input"])
    }

    func testCallsFromManyThreadsGiveTheSameAnswers() throws {
        let requests = (0..<64).map { i in
            i % 2 == 0 ? valid : #"{"user_number":"+1415555\#(1000 + i)","agent_number":"x\#(i)"}"#
        }
        let expected = try requests.map { try check(requestJson: $0, contextJson: nil, options: Options()) }
        let answers = Concurrent.map(requests) { try? check(requestJson: $0, contextJson: nil, options: Options()) }
        XCTAssertEqual(answers, expected)
    }
}

/// A value handed between threads under a lock.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T

    init(_ value: T) { self.value = value }

    func update(_ change: (inout T) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&value)
    }

    var current: T {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Runs `transform` over `items` on Dispatch's concurrent pool, keeping the order.
enum Concurrent {
    static func map<T, U>(_ items: [T], _ transform: @escaping (T) -> U) -> [U] {
        let results = Locked([U?](repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let value = transform(items[index])
            results.update { $0[index] = value }
        }
        return results.current.map { $0! }
    }
}

/// SHA-256 (FIPS 180-4), to check `fingerprint` against an independent digest (Linux has no
/// CryptoKit).
enum Sha256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8((bitLength >> UInt64(shift)) & 0xff)) }
        func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        for chunk in stride(from: 0, to: data.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 64)
            for i in 0..<16 {
                w[i] = (0..<4).reduce(0) { ($0 << 8) | UInt32(data[chunk + i * 4 + $1]) }
            }
            for i in 16..<64 {
                let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let t1 = hh &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, value) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ value }
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }
}
