/// CSV as RFC 4180 writes it: a field is quoted when it holds a comma, a quote or a line break,
/// and quotes inside are doubled.
public enum CSV {
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
}

extension CSV {
    /// A malformed CSV text: the line where the problem starts.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The records of an RFC 4180 text, each with the line it starts on (1-based). Quoted fields
    /// may hold commas, doubled quotes and line breaks; `\r\n` and `\n` both end a record; blank
    /// lines are skipped.
    public static func records(_ text: String) throws(ParseError) -> [(line: Int, fields: [String])] {
        var out: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, start = 1
        var quoted = false, wasQuoted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { out.append((start, fields)) }
            fields.removeAll()
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { quoted = false }
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: ","): endField()
                case 10: endRecord(); line += 1; start = line
                case 13 where i + 1 < bytes.count && bytes[i + 1] == 10: break
                case UInt8(ascii: "\""):
                    guard field.isEmpty, !wasQuoted else { throw ParseError(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)") }
                    quoted = true
                    wasQuoted = true
                default:
                    guard !wasQuoted else { throw ParseError(line: line, message: "text after a closing quote (double a quote inside a quoted field)") }
                    field.append(b)
                }
            }
            i += 1
        }
        if quoted { throw ParseError(line: start, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return out
    }
}
