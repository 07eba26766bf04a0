/// Reliability data read from CSV: header `coder,<unit ids>`, one row per coder, first column
/// the coder id, an empty cell missing.
public struct ReliabilityData: Sendable {
    public var coders: [String]
    public var units: [String]
    /// The values, coded for computation.
    public var coded: CodedData

    /// `values[coder][unit]`, nil when missing.
    public var values: [[KrippendorffAlpha.Value?]] {
        (0..<coded.coders).map { c in (0..<coded.units).map { coded.value(coder: c, unit: $0) } }
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func parse(csv text: String) throws(ParseError) -> ReliabilityData {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ParseError) in try parse(csv: raw) } }
        return try result.get()
    }

    /// Parses RFC 4180 CSV (quoted fields, CRLF or LF, a BOM) straight from bytes into codes:
    /// a cell's text is looked up in a table of the labels seen so far, so a large file makes
    /// no string per cell.
    public static func parse(csv bytes: UnsafeRawBufferPointer) throws(ParseError) -> ReliabilityData {
        var reader = CSVReader(bytes)
        guard let header = try reader.nextRecord(), !(header.count == 1 && header[0].isEmpty) else {
            throw ParseError(line: 1, message: "empty file: expected a header `coder,<unit ids>`")
        }
        let units = header.dropFirst().map { String(decoding: $0, as: UTF8.self).trimmingSpaces }
        guard !units.isEmpty else { throw ParseError(line: 1, message: "the header names no units after the coder column") }
        var coders: [String] = [], seen: Set<String> = []
        var labels = LabelTable()
        var codes: [Int32] = []
        var record: [ArraySlice<UInt8>] = []
        while true {
            let line = reader.line
            guard try reader.nextRecord(into: &record) else { break }
            if record.count == 1 && trimmed(record[0]).isEmpty { continue }
            guard record.count <= header.count else {
                throw ParseError(line: line, message: "\(record.count) fields, but the header has \(header.count)")
            }
            let id = String(decoding: trimmed(record[0]), as: UTF8.self)
            guard !id.isEmpty else { throw ParseError(line: line, message: "the first column (coder id) is empty") }
            guard seen.insert(id).inserted else { throw ParseError(line: line, message: "coder `\(id)` appears twice") }
            coders.append(id)
            for j in 1..<header.count {
                let cell = j < record.count ? trimmed(record[j]) : []
                codes.append(cell.isEmpty ? CodedData.missing : labels.code(cell))
            }
        }
        guard !coders.isEmpty else { throw ParseError(line: 2, message: "no coder rows after the header") }
        return ReliabilityData(coders: coders, units: units,
                               coded: CodedData(categories: labels.categories, coders: coders.count, units: units.count, codes: codes))
    }

    static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let f = s.first, f == 0x20 || f == 0x09 { s.removeFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s.removeLast() }
        return s
    }
}

/// Cell text → category code. Labels that are the same number (`3`, `3.0`) share a category.
struct LabelTable {
    private(set) var categories: [KrippendorffAlpha.Value] = []
    private var byText: [ArraySlice<UInt8>: Int32] = [:]
    private var byValue: [KrippendorffAlpha.Value: Int32] = [:]
    /// Single-byte labels (`1`…`5`, `y`, `n`: the common case) skip hashing.
    private var byByte = [Int32](repeating: -1, count: 256)

    mutating func code(_ text: ArraySlice<UInt8>) -> Int32 {
        if text.count == 1, case let b = Int(text.first!), byByte[b] >= 0 { return byByte[b] }
        if let code = byText[text] { return code }
        let value = KrippendorffAlpha.Value(String(decoding: text, as: UTF8.self))
        let code: Int32
        if let existing = byValue[value] {
            code = existing
        } else {
            code = Int32(categories.count)
            categories.append(value)
            byValue[value] = code
        }
        byText[ArraySlice(Array(text))] = code
        if text.count == 1 { byByte[Int(text.first!)] = code }
        return code
    }
}

/// RFC 4180 records from bytes: fields as slices (copied only when quoted), the line number
/// kept for messages.
struct CSVReader {
    private let bytes: UnsafeRawBufferPointer
    private var i: Int
    private(set) var line = 1

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    mutating func nextRecord() throws(ReliabilityData.ParseError) -> [ArraySlice<UInt8>]? {
        var record: [ArraySlice<UInt8>] = []
        return try nextRecord(into: &record) ? record : nil
    }

    /// False at the end of the input.
    mutating func nextRecord(into record: inout [ArraySlice<UInt8>]) throws(ReliabilityData.ParseError) -> Bool {
        record.removeAll(keepingCapacity: true)
        guard i < bytes.count else { return false }
        while true {
            if i < bytes.count, bytes[i] == 0x22 {
                record.append(try quoted())
            } else {
                let start = i
                while i < bytes.count, bytes[i] != 0x2C, bytes[i] != 0x0A, bytes[i] != 0x0D {
                    if bytes[i] == 0x22 { throw .init(line: line, message: "a quote inside an unquoted field") }
                    i += 1
                }
                record.append(ArraySlice(UnsafeRawBufferPointer(rebasing: bytes[start..<i])))
            }
            guard i < bytes.count else { return true }
            switch bytes[i] {
            case 0x2C:
                i += 1
            case 0x0D:
                i += i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
                line += 1
                return true
            case 0x0A:
                i += 1
                line += 1
                return true
            default:
                throw .init(line: line, message: "text after a closing quote")
            }
        }
    }

    private mutating func quoted() throws(ReliabilityData.ParseError) -> ArraySlice<UInt8> {
        let opened = line
        var field: [UInt8] = []
        i += 1
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                i += 1
                return field[...]
            }
            if b == 0x0A { line += 1 }
            field.append(b)
            i += 1
        }
        throw .init(line: opened, message: "a quoted field is not closed")
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
