import Foundation

/// One line of a JSON-lines member: a JSON object read from bytes, strictly (RFC 8259), fast
/// enough for a million lines. Nested objects are checked and kept as their raw text.
struct JSONLine {
    enum Value: Equatable {
        case string(String)
        case int(Int64)
        case double(Double)
        case bool(Bool)
        case null
        case strings([String])
        /// An object or a mixed array, validated, as its JSON text.
        case raw(String)
    }

    private(set) var fields: [(key: String, value: Value)] = []
    /// The line as it came (valid UTF-8, checked while parsing).
    let text: String

    subscript(_ key: String) -> Value? { fields.first { $0.key == key }?.value }

    struct ParseError: Error { let message: String }

    init(_ bytes: UnsafeRawBufferPointer) throws(ParseError) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ParseError(message: "the line is not UTF-8") }
        self.text = text
        var p = Parser(bytes: bytes)
        p.skipSpace()
        guard p.peek == UInt8(ascii: "{") else { throw ParseError(message: "a line must be a JSON object") }
        p.i += 1
        p.skipSpace()
        if p.peek == UInt8(ascii: "}") {
            p.i += 1
        } else {
            while true {
                p.skipSpace()
                let key = try p.string()
                p.skipSpace()
                guard p.peek == UInt8(ascii: ":") else { throw ParseError(message: "expected `:` after \"\(key)\"") }
                p.i += 1
                let value = try p.value(depth: 0)
                if fields.contains(where: { $0.key == key }) { throw ParseError(message: "key \"\(key)\" appears twice") }
                fields.append((key, value))
                p.skipSpace()
                if p.peek == UInt8(ascii: ",") { p.i += 1; continue }
                guard p.peek == UInt8(ascii: "}") else { throw ParseError(message: "expected `,` or `}` after \"\(key)\"") }
                p.i += 1
                break
            }
        }
        p.skipSpace()
        guard p.i == bytes.count else { throw ParseError(message: "text after the object") }
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var i = 0
        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13 || bytes[i] == 10 { i += 1 }
        }

        mutating func value(depth: Int) throws(ParseError) -> Value {
            guard depth < 16 else { throw ParseError(message: "nested too deeply") }
            skipSpace()
            guard let b = peek else { throw ParseError(message: "a value is missing") }
            switch b {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let start = i
                if b == UInt8(ascii: "["), let strings = try stringArray() { return .strings(strings) }
                i = start
                try skipComposite(depth: depth)
                return .raw(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return try number()
            }
        }

        mutating func literal(_ word: StaticString) throws(ParseError) {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count, memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0 else { throw ParseError(message: "not a JSON value") }
            i += n
        }

        mutating func number() throws(ParseError) -> Value {
            let start = i
            var integer = true
            if peek == UInt8(ascii: "-") { i += 1 }
            guard let first = peek, first >= 48, first <= 57 else { throw ParseError(message: "not a JSON value") }
            if first == 48, i + 1 < bytes.count, bytes[i + 1] >= 48, bytes[i + 1] <= 57 { throw ParseError(message: "a number with a leading zero") }
            while let b = peek, (b >= 48 && b <= 57) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                    || ((b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) && i > start) {
                if !(b >= 48 && b <= 57) { integer = false }
                i += 1
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if integer, let v = Int64(text) { return .int(v) }
            guard let d = Double(text), d.isFinite else { throw ParseError(message: "a malformed number `\(text)`") }
            return .double(d)
        }

        mutating func string() throws(ParseError) -> String {
            guard peek == UInt8(ascii: "\"") else { throw ParseError(message: "expected a string") }
            i += 1
            let start = i
            var escaped = false
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { break }
                if b < 0x20 { throw ParseError(message: "a control character inside a string") }
                if b == UInt8(ascii: "\\") { escaped = true; i += 1 }
                i += 1
            }
            guard i < bytes.count else { throw ParseError(message: "an unterminated string") }
            let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
            i += 1
            guard let plain = String(validating: raw, as: UTF8.self) else { throw ParseError(message: "a string that is not UTF-8") }
            guard escaped else { return plain }
            // Escapes are rare in annotation text; Foundation decodes them exactly.
            guard let decoded = try? JSONSerialization.jsonObject(with: Data("\"\(plain)\"".utf8), options: .fragmentsAllowed) as? String else {
                throw ParseError(message: "a bad escape in a string")
            }
            return decoded
        }

        mutating func skipComposite(depth: Int) throws(ParseError) {
            let open = bytes[i], close: UInt8 = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipSpace()
            if peek == close { i += 1; return }
            while true {
                if open == UInt8(ascii: "{") {
                    skipSpace()
                    _ = try string()
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { throw ParseError(message: "expected `:` in an object") }
                    i += 1
                }
                _ = try value(depth: depth + 1)
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                guard peek == close else { throw ParseError(message: "an unclosed object or array") }
                i += 1
                return
            }
        }

        /// An array of strings (cues), or nil when it holds anything else.
        mutating func stringArray() throws(ParseError) -> [String]? {
            i += 1
            var strings: [String] = []
            skipSpace()
            if peek == UInt8(ascii: "]") { i += 1; return strings }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { return nil }
                strings.append(try string())
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                guard peek == UInt8(ascii: "]") else { return nil }
                i += 1
                return strings
            }
        }
    }
}
