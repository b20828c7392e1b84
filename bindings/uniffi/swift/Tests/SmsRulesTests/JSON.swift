import Foundation

/// A JSON value as the tests need it, which Foundation's JSONSerialization does not give:
/// object members in their order (the envelope's key order is part of the contract), numbers
/// as their own text (600 and 600.0 are different answers), and strings with their escapes
/// as written (so a document holding `"\ud800"` round-trips to the core unchanged).
indirect enum JSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// The number's text exactly as written.
    case number(String)
    /// The string's JSON text between its quotes, escapes as written.
    case string(raw: String)
    case array([JSON])
    case object([(String, JSON)])

    /// A string value from Swift text (escaped as JSON needs).
    static func text(_ value: String) -> JSON { .string(raw: JSON.escape(value)) }

    // MARK: reading

    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members.last(where: { $0.0 == key })?.1 }
        return nil
    }

    var members: [(String, JSON)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var keys: [String] { members?.map { $0.0 } ?? [] }

    var elements: [JSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    var isNull: Bool { self == .null }

    /// The decoded text of a string value; nil for other values and for a string holding a
    /// lone surrogate escape (Swift text cannot hold one).
    var stringValue: String? {
        if case .string(let raw) = self { return JSON.unescape(raw) }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    /// Compact JSON text (no whitespace), members in order.
    var description: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let raw): out += "\""; out += raw; out += "\""
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                out += "\""; out += JSON.escape(key); out += "\":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    // MARK: equality as serde_json's `Value ==` (the Rust runner's) has it

    /// Object keys in any order; a number is an integer (i64/u64 range, no fraction or
    /// exponent) or a double, equal only to a number of the same kind and value.
    static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return numberKey(x) == numberKey(y)
        case (.string(let x), .string(let y)):
            if let dx = unescape(x), let dy = unescape(y) { return dx == dy }
            return x == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case (.object(let x), .object(let y)):
            guard x.count == y.count, Set(x.map { $0.0 }) == Set(y.map { $0.0 }) else { return false }
            let right = Dictionary(y, uniquingKeysWith: { _, last in last })
            return x.allSatisfy { key, value in right[key].map { $0 == value } ?? false }
        default: return false
        }
    }

    private enum NumberKey: Equatable {
        case integer(negative: Bool, magnitude: UInt64)
        case double(Double)
    }

    private static func numberKey(_ text: String) -> NumberKey {
        let isInteger = !text.isEmpty && text.allSatisfy { $0 == "-" || $0.isASCII && $0.isNumber }
        if isInteger {
            if text.hasPrefix("-"), let magnitude = UInt64(text.dropFirst()), magnitude <= UInt64(Int64.max) + 1 {
                return magnitude == 0 ? .integer(negative: false, magnitude: 0) : .integer(negative: true, magnitude: magnitude)
            }
            if let magnitude = UInt64(text) { return .integer(negative: false, magnitude: magnitude) }
        }
        return .double(Double(text) ?? .nan)
    }

    // MARK: escaping

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The text a string's raw JSON form stands for; nil when it holds a lone surrogate.
    static func unescape(_ raw: String) -> String? {
        if !raw.contains("\\") { return raw }
        var out = String.UnicodeScalarView()
        var scalars = raw.unicodeScalars.makeIterator()
        var pendingHigh: UInt32?
        func hex4() -> UInt32? {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let s = scalars.next(), let digit = UInt32(String(s), radix: 16) else { return nil }
                value = value * 16 + digit
            }
            return value
        }
        while let scalar = scalars.next() {
            if scalar != "\\" {
                if pendingHigh != nil { return nil }
                out.append(scalar)
                continue
            }
            guard let kind = scalars.next() else { return nil }
            if kind != "u" {
                if pendingHigh != nil { return nil }
                switch kind {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                default: return nil
                }
                continue
            }
            guard let unit = hex4() else { return nil }
            if let high = pendingHigh {
                guard (0xDC00...0xDFFF).contains(unit) else { return nil }
                pendingHigh = nil
                guard let combined = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)) else { return nil }
                out.append(combined)
            } else if (0xD800...0xDBFF).contains(unit) {
                pendingHigh = unit
            } else if (0xDC00...0xDFFF).contains(unit) {
                return nil
            } else {
                guard let plain = Unicode.Scalar(unit) else { return nil }
                out.append(plain)
            }
        }
        return pendingHigh == nil ? String(out) : nil
    }

    // MARK: parsing

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses JSON text; nesting past `maxDepth` is an error (the parser recurses).
    static func parse(_ text: String, maxDepth: Int = 512) throws -> JSON {
        var parser = Parser(bytes: Array(text.utf8), maxDepth: maxDepth)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw ParseError(description: "trailing text at \(parser.index)") }
        return value
    }

    static func parse(file url: URL) throws -> JSON {
        try parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var index = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func fail(_ what: String) -> ParseError { ParseError(description: "\(what) at byte \(index)") }

        mutating func literal(_ word: String, _ value: JSON) throws -> JSON {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { throw fail("bad literal") }
            index += utf8.count
            return value
        }

        mutating func rawString() throws -> String {
            index += 1 // the opening quote
            let start = index
            while index < bytes.count, bytes[index] != 0x22 {
                index += bytes[index] == 0x5C ? 2 : 1
            }
            guard index < bytes.count else { throw fail("unterminated string") }
            let raw = String(decoding: bytes[start..<index], as: UTF8.self)
            index += 1
            return raw
        }

        mutating func value(depth: Int) throws -> JSON {
            guard index < bytes.count else { throw fail("unexpected end") }
            switch bytes[index] {
            case 0x6E: return try literal("null", .null)
            case 0x74: return try literal("true", .bool(true))
            case 0x66: return try literal("false", .bool(false))
            case 0x22: return .string(raw: try rawString())
            case 0x5B:
                guard depth < maxDepth else { throw fail("too deep") }
                index += 1
                var elements: [JSON] = []
                skipSpace()
                if index < bytes.count, bytes[index] == 0x5D { index += 1; return .array(elements) }
                while true {
                    skipSpace()
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw fail("unterminated array") }
                    if bytes[index] == 0x2C { index += 1; continue }
                    if bytes[index] == 0x5D { index += 1; return .array(elements) }
                    throw fail("expected , or ]")
                }
            case 0x7B:
                guard depth < maxDepth else { throw fail("too deep") }
                index += 1
                var members: [(String, JSON)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == 0x7D { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x22 else { throw fail("expected a key") }
                    let raw = try rawString()
                    let key = JSON.unescape(raw) ?? raw
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x3A else { throw fail("expected :") }
                    index += 1
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else { throw fail("unterminated object") }
                    if bytes[index] == 0x2C { index += 1; continue }
                    if bytes[index] == 0x7D { index += 1; return .object(members) }
                    throw fail("expected , or }")
                }
            default:
                let start = index
                while index < bytes.count, "-+.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                guard index > start else { throw fail("unexpected byte") }
                return .number(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }
    }
}
