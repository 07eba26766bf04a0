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
        var record: [CSVReader.Field] = []
        guard try reader.nextRecord(into: &record), !(record.count == 1 && reader.isEmpty(record[0])) else {
            throw ParseError(line: 1, message: "empty file: expected a header `coder,<unit ids>`")
        }
        let width = record.count
        let units = record.dropFirst().map { reader.string($0) }
        guard !units.isEmpty else { throw ParseError(line: 1, message: "the header names no units after the coder column") }
        var coders: [String] = [], seen: Set<String> = []
        var labels = LabelTable()
        var codes: [Int32] = []
        while true {
            let line = reader.line
            guard try reader.nextRecord(into: &record) else { break }
            if record.count == 1 && reader.isEmpty(record[0]) { continue }
            guard record.count <= width else {
                throw ParseError(line: line, message: "\(record.count) fields, but the header has \(width)")
            }
            let id = reader.string(record[0])
            guard !id.isEmpty else { throw ParseError(line: line, message: "the first column (coder id) is empty") }
            guard seen.insert(id).inserted else { throw ParseError(line: line, message: "coder `\(id)` appears twice") }
            coders.append(id)
            for j in 1..<width {
                guard j < record.count else { codes.append(CodedData.missing); continue }
                codes.append(reader.withText(record[j]) { $0.isEmpty ? CodedData.missing : labels.code($0) })
            }
        }
        guard !coders.isEmpty else { throw ParseError(line: 2, message: "no coder rows after the header") }
        return ReliabilityData(coders: coders, units: units,
                               coded: CodedData(categories: labels.categories, coders: coders.count, units: units.count, codes: codes))
    }
}

/// Cell text → category code, without allocating for a label seen before. Labels that are the
/// same number (`3`, `3.0`) share a category.
struct LabelTable {
    private(set) var categories: [KrippendorffAlpha.Value] = []
    private var byValue: [KrippendorffAlpha.Value: Int32] = [:]
    /// Open addressing over the texts seen: slot → index into `texts`/`codes`, -1 empty.
    private var slots = [Int32](repeating: -1, count: 64)
    private var texts: [[UInt8]] = []
    private var codes: [Int32] = []
    /// Single-byte labels (`1`…`5`, `y`, `n`: the common case) skip hashing.
    private var byByte = [Int32](repeating: -1, count: 256)

    mutating func code(_ text: UnsafeRawBufferPointer) -> Int32 {
        if text.count == 1, byByte[Int(text[0])] >= 0 { return byByte[Int(text[0])] }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let i = Int(slots[slot])
            if texts[i].elementsEqual(text) { return codes[i] }
            slot = (slot + 1) & mask
        }
        let value = KrippendorffAlpha.Value(String(decoding: text, as: UTF8.self))
        let code: Int32
        if let existing = byValue[value] {
            code = existing
        } else {
            code = Int32(categories.count)
            categories.append(value)
            byValue[value] = code
        }
        slots[slot] = Int32(texts.count)
        texts.append(Array(text))
        codes.append(code)
        if text.count == 1 { byByte[Int(text[0])] = code }
        if texts.count * 2 > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (i, text) in texts.enumerated() {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in text { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }
}

/// RFC 4180 records from bytes: fields as byte ranges of the input (a quoted field's unescaped
/// text is kept aside), trimmed of spaces and tabs; the line number kept for messages.
struct CSVReader {
    struct Field {
        var start: Int
        var end: Int
        /// Index into `quoted` for a quoted field, else -1.
        var quoted: Int
    }

    private let bytes: UnsafeRawBufferPointer
    private var i: Int
    private(set) var line = 1
    private var quoted: [[UInt8]] = []

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Calls `body` with the field's text, trimmed of spaces and tabs.
    func withText<R>(_ f: Field, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        func trimmed(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            var start = 0, end = b.count
            while start < end, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
            while end > start, b[end - 1] == 0x20 || b[end - 1] == 0x09 { end -= 1 }
            return UnsafeRawBufferPointer(rebasing: b[start..<end])
        }
        if f.quoted >= 0 { return quoted[f.quoted].withUnsafeBytes { body(trimmed($0)) } }
        return body(trimmed(UnsafeRawBufferPointer(rebasing: bytes[f.start..<f.end])))
    }

    func string(_ f: Field) -> String { withText(f) { String(decoding: $0, as: UTF8.self) } }
    func isEmpty(_ f: Field) -> Bool { withText(f) { $0.isEmpty } }

    /// False at the end of the input.
    mutating func nextRecord(into record: inout [Field]) throws(ReliabilityData.ParseError) -> Bool {
        record.removeAll(keepingCapacity: true)
        quoted.removeAll(keepingCapacity: true)
        guard i < bytes.count else { return false }
        while true {
            if i < bytes.count, bytes[i] == 0x22 {
                quoted.append(try quotedField())
                record.append(Field(start: 0, end: 0, quoted: quoted.count - 1))
            } else {
                let start = i
                while i < bytes.count {
                    let b = bytes[i]
                    if b == 0x2C || b == 0x0A || b == 0x0D { break }
                    if b == 0x22 { throw .init(line: line, message: "a quote inside an unquoted field") }
                    i += 1
                }
                record.append(Field(start: start, end: i, quoted: -1))
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

    private mutating func quotedField() throws(ReliabilityData.ParseError) -> [UInt8] {
        let opened = line
        var field: [UInt8] = []
        i += 1
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                i += 1
                return field
            }
            if b == 0x0A { line += 1 }
            field.append(b)
            i += 1
        }
        throw .init(line: opened, message: "a quoted field is not closed")
    }
}
