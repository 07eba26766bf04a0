import Foundation
import GRDB

/// The spans member of a bundle: one JSON object per span, ordered by id.
///
/// A bundle of everything used to ask SQLite for the spans in id order through the id index —
/// a random row lookup per span, then `json_object` — 5–6 s for a million spans. Now many
/// changes are read in storage order, written by `JSONRowWriter`, and the finished lines sorted
/// by id here. The bytes are the same as before.
struct SpanLines {
    static let columns = """
        id, session_id, signal, onset_us, offset_us, confidence, intensity, cues, rationale, annotator, scheme_id, scheme_version,
        created_at_us, updated_at_us, revision, deleted_at_us
        """
    private let writer = JSONRowWriter(keys: ["id", "session", "signal", "onset_us", "offset_us", "confidence", "intensity", "cues", "rationale",
                                              "annotator", "scheme_id", "scheme_version", "created_at_us", "updated_at_us", "revision",
                                              "deleted_at_us"], raw: ["cues"])
    private static let annotatorColumn = 9
    /// Where each line lies, and the first 16 bytes of its id (big-endian, so integer order is
    /// byte order) to sort by without touching the text in most comparisons.
    private var lines: [(high: UInt64, low: UInt64, range: Range<Int>)] = []
    private(set) var annotators: Set<[UInt8]> = []

    var count: Int { lines.count }

    /// The member: the spans in `changed` (which `touched` selects in SQL, with `arguments`), as
    /// lines sorted by id, how many, and whose they are. `inProject` selects the project's spans
    /// by session.
    static func member(_ db: Database, changed: IDSet, touched: String, _ arguments: StatementArguments,
                       inProject: String) throws -> (text: [UInt8], count: Int, annotators: Set<[UInt8]>) {
        var spans = SpanLines()
        let projectSpans = changed.count < 10_000 ? 0 : try Int.fetchOne(db, sql: "SELECT count(*) FROM span WHERE \(inProject)") ?? 0
        if changed.count < 10_000 || changed.count * 30 < projectSpans {
            // A few: each looked up by id.
            try spans.read(db, sql: "SELECT \(columns) FROM span WHERE id IN (\(touched))", arguments: arguments, expected: changed.count)
        } else {
            // Many: the project's spans in storage order, kept when changed. When the project
            // holds most of the store, reading the whole table in order beats following the
            // session index to each row.
            let rows = try Int.fetchOne(db, sql: "SELECT max(rowid) FROM span") ?? 0
            let table = projectSpans * 2 >= rows ? "span NOT INDEXED" : "span"
            try spans.read(db, sql: "SELECT \(columns) FROM \(table) WHERE \(inProject)", arguments: [], expected: changed.count) {
                changed.contains($0)
            }
        }
        return (spans.sortedText(), spans.count, spans.annotators)
    }

    /// Appends the spans `sql` selects (`columns`, in that order) that `keep` accepts (by id).
    private mutating func read(_ db: Database, sql: String, arguments: StatementArguments, expected: Int = 0,
                       keep: (UnsafeBufferPointer<UInt8>) -> Bool = { _ in true }) throws {
        lines.reserveCapacity(lines.count + expected)
        var lastAnnotator: [UInt8]?
        try db.eachRow(sql, arguments: arguments) { s in
            let id = JSONRowWriter.text(s, 0)
            guard keep(id) else { return }
            let (high, low) = Self.prefix(id)
            let same = lastAnnotator?.withUnsafeBufferPointer { JSONRowWriter.column(s, Self.annotatorColumn, is: $0) } ?? false
            if !same {
                lastAnnotator = Array(JSONRowWriter.text(s, Self.annotatorColumn))
                annotators.insert(lastAnnotator!)
            }
            lines.append((high, low, writer.append(row: s)))
        }
    }

    /// The lines in id order (ids compared as bytes, as SQLite's `ORDER BY id` does).
    private mutating func sortedText() -> [UInt8] {
        let text = writer.bytes
        lines.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return Self.id(in: text, a.range.lowerBound).lexicographicallyPrecedes(Self.id(in: text, b.range.lowerBound))
        }
        return writer.array(lines: lines.lazy.map(\.range))
    }

    /// The id's characters in a finished line: after `{"id":"`, up to the next quote (an id is a
    /// UUID, never escaped).
    private static func id(in text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        let from = start + 7
        var end = from
        while end < text.count, text[end] != 34 { end += 1 }
        return text[from..<end]
    }

    private static func prefix(_ id: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var high: UInt64 = 0, low: UInt64 = 0
        for i in 0..<16 {
            let byte = UInt64(i < id.count ? id[i] : 0)
            if i < 8 { high = high << 8 | byte } else { low = low << 8 | byte }
        }
        return (high, low)
    }
}
