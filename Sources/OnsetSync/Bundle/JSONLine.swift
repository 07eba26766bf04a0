import Foundation

/// One line of a JSON-lines member: a JSON object checked strictly (RFC 8259) and read lazily.
///
/// Parsing only notes where each value lies and what type it is; a value becomes a Swift value
/// when asked for. A bundle's million lines are validated without making a String for every
/// field. The line borrows its bytes: use it only while the buffer it was read from is alive.
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

    enum Kind: Equatable { case string, int, double, bool, null, strings, object, array }

    private struct Field {
        var key: Range<Int>
        var value: Range<Int>
        var kind: Kind
        /// A string value with escapes (decoded the slow way when asked for).
        var escaped: Bool
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var fields: [Field] = []

    struct ParseError: Error { let message: String }

    init(_ raw: UnsafeRawBufferPointer) throws(ParseError) {
        bytes = raw.bindMemory(to: UInt8.self)
        // Checked once for the whole line, so strings in it are only copied when asked for.
        guard Self.isASCII(raw) || String(validating: bytes, as: UTF8.self) != nil else { throw ParseError(message: "the line is not UTF-8") }
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
                let key = try p.string().range
                p.skipSpace()
                guard p.peek == UInt8(ascii: ":") else { throw ParseError(message: "expected `:` after a key") }
                p.i += 1
                p.skipSpace()
                let start = p.i
                let (kind, escaped) = try p.value(depth: 0)
                let field = Field(key: key, value: start..<p.i, kind: kind, escaped: escaped)
                if fields.contains(where: { bytes[$0.key].elementsEqual(bytes[key]) }) {
                    throw ParseError(message: "key \"\(String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self))\" appears twice")
                }
                fields.append(field)
                p.skipSpace()
                if p.peek == UInt8(ascii: ",") { p.i += 1; continue }
                guard p.peek == UInt8(ascii: "}") else { throw ParseError(message: "expected `,` or `}` after a value") }
                p.i += 1
                break
            }
        }
        p.skipSpace()
        guard p.i == bytes.count else { throw ParseError(message: "text after the object") }
    }

    /// The whole line as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    private func field(_ key: String) -> Field? {
        var key = key
        return key.withUTF8 { k in fields.first { f in f.key.count == k.count && bytes[f.key].elementsEqual(k) } }
    }

    /// The JSON type of a field, without reading its value.
    func kind(_ key: String) -> Kind? { field(key)?.kind }

    subscript(_ key: String) -> Value? {
        guard let f = field(key) else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[f.value])
        switch f.kind {
        case .string:
            let inner = UnsafeBufferPointer(rebasing: bytes[(f.value.lowerBound + 1)..<(f.value.upperBound - 1)])
            return .string(Self.decodeString(inner, escaped: f.escaped))
        case .int:
            var v: Int64 = 0
            var negative = false
            for b in slice {
                if b == UInt8(ascii: "-") { negative = true; continue }
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b - 48))
                if o1 || o2 { return .double(Double(String(decoding: slice, as: UTF8.self)) ?? .nan) }
                v = a
            }
            return .int(negative ? -v : v)
        case .double: return .double(Double(String(decoding: slice, as: UTF8.self)) ?? .nan)
        case .bool: return .bool(slice.first == UInt8(ascii: "t"))
        case .null: return .null
        case .strings:
            var strings: [String] = []
            var p = Parser(bytes: bytes)
            p.i = f.value.lowerBound + 1
            while true {
                p.skipSpace()
                guard p.peek == UInt8(ascii: "\"") else { break }
                guard let s = try? p.string() else { break }
                strings.append(Self.decodeString(UnsafeBufferPointer(rebasing: bytes[s.range]), escaped: s.escaped))
                p.skipSpace()
                if p.peek == UInt8(ascii: ",") { p.i += 1 } else { break }
            }
            return .strings(strings)
        case .object, .array: return .raw(String(decoding: slice, as: UTF8.self))
        }
    }

    /// A string's contents (between its quotes) as a String.
    static func decodeString(_ inner: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        let plain = String(decoding: inner, as: UTF8.self)
        guard escaped else { return plain }
        // Escapes are rare in annotation text; Foundation decodes them exactly (checked on parse).
        return (try? JSONSerialization.jsonObject(with: Data("\"\(plain)\"".utf8), options: .fragmentsAllowed) as? String) ?? plain
    }

    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        // Eight bytes at a time: annotation JSON is mostly ASCII.
        while i + 8 <= n {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13 || bytes[i] == 10 { i += 1 }
        }

        /// Checks one value; its type, and whether it is a string with escapes.
        mutating func value(depth: Int) throws(ParseError) -> (Kind, Bool) {
            guard depth < 16 else { throw ParseError(message: "nested too deeply") }
            skipSpace()
            guard let b = peek else { throw ParseError(message: "a value is missing") }
            switch b {
            case UInt8(ascii: "\""): return (.string, try string().escaped)
            case UInt8(ascii: "{"): try composite(depth: depth, object: true); return (.object, false)
            case UInt8(ascii: "["): return (try composite(depth: depth, object: false) ? .strings : .array, false)
            case UInt8(ascii: "t"): try literal("true"); return (.bool, false)
            case UInt8(ascii: "f"): try literal("false"); return (.bool, false)
            case UInt8(ascii: "n"): try literal("null"); return (.null, false)
            default: return (try number(), false)
            }
        }

        mutating func literal(_ word: StaticString) throws(ParseError) {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count, memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0 else { throw ParseError(message: "not a JSON value") }
            i += n
        }

        mutating func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - start
        }

        mutating func number() throws(ParseError) -> Kind {
            if peek == UInt8(ascii: "-") { i += 1 }
            guard let first = peek, first >= 48, first <= 57 else { throw ParseError(message: "not a JSON value") }
            let start = i
            let n = digits()
            if first == 48 && n > 1 { throw ParseError(message: "a number with a leading zero") }
            _ = start
            var kind = Kind.int
            if peek == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw ParseError(message: "a malformed number") }
                kind = .double
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                i += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw ParseError(message: "a malformed number") }
                kind = .double
            }
            // Integers beyond 64 bits are read as doubles.
            if kind == .int && n > 18 { kind = .double }
            return kind
        }

        /// A string at `i` (which must be a quote): the range of its contents, whether it has escapes.
        mutating func string() throws(ParseError) -> (range: Range<Int>, escaped: Bool) {
            guard peek == UInt8(ascii: "\"") else { throw ParseError(message: "expected a string") }
            i += 1
            let start = i
            var escaped = false
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { break }
                if b < 0x20 { throw ParseError(message: "a control character inside a string") }
                if b == UInt8(ascii: "\\") {
                    escaped = true
                    i += 1
                    guard i < bytes.count else { break }
                    let e = bytes[i]
                    if e == UInt8(ascii: "u") {
                        guard i + 4 < bytes.count, (1...4).allSatisfy({ Self.isHex(bytes[i + $0]) }) else { throw ParseError(message: "a bad \\u escape in a string") }
                        i += 4
                    } else if !"\"\\/bfnrt".utf8.contains(e) {
                        throw ParseError(message: "a bad escape in a string")
                    }
                }
                i += 1
            }
            guard i < bytes.count else { throw ParseError(message: "an unterminated string") }
            let range = start..<i
            i += 1
            return (range, escaped)
        }

        static func isHex(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 102) }

        /// An object or array; for arrays, whether every element is a string.
        @discardableResult
        mutating func composite(depth: Int, object: Bool) throws(ParseError) -> Bool {
            let close: UInt8 = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipSpace()
            if peek == close { i += 1; return true }
            var allStrings = true
            while true {
                if object {
                    skipSpace()
                    _ = try string()
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { throw ParseError(message: "expected `:` in an object") }
                    i += 1
                }
                let (kind, _) = try value(depth: depth + 1)
                if kind != .string { allStrings = false }
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                guard peek == close else { throw ParseError(message: "an unclosed object or array") }
                i += 1
                return allStrings
            }
        }
    }
}
