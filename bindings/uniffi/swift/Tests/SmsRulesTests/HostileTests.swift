import Dispatch
import Foundation
import SmsRules
import XCTest

/// The hostile-input catalogue (tests/hostile/cases.json, format in its README) through
/// `checkJson`, one case at a time: the document text is built in memory and must get a
/// well-formed envelope meeting the case's `expect` and quoting no phone number or message
/// text of the input. Where the document maps onto the typed `check` (its request and
/// context passed as their own JSON text, its options and idempotency key as typed
/// `Options`), `check` must give the same envelope.
final class HostileTests: XCTestCase {
    struct Case {
        let id: String
        let why: String
        let parts: [JSON]
        let expect: JSON
        let pending: String?
    }

    /// A guard against hangs only, never a speed assertion (see the catalogue's README).
    static let hangGuardSeconds = 120.0
    /// Documents larger than this are not parsed by Swift for the typed entry point.
    static let parseLimit = 4 * 1024 * 1024
    static let documentKeys: Set<String> = ["request", "request_text", "context", "options", "headers"]

    static let cases: [Case] = {
        let list = try! JSON.parse(file: Paths.hostileCases).elements!
        return list.map { item in
            Case(id: item["id"]!.stringValue!, why: item["why"]?.stringValue ?? "", parts: item["parts"]!.elements!,
                 expect: item["expect"]!, pending: item["pending"]?.stringValue)
        }
    }()

    /// The document text of a case's parts.
    static func build(_ parts: [JSON]) -> String {
        var text = ""
        for part in parts {
            let times = Int(part["times"]?.numberText ?? "0") ?? 0
            if let piece = part["text"]?.stringValue {
                text += piece
            } else if let piece = part["repeat"]?.stringValue {
                text += String(repeating: piece, count: times)
            } else if let template = part["numbered"]?.stringValue {
                for k in 0..<times { text += template.replacingOccurrences(of: "{i}", with: String(k)) }
            } else {
                preconditionFailure("part \(part) has none of text, repeat, numbered")
            }
        }
        return text
    }

