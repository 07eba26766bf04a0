/// Reliability data read from CSV: header `coder,<unit ids>`, one row per coder, first column
/// the coder id, an empty cell missing.
public struct ReliabilityData: Equatable, Sendable {
    public var coders: [String]
    public var units: [String]
    /// `values[coder][unit]`, nil when missing.
    public var values: [[KrippendorffAlpha.Value?]]

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses RFC 4180 CSV (quoted fields, CRLF or LF, a BOM).
    public static func parse(csv text: String) throws(ParseError) -> ReliabilityData {
        let rows = try records(text)
        guard let header = rows.first, !header.isEmpty else { throw ParseError(line: 1, message: "empty file: expected a header `coder,<unit ids>`") }
        let units = Array(header.dropFirst())
        guard !units.isEmpty else { throw ParseError(line: 1, message: "the header names no units after the coder column") }
        var coders: [String] = [], values: [[KrippendorffAlpha.Value?]] = []
        for (i, row) in rows.enumerated().dropFirst() {
            if row.count == 1 && row[0].trimmingSpaces.isEmpty { continue }
            guard row.count <= header.count else {
                throw ParseError(line: i + 1, message: "\(row.count) fields, but the header has \(header.count)")
            }
            let id = row[0].trimmingSpaces
            guard !id.isEmpty else { throw ParseError(line: i + 1, message: "the first column (coder id) is empty") }
            guard !coders.contains(id) else { throw ParseError(line: i + 1, message: "coder `\(id)` appears twice") }
            coders.append(id)
            values.append((1..<header.count).map { j in
                let cell = j < row.count ? row[j].trimmingSpaces : ""
                return cell.isEmpty ? nil : KrippendorffAlpha.Value(cell)
            })
        }
        guard !coders.isEmpty else { throw ParseError(line: 2, message: "no coder rows after the header") }
        return ReliabilityData(coders: coders, units: units, values: values)
    }

    static func records(_ text: String) throws(ParseError) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var inQuotes = false, line = 1, afterQuote = false
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty && !afterQuote {
                inQuotes = true
            } else if c == "," {
                row.append(field); field = ""; afterQuote = false
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field); rows.append(row)
                row = []; field = ""; afterQuote = false; line += 1
            } else {
                if afterQuote { throw ParseError(line: line, message: "text after a closing quote") }
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw ParseError(line: line, message: "a quoted field is not closed") }
        return rows
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
