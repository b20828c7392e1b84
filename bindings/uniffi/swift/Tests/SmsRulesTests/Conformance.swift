import Foundation
import SmsRules

/// Where the shared test data lives: the repository (SMSRULES_REPO, set by
/// run-swift-tests.sh) and the Rust core's recorded envelopes (SMSRULES_RUST_ENVELOPES).
enum Paths {
    static func environment(_ name: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            fatalError("\(name) is not set (run the tests through bindings/uniffi/run-tests.sh)")
        }
        return value
    }

    static var repo: URL { URL(fileURLWithPath: environment("SMSRULES_REPO")) }
    static var vectors: URL { repo.appendingPathComponent("tests/conformance/vectors") }
    static var hostileCases: URL { repo.appendingPathComponent("tests/hostile/cases.json") }
    static var specLists: URL { repo.appendingPathComponent("tests/spec-lists.json") }
    static var readme: URL { repo.appendingPathComponent("bindings/uniffi/README.md") }
    static var rustEnvelopes: URL { URL(fileURLWithPath: environment("SMSRULES_RUST_ENVELOPES")) }
}

/// One case of tests/conformance/vectors (format: tests/conformance/README.md).
struct Vector {
    let file: String
    let id: String
    let body: JSON

    var onlyJson: Bool { body["only_json"]?.boolValue == true }
    var input: JSON? { body["input"].flatMap { $0.members != nil ? $0 : nil } }
    var expect: JSON { body["expect"] ?? .object([]) }

    /// The document text handed to `checkJson`: `input_text` as is, else `input` as JSON.
    var documentText: String {
        if let text = body["input_text"]?.stringValue { return text }
        return input?.description ?? ""
    }
}