    /// Runs `call` on another thread, failing (instead of hanging the run) past the guard.
    func withHangGuard<T>(_ call: @escaping () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let answer = Locked<Result<T, Error>?>(nil)
        DispatchQueue.global().async {
            let result = Result { try call() }
            answer.update { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + Self.hangGuardSeconds) == .success, let result = answer.current else {
            throw Envelopes.Problem("no answer within the hang guard of \(Self.hangGuardSeconds) s")
        }
        return try result.get()
    }

    /// The Rust core's envelope for each case, by id (the core's `native_envelopes` example).
    static let nativeEnvelopes: [String: String] = {
        guard let answers = try? JSON.parse(file: Paths.rustEnvelopes)["hostile"]?.elements else { return [:] }
        var byId: [String: String] = [:]
        for answer in answers {
            if let id = answer["id"]?.stringValue, let envelope = answer["envelope"]?.stringValue { byId[id] = envelope }
        }
        return byId
    }()

    func testTheCatalogueLoads() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 100)
        XCTAssertEqual(Set(Self.cases.map(\.id)).count, Self.cases.count, "case ids must be unique")
        XCTAssertTrue(Self.cases.allSatisfy { !$0.why.isEmpty }, "every case says `why`")
    }

    func testEveryHostileCase() throws {
        var compared = 0
        var skipped: [String: [String]] = [:]
        for hostile in Self.cases {
            var problems: [String] = []
            var expected: [String] = []
            let started = DispatchTime.now()
            let whyNotCompared = runCase(hostile, &problems, &expected)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            if seconds > 1 { print("note: \(hostile.id) took \(String(format: "%.1f", seconds)) s (debug builds; not a speed test)") }
            if let whyNotCompared { skipped[whyNotCompared, default: []].append(hostile.id) } else { compared += 1 }
            if let pending = hostile.pending {
                print(expected.isEmpty ? "note: \(hostile.id): passes now; drop its `pending`" : "note: \(hostile.id) (pending: \(pending)): \(expected)")
            } else {
                problems += expected
            }
            XCTAssert(problems.isEmpty, "\(hostile.id): \(hostile.why)\n  " + problems.joined(separator: "\n  "))
        }
        for (why, ids) in skipped.sorted(by: { $0.key < $1.key }) {
            print("note: check not compared for \(ids.count) case(s): \(why) (\(ids.prefix(8).joined(separator: ", "))\(ids.count > 8 ? ", …" : ""))")
        }
        print("hostile: \(Self.cases.count) cases through checkJson, \(compared) also through check")
        XCTAssertGreaterThanOrEqual(compared, 50, "only \(compared) cases ran through check")
    }

    /// One case; returns why the typed `check` was not compared, or nil when it was.
    private func runCase(_ hostile: Case, _ problems: inout [String], _ expected: inout [String]) -> String? {
        let text = Self.build(hostile.parts)
        let answer: String
        do {
            answer = try withHangGuard { try checkJson(doc: text) }
        } catch {
            problems.append("checkJson did not answer: \(error)")
            return "checkJson did not answer"
        }
        // The binding adds nothing of its own: its answer is the Rust core's, byte for byte.
        if let native = Self.nativeEnvelopes[hostile.id] {
            if answer != native { problems.append("checkJson differs from the Rust core's envelope: \(answer.prefix(300))") }
        } else {
            problems.append("rust-envelopes.json has no answer for this case (run-tests.sh writes it)")
        }
        let envelope: JSON
        do {
            envelope = try JSON.parse(answer)
        } catch {
            problems.append("the envelope is not JSON (\(error)): \(answer.prefix(300))")
            return "the envelope is not JSON"
        }
        expected += Envelopes.shapeProblems(envelope)
        if expected.isEmpty { expected += Envelopes.expectationProblems(hostile.expect, envelope) }
        let readable = text.utf8.count <= Self.parseLimit && !Envelopes.documentUnreadable(envelope)
        let members = readable ? Envelopes.topLevelMembers(text) : nil
        let document: [String: JSON]? = members.map { list in
            var parsed: [String: JSON] = [:]
            for (key, raw) in list { if let value = try? JSON.parse(raw) { parsed[key] = value } }
            return parsed
        }
        problems += Envelopes.leaks(text, envelope, document)

        guard readable else { return text.utf8.count > Self.parseLimit ? "the document is over 4 MiB" : "the core cannot read the document (INVALID_INPUT at \"\")" }
        guard let members, let document else { return "the document is not an object" }
        let names = members.map(\.0)
        if Set(names).count != names.count { return "a top-level key repeats" }
        let unknown = names.filter { !Self.documentKeys.contains($0) }
        if !unknown.isEmpty { return "top-level keys \(unknown.prefix(3)) have no argument" }
        let raw = Dictionary(members, uniquingKeysWith: { _, last in last })
        let request: String
        if raw["request"] != nil && raw["request_text"] != nil { return "the document holds both request and request_text" }
        if let value = raw["request"] {
            guard value.hasPrefix("{") else { return "the request is not an object" }
            request = value
        } else {
            guard let value = document["request_text"]?.stringValue else { return "request_text is not a string of Unicode text" }
            request = value
        }
        var context = raw["context"]
        if context == "null" { context = nil }
        if let context, !context.hasPrefix("{") { return "context is not an object or null" }
        for part in ["options", "headers"] where raw[part] != nil && document[part] == nil {
            return "\(part) nests too deep for the test's parser"
        }
        var optionsDocument: [(String, JSON)] = []
        for part in ["options", "headers"] { if let value = document[part] { optionsDocument.append((part, value)) } }
        if optionsDocument.contains(where: { Envelopes.holdsLoneSurrogate($0.1) }) { return "an option or header holds a lone surrogate" }
        let (typedOptions, whyNot) = Conformance.typedOptions(.object(optionsDocument))
        guard let options = typedOptions else { return "options or headers have no typed form (\(whyNot!.components(separatedBy: "=")[0]))" }

        var found: [String] = []
        do {
            let outcome = try withHangGuard { try check(requestJson: request, contextJson: context, options: options) }
            let typed = Conformance.envelope(of: outcome)
            found += Envelopes.shapeProblems(typed).map { "check: \($0)" }
            if outcome.ok != outcome.errors.isEmpty { found.append("check: ok is not true exactly when there are no errors") }
            if typed != envelope { found.append("check gives another envelope than checkJson: \(typed.description.prefix(600))") }
        } catch {
            found.append("check threw \(error)")
        }
        // A pending case's envelope is known to be wrong, so check may differ until it is fixed.
        if hostile.pending != nil { expected += found } else { problems += found }
        return nil
    }

    func testTheChecksCanFail() throws {
        let good = try JSON.parse(try checkJson(doc: #"{"request":{"user_number":"+14155552671","agent_number":"+14155550000"}}"#))
        XCTAssertEqual(Envelopes.shapeProblems(good), [])
        XCTAssertEqual(Envelopes.expectationProblems(try JSON.parse(#"{"first_error":null}"#), good), [])
        XCTAssertFalse(Envelopes.expectationProblems(try JSON.parse(#"{"first_error":["body","","INVALID_JSON"]}"#), good).isEmpty)
        XCTAssertFalse(Envelopes.expectationProblems(try JSON.parse(#"{"first_error":null,"warning_count":1}"#), good).isEmpty)
        let bad = try JSON.parse(try checkJson(doc: #"{"request":{"user_number":"+1","agent_number":2,"x":1}}"#))
        XCTAssertEqual(Envelopes.shapeProblems(bad), [])
        XCTAssertEqual(Envelopes.expectationProblems(try JSON.parse(#"{"first_error":[null,null,"INVALID_TYPE"],"error_count":2}"#), bad), [])
        XCTAssertFalse(Envelopes.expectationProblems(try JSON.parse(#"{"first_error":["body","/agent_number",null,{"expected":"nope"}]}"#), bad).isEmpty)
        let errors = bad["errors"]!.elements!
        func withErrors(_ list: [JSON]) -> JSON {
            .object(bad.members!.map { $0.0 == "errors" ? ("errors", .array(list)) : $0 })
        }
        func firstWith(_ key: String, _ value: String) -> JSON {
            .object(errors[0].members!.map { $0.0 == key ? (key, .text(value)) : $0 })
        }
        XCTAssertTrue(Envelopes.shapeProblems(withErrors(errors.reversed())).contains { $0.contains("out of order") })
        XCTAssertFalse(Envelopes.shapeProblems(withErrors([])).isEmpty)
        XCTAssertFalse(Envelopes.shapeProblems(withErrors([firstWith("message", "Bad")])).isEmpty)
        XCTAssertFalse(Envelopes.shapeProblems(withErrors([firstWith("path", "a/b")])).isEmpty)
        let leaked = withErrors([firstWith("message", "got +14155552671")])
        XCTAssertFalse(Envelopes.leaks(#"{"request":{"user_number":"+14155552671"}}"#, leaked, nil).isEmpty)
        XCTAssertEqual(Envelopes.topLevelMembers(#"{"request":{"a":[1,"]"]},"x":2}"#)?.map { "\($0.0)=\($0.1)" },
                       [#"request={"a":[1,"]"]}"#, "x=2"])
        XCTAssertEqual(Self.build([try JSON.parse(#"{"numbered":"k{i},","times":3}"#), try JSON.parse(#"{"repeat":"[","times":2}"#)]), "k0,k1,k2,[[")
    }
}

/// The envelope rules and the catalogue's expectations, as the Rust runner has them.
enum Envelopes {
    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The spec's codes and plan keys, one list for every surface (checked against the core).
    static let specLists: JSON = try! JSON.parse(file: Paths.specLists)
    static let errorCodes = Set(specLists["error_codes"]!.elements!.compactMap(\.stringValue))
    static let warningCodes = Set(specLists["warning_codes"]!.elements!.compactMap(\.stringValue))
    static let planKeys = specLists["plan_keys"]!.elements!.compactMap(\.stringValue)
    static let issueKeys = ["error", "in", "path", "message", "params"]
    static let locations: Set<String> = ["body", "header", "context", "options", "input"]
    /// The shortest message text worth looking for inside issue messages.
    static let textChars = 3
    /// Longer message texts are not looked for (a 1,000,000-character text is not quoted whole).
    static let textLookupLimit = 10_000

    /// RFC 6901: `""`, or `/`-separated tokens in which `~` is always followed by `0` or `1`.
    static func isPointer(_ path: String) -> Bool {
        if path.isEmpty { return true }
        guard path.hasPrefix("/") else { return false }
        let scalars = Array(path.unicodeScalars)
        for (i, scalar) in scalars.enumerated() where scalar == "~" {
            guard i + 1 < scalars.count, scalars[i + 1] == "0" || scalars[i + 1] == "1" else { return false }
        }
        return true
    }

    /// The issue order: (`in`, `path`, `error`), comparing UTF-8 bytes.
    static func compare(_ a: JSON, _ b: JSON) -> Int {
        for key in ["in", "path", "error"] {
            let x = Array((a[key]?.stringValue ?? "").utf8), y = Array((b[key]?.stringValue ?? "").utf8)
            if x.lexicographicallyPrecedes(y) { return -1 }
            if y.lexicographicallyPrecedes(x) { return 1 }
        }
        return 0
    }

    static func listProblems(_ name: String, _ issues: [JSON], _ codes: Set<String>) -> [String] {
        var found: [String] = []
        var previous: JSON?
        for (index, issue) in issues.enumerated() {
            let at = "\(name)[\(index)]"
            guard issue.keys == issueKeys else {
                found.append("\(at) is not an issue with keys \(issueKeys): \(issue.description.prefix(300))")
                continue
            }
            guard let code = issue["error"]?.stringValue, let location = issue["in"]?.stringValue,
                  let path = issue["path"]?.stringValue, let message = issue["message"]?.stringValue else {
                found.append("\(at) lacks a string error, in, path or message")
                continue
            }
            if !codes.contains(code) { found.append("\(at): \(code) is not a code for \(name)") }
            if !locations.contains(location) { found.append("\(at): `in` is \(location)") }
            if !isPointer(path) { found.append("\(at): path \(path.prefix(80)) is not an RFC 6901 pointer") }
            if message.isEmpty || message.first!.isUppercase || message.contains("\n") || message.contains("\r") {
                found.append("\(at): message \"\(message)\" is not one non-empty line starting lower-case")
            }
            if issue["params"]?.members == nil { found.append("\(at): params is not an object") }
            if code == "TOO_MANY_ISSUES" {
                let omitted = Int(issue["params"]?["omitted"]?.numberText ?? "0") ?? 0
                if index + 1 != issues.count || location != "input" || path != "" || omitted <= 0 {
                    found.append("\(at): TOO_MANY_ISSUES must come last, in input at \"\", with params.omitted > 0")
                }
                continue
            }
            if let previous, compare(previous, issue) > 0 {
                found.append("\(at) [\(location), \(path.prefix(80)), \(code)] is out of order")
            }
            previous = issue
        }
        return found
    }

    /// Every way an envelope breaks the envelope rules (empty when it is well formed).
    static func shapeProblems(_ envelope: JSON) -> [String] {
        guard envelope.members != nil else { return ["the envelope is not an object"] }
        var found: [String] = []
        if envelope.keys != ["data", "errors", "warnings"] {
            found.append("the envelope's keys are \(envelope.keys), not [data, errors, warnings]")
        }
        let errors = envelope["errors"] ?? .null
        if let list = errors.elements {
            if list.isEmpty { found.append("errors is [] (must be null when empty)") } else { found += listProblems("errors", list, errorCodes) }
        } else if !errors.isNull {
            found.append("errors is neither null nor a list")
        }
        if let warnings = envelope["warnings"]?.elements {
            found += listProblems("warnings", warnings, warningCodes)
        } else {
            found.append("warnings is not a list")
        }
        let data = envelope["data"] ?? .null
        if let list = errors.elements, !list.isEmpty {
            if !data.isNull { found.append("data is not null although there are errors") }
        } else if data.members == nil {
            found.append("data is not a plan although there are no errors")
        } else {
            if data.keys != planKeys { found.append("the plan's keys are \(data.keys), not the spec's") }
            let fingerprint = data["idempotency"]?["fingerprint"]?.stringValue ?? ""
            let hex = fingerprint.dropFirst("sha256:".count)
            if !fingerprint.hasPrefix("sha256:") || hex.count != 64 || !hex.allSatisfy({ "0123456789abcdef".contains($0) }) {
                found.append("plan.idempotency.fingerprint is \(fingerprint)")
            }
        }
        return found
    }

    static func issueMatches(_ issue: JSON, _ want: [JSON]) -> Bool {
        guard want.count >= 3 else { return false }
        for (wanted, key) in zip(want.prefix(3), ["in", "path", "error"]) where !wanted.isNull {
            if issue[key] != wanted { return false }
        }
        guard want.count > 3, let params = want[3].members else { return want.count == 3 }
        guard let actual = issue["params"], actual.members != nil else { return false }
        return params.allSatisfy { key, value in actual[key].map { $0 == value } ?? false }
    }

    static func describe(_ issues: [JSON]) -> String {
        let shown = issues.prefix(3).map { i in
            "[\(i["in"]?.stringValue ?? "?"), \(i["path"]?.stringValue?.prefix(80) ?? "?"), \(i["error"]?.stringValue ?? "?"), \(i["params"]?.description ?? "?")]"
        }
        return "\(issues.count) issue(s), first \(shown)"
    }

    /// Every way an envelope misses a case's `expect`.
    static func expectationProblems(_ expect: JSON, _ envelope: JSON) -> [String] {
        var found: [String] = []
        let errors = envelope["errors"]?.elements ?? []
        let warnings = envelope["warnings"]?.elements ?? []
        if let first = expect["first_error"] {
            if first.isNull {
                if !errors.isEmpty { found.append("expected no errors, got \(describe(errors))") }
            } else if errors.isEmpty || !issueMatches(errors[0], first.elements ?? []) {
                found.append("expected first error \(first), got \(describe(errors))")
            }
        } else {
            found.append("the case has no `first_error`")
        }
        if let first = expect["first_warning"], warnings.isEmpty || !issueMatches(warnings[0], first.elements ?? []) {
            found.append("expected first warning \(first), got \(describe(warnings))")
        }
        for (key, issues) in [("error_count", errors), ("warning_count", warnings)] {
            guard let want = expect[key]?.numberText.flatMap({ Int($0) }) else { continue }
            if issues.count != want { found.append("expected \(want) for \(key), got \(describe(issues))") }
        }
        return found
    }

    static func messages(_ envelope: JSON) -> [String] {
        ["errors", "warnings"].flatMap { name in (envelope[name]?.elements ?? []).compactMap { $0["message"]?.stringValue } }
    }

    /// `+` and seven or more ASCII digits, as found in `message`.
    static func phoneNumbers(in message: String) -> [String] {
        var found: [String] = []
        let scalars = Array(message.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "+" {
                var j = i + 1
                while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
                if j - i - 1 >= 7 { found.append(String(String.UnicodeScalarView(scalars[i..<j]))) }
                i = j
            } else {
                i += 1
            }
        }
        return found
    }

    /// Issue messages that quote a phone number of the input, or the request's message text.
    static func leaks(_ text: String, _ envelope: JSON, _ document: [String: JSON]?) -> [String] {
        var found: [String] = []
        for message in messages(envelope) {
            for number in phoneNumbers(in: message) where text.contains(number) {
                found.append("message \"\(message)\" quotes phone number \(number)")
            }
        }
        var body: JSON?
        if let requestText = document?["request_text"]?.stringValue {
            body = try? JSON.parse(requestText)
        } else {
            body = document?["request"]
        }
        if let agentMessage = body?["agent_message"]?.stringValue, (textChars...textLookupLimit).contains(agentMessage.count) {
            for message in messages(envelope) where message.contains(agentMessage) {
                found.append("message \"\(message)\" quotes the message text")
            }
        }
        return found
    }

    /// Whether the core could not read the document as JSON at all (`INVALID_INPUT` at `""`).
    static func documentUnreadable(_ envelope: JSON) -> Bool {
        (envelope["errors"]?.elements ?? []).contains { $0["error"]?.stringValue == "INVALID_INPUT" && $0["path"]?.stringValue == "" }
    }

    /// Whether any string (key or value) inside holds a lone surrogate escape.
    static func holdsLoneSurrogate(_ value: JSON) -> Bool {
        switch value {
        case .string: return value.stringValue == nil
        case .array(let elements): return elements.contains(where: holdsLoneSurrogate)
        // A key the parser could not decode keeps its escapes (a backslash).
        case .object(let members): return members.contains { $0.0.contains("\\") || holdsLoneSurrogate($0.1) }
        default: return false
        }
    }

    /// The top-level members of a JSON object's text as (key, the value's own text), in
    /// order; nil when the text is not an object. Iterative, so any nesting depth is fine; the
    /// text must be JSON (the caller asks the core first).
    static func topLevelMembers(_ text: String) -> [(String, String)]? {
        let bytes = Array(text.utf8)
        var i = 0
        func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        func skipString() {
            i += 1
            while i < bytes.count, bytes[i] != 0x22 { i += bytes[i] == 0x5C ? 2 : 1 }
            i += 1
        }
        func skipValue() {
            guard i < bytes.count else { return }
            switch bytes[i] {
            case 0x22: skipString()
            case 0x7B, 0x5B:
                var depth = 0
                repeat {
                    switch bytes[i] {
                    case 0x22: skipString(); continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D: depth -= 1
                    default: break
                    }
                    i += 1
                } while depth > 0 && i < bytes.count
            default:
                while i < bytes.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
            }
        }
        func slice(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self) }
        var members: [(String, String)] = []
        skipSpace()
        guard i < bytes.count, bytes[i] == 0x7B else { return nil }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == 0x7D { return members }
        while i < bytes.count {
            skipSpace()
            let keyStart = i
            guard i < bytes.count, bytes[i] == 0x22 else { return nil }
            skipString()
            guard let key = (try? JSON.parse(slice(keyStart, i)))?.stringValue else { return nil }
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x3A else { return nil }
            i += 1
            skipSpace()
            let valueStart = i
            skipValue()
            members.append((key, slice(valueStart, i)))
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x7D { return members }
            return nil
        }
        return nil
    }
}