enum Conformance {
    static let vectors: [Vector] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Paths.vectors.path))?
            .filter { $0.hasSuffix(".json") }.sorted() ?? []
        precondition(!files.isEmpty, "no vector files in \(Paths.vectors.path)")
        return files.flatMap { file -> [Vector] in
            let cases = try! JSON.parse(file: Paths.vectors.appendingPathComponent(file))
            return cases.elements!.map { Vector(file: file, id: $0["id"]!.stringValue!, body: $0) }
        }
    }()

    /// Every way `envelope` differs from `expect` (empty when it matches): complete ordered
    /// error and warning lists of [in, path, error] (+ a params subset), the listed plan
    /// fields exactly, and the envelope's own invariants.
    static func mismatches(_ envelope: JSON, _ expect: JSON) -> [String] {
        var problems: [String] = []
        let data = envelope["data"] ?? .null
        let errors = envelope["errors"] ?? .null
        if let list = errors.elements, list.isEmpty { problems.append("errors is [] instead of null") }
        guard let warnings = envelope["warnings"]?.elements else { return problems + ["warnings is not a list"] }
        let errorList = errors.elements ?? []
        if data.isNull == errorList.isEmpty { problems.append("data must be null exactly when there are errors") }
        problems += compareIssues("errors", errorList, expect["errors"]?.elements ?? [])
        problems += compareIssues("warnings", warnings, expect["warnings"]?.elements ?? [])
        if let plan = expect["plan"]?.members {
            if data.members == nil {
                problems.append("expected a plan, got data=\(data)")
            } else {
                for (field, want) in plan {
                    guard let got = data[field] else { problems.append("plan.\(field) is missing (expected \(want))"); continue }
                    if got != want { problems.append("plan.\(field): expected \(want), got \(got)") }
                }
            }
        }
        return problems
    }

    private static func compareIssues(_ name: String, _ actual: [JSON], _ expected: [JSON]) -> [String] {
        func triple(_ issue: JSON) -> String {
            ["in", "path", "error"].map { issue[$0]?.stringValue ?? "?" }.joined(separator: " ")
        }
        let got = actual.map(triple)
        let want = expected.map { entry in entry.elements!.prefix(3).map { $0.stringValue ?? "?" }.joined(separator: " ") }
        if got != want { return ["\(name): expected \(want), got \(got)"] }
        var problems: [String] = []
        for (index, entry) in expected.enumerated() {
            guard let list = entry.elements, list.count > 3, let params = list[3].members else { continue }
            let actualParams = actual[index]["params"] ?? .object([])
            for (key, value) in params where actualParams[key] != value {
                problems.append("\(name)[\(index)].params.\(key): expected \(value), got \(String(describing: actualParams[key]))")
            }
        }
        return problems
    }

    /// The envelope rebuilt from a typed outcome, for comparing with `checkJson`.
    static func envelope(of outcome: Outcome) -> JSON {
        func issues(_ list: [Issue]) -> JSON {
            .array(list.map { issue in
                .object([
                    ("error", .text(issue.error.wireName())),
                    ("in", .text(issue.location.wireName())),
                    ("path", .text(issue.path)),
                    ("message", .text(issue.message)),
                    ("params", try! JSON.parse(issue.paramsJson)),
                ])
            })
        }
        return .object([
            ("data", outcome.planJson.map { try! JSON.parse($0) } ?? .null),
            ("errors", outcome.errors.isEmpty ? .null : issues(outcome.errors)),
            ("warnings", issues(outcome.warnings)),
        ])
    }

    /// The typed `Options` a document's options and headers stand for, or the reason they
    /// cannot be written as typed options (an invalid enum value, an unknown option).
    static func typedOptions(_ input: JSON) -> (Options?, String?) {
        var unknownFields: UnknownFields?
        var phoneCheck: PhoneCheck?
        var phoneInput: PhoneInput?
        var defaultRegion: String?
        var maxIssues: UInt32?
        var idempotencyKey: String?
        if let raw = input["options"], !raw.isNull {
            guard let members = raw.members else { return (nil, "options is not an object") }
            for (key, value) in members {
                let text = value.stringValue
                switch key {
                case "unknown_fields":
                    switch text {
                    case "warn": unknownFields = .warn
                    case "error": unknownFields = .error
                    case "ignore": unknownFields = .ignore
                    default: return (nil, "unknown_fields=\(value) has no typed form")
                    }
                case "phone_check":
                    switch text {
                    case "valid": phoneCheck = .valid
                    case "possible": phoneCheck = .possible
                    case "e164": phoneCheck = .e164
                    default: return (nil, "phone_check=\(value) has no typed form")
                    }
                case "phone_input":
                    switch text {
                    case "strict": phoneInput = .strict
                    case "lenient": phoneInput = .lenient
                    default: return (nil, "phone_input=\(value) has no typed form")
                    }
                case "default_region":
                    guard let region = text else { return (nil, "default_region=\(value) has no typed form") }
                    defaultRegion = region
                case "max_issues":
                    guard let number = value.numberText, let max = UInt32(number) else {
                        return (nil, "max_issues=\(value) has no typed form")
                    }
                    maxIssues = max
                default:
                    return (nil, "option \(key) has no typed form")
                }
            }
        }
        if let headers = input["headers"], !headers.isNull {
            guard let members = headers.members else { return (nil, "headers is not an object") }
            for (name, value) in members {
                guard name == "idempotency-key" else { return (nil, "header \(name) has no typed form") }
                guard let key = value.stringValue else { return (nil, "idempotency-key=\(value) has no typed form") }
                idempotencyKey = key
            }
        }
        return (Options(unknownFields: unknownFields, phoneCheck: phoneCheck, phoneInput: phoneInput,
                        defaultRegion: defaultRegion, maxIssues: maxIssues, idempotencyKey: idempotencyKey), nil)
    }

    /// The `SendRequest` record a request object stands for, or the reason it has none: a
    /// field the record does not have, a value of a type its field cannot hold, an explicit
    /// `null` (an unset field is absent, which the fingerprint tells apart), a key written
    /// twice, or text Swift cannot hold (a lone surrogate).
    static func typedRequest(_ request: JSON) -> (SendRequest?, String?) {
        guard let members = request.members else { return (nil, "the request is not an object") }
        if Set(members.map { $0.0 }).count != members.count { return (nil, "a key repeats") }
        var fields: [String: JSON] = [:]
        for (key, value) in members {
            if value.isNull { return (nil, "\(key) is null") }
            fields[key] = value
        }
        func text(_ key: String) throws -> String? {
            guard let value = fields.removeValue(forKey: key) else { return nil }
            guard let text = value.stringValue else { throw Unmappable("\(key) is not a string of Unicode text") }
            return text
        }
        func integer(_ key: String, in object: inout [String: JSON]) throws -> Int64? {
            guard let value = object.removeValue(forKey: key) else { return nil }
            guard let number = value.numberText, let integer = Int64(number) else { throw Unmappable("\(key) is not an i64") }
            return integer
        }
        func seconds(_ key: String) throws -> Double? {
            guard let value = fields.removeValue(forKey: key) else { return nil }
            guard let number = value.numberText, let double = Double(number), double.isFinite else {
                throw Unmappable("\(key) is not a finite number")
            }
            // A whole number travels as an integer: only literals written that way map.
            let isWhole = double.rounded() == double && abs(double) <= 9_007_199_254_740_992
            let writtenWhole = Int64(number) != nil
            guard isWhole == writtenWhole else { throw Unmappable("\(key)=\(number) would travel as another number") }
            return double
        }
        func json(_ key: String) -> String? {
            fields.removeValue(forKey: key).map { $0.description }
        }
        func ids(_ key: String) throws -> [String]? {
            guard let value = fields.removeValue(forKey: key) else { return nil }
            guard let list = value.elements else { throw Unmappable("\(key) is not an array") }
            return try list.map { element in
                guard let id = element.stringValue else { throw Unmappable("\(key) holds a value that is not a string") }
                return id
            }
        }
        do {
            var settings: PersonaSettings?
            if let raw = fields.removeValue(forKey: "persona_settings") {
                guard var object = raw.members.map({ Dictionary($0, uniquingKeysWith: { _, last in last }) }),
                      object.count == raw.members!.count else {
                    throw Unmappable("persona_settings is not an object of distinct keys")
                }
                if object.values.contains(where: { $0.isNull }) { throw Unmappable("persona_settings holds a null") }
                func settingText(_ key: String) throws -> String? {
                    guard let value = object.removeValue(forKey: key) else { return nil }
                    guard let text = value.stringValue else { throw Unmappable("persona_settings.\(key) is not a string") }
                    return text
                }
                settings = PersonaSettings(
                    pathwayId: try settingText("pathway_id"),
                    pathwayVersion: try integer("pathway_version", in: &object),
                    startNodeId: try settingText("start_node_id"))
                if let extra = object.keys.first { throw Unmappable("persona_settings.\(extra) has no record field") }
            }
            let record = SendRequest(
                userNumber: try text("user_number"),
                agentNumber: try text("agent_number"),
                agentMessage: try text("agent_message"),
                requestDataJson: json("request_data"),
                newConversation: try {
                    guard let value = fields.removeValue(forKey: "new_conversation") else { return nil }
                    guard let flag = value.boolValue else { throw Unmappable("new_conversation is not a boolean") }
                    return flag
                }(),
                personaId: try text("persona_id"),
                personaVersion: try text("persona_version"),
                personaSettings: settings,
                pathwayId: try text("pathway_id"),
                pathwayVersion: try integer("pathway_version", in: &fields),
                startNodeId: try text("start_node_id"),
                webhook: try text("webhook"),
                metadataJson: json("metadata"),
                dispositionIds: try ids("disposition_ids"),
                citationSchemaIds: try ids("citation_schema_ids"),
                channel: try text("channel"),
                contentSid: try text("content_sid"),
                contentVariablesJson: json("content_variables"),
                timeOut: try seconds("time_out"),
                timeoutMessage: try text("timeout_message"),
                warningTime: try seconds("warning_time"),
                warningMessage: try text("warning_message"))
            if let extra = fields.keys.sorted().first { return (nil, "\(extra) has no record field") }
            return (record, nil)
        } catch let unmappable as Unmappable {
            return (nil, unmappable.reason)
        } catch {
            return (nil, "\(error)")
        }
    }

    struct Unmappable: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
