import Foundation
import GRDB

/// The facts agreement and quality-control reports need, read with SQLite's JSON functions so
/// a million current records are not decoded one JSON object at a time in Swift.
extension CentralStore {
    public struct SessionFact: Sendable {
        public var session: String
        public var annotator: String
        public var wave: String?
        public var mediaDurationUs: Int64?
    }

    public struct SpanFact: Sendable {
        public var session: String
        public var annotator: String
        public var signal: String
        public var onsetUs: Int64
        public var offsetUs: Int64
        public var intensity: Int?
    }

    public struct RatingFact: Sendable {
        public var session: String
        public var clip: String
        public var dimension: String
        public var annotator: String
        public var wave: String?
        public var score: Int
    }

    /// Span and rating facts leave out work rejected in quality control; session facts keep it
    /// (quality control reports on it) unless `includeRejected` is false.
    public func sessionFacts(project: String, wave: String?, includeRejected: Bool = true) throws(StoreError) -> [SessionFact] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.annotator, r.wave, json_extract(r.line, '$.media_duration_us') FROM session r
                WHERE r.project = ? AND (? IS NULL OR r.wave = ?)\(includeRejected ? "" : " AND NOT " + Self.rejected.replacingOccurrences(of: "q.session = r.session", with: "q.session = r.id")) ORDER BY r.id, r.annotator
                """, arguments: [project, wave, wave]).map { SessionFact(session: $0[0], annotator: $0[1], wave: $0[2], mediaDurationUs: $0[3]) }
        }
    }

    public func eachCurrentSpanFact(project: String, wave: String?, includeRejected: Bool = false, _ body: (SpanFact) throws -> Void) throws(StoreError) {
        try read { db in
            // One JSON parse per line (json_extract with several paths answers an array), and
            // the repeated texts (session, annotator, signal) made into Strings once, not per row.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT r.session, r.annotator, json_extract(r.line, '$.signal', '$.onset_us', '$.offset_us', '$.intensity')
                FROM record_revision r
                WHERE r.kind = 'span' AND r.project = ? AND (? IS NULL OR r.wave = ?) AND \(Self.current)\(includeRejected ? "" : " AND NOT " + Self.rejected)
                """, arguments: [project, wave, wave])
            var session = TextCache(), annotator = TextCache(), signal = TextCache()
            while let row = try rows.next() {
                let fact = try row.withUnsafeData(atIndex: 2) { data -> SpanFact in
                    guard let data, let f = SpanFields(data) else {
                        throw StoreError.invalid("a span line in the central store lacks signal, onset_us or offset_us")
                    }
                    return SpanFact(session: try row.withUnsafeData(atIndex: 0) { session.string($0) },
                                    annotator: try row.withUnsafeData(atIndex: 1) { annotator.string($0) },
                                    signal: f.signal.withUnsafeBytes { signal.string($0) }, onsetUs: f.onset, offsetUs: f.offset,
                                    intensity: f.intensity)
                }
                try body(fact)
            }
        }
    }

    public func currentRatingFacts(project: String, wave: String?, includeRejected: Bool = false) throws(StoreError) -> [RatingFact] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.session, json_extract(r.line, '$.clip'), json_extract(r.line, '$.dimension'), r.annotator, r.wave,
                       json_extract(r.line, '$.score')
                FROM record_revision r
                WHERE r.kind = 'clip_rating' AND r.project = ? AND (? IS NULL OR r.wave = ?) AND \(Self.current)\(includeRejected ? "" : " AND NOT " + Self.rejected)
                """, arguments: [project, wave, wave]).map {
                RatingFact(session: $0[0], clip: $0[1], dimension: $0[2], annotator: $0[3], wave: $0[4], score: $0[5])
            }
        }
    }

    /// The latest telemetry line per session and annotator of a project.
    public func telemetryLines(project: String) throws(StoreError) -> [(session: String, annotator: String, line: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT session, annotator, line FROM telemetry WHERE project = ?", arguments: [project])
                .map { ($0[0], $0[1], $0[2]) }
        }
    }
}

extension CentralStore {
    /// Changes whenever a bundle of the project is applied or a QC decision is taken: what a
    /// cached report is checked against.
    public func reportVersion(project: String) throws(StoreError) -> String {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM bundle WHERE project = ?1 AND status = 'applied'),
                       (SELECT count(*) FROM qc_decision WHERE project = ?1)
                """, arguments: [project])!
            return "\(row[0] as Int64):\(row[1] as Int64)"
        }
    }
}

/// Strings for texts that repeat from row to row: the last few are kept and compared by bytes.
struct TextCache {
    private var recent: [(bytes: [UInt8], string: String)] = []

    mutating func string(_ data: Data?) -> String {
        guard let data else { return "" }
        return data.withUnsafeBytes { string($0) }
    }

    mutating func string(_ bytes: UnsafeRawBufferPointer) -> String {
        if let hit = recent.first(where: { $0.bytes.count == bytes.count && $0.bytes.elementsEqual(bytes) }) { return hit.string }
        let s = String(decoding: bytes, as: UTF8.self)
        if recent.count == 8 { recent.removeFirst() }
        recent.append((Array(bytes), s))
        return s
    }
}

/// `["signal",onset,offset,intensity-or-null]` as SQLite's json_extract writes it.
struct SpanFields {
    var signal: [UInt8]
    var onset: Int64
    var offset: Int64
    var intensity: Int?

    init?(_ data: Data) {
        guard let parsed = data.withUnsafeBytes({ Self.parse($0, data) }) else { return nil }
        self = parsed
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, _ data: Data) -> SpanFields? {
        guard bytes.first == UInt8(ascii: "["), bytes.count > 2, bytes[1] == UInt8(ascii: "\"") else { return nil }
        var i = 2
        var text: [UInt8] = []
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") {
                // Rare (a signal id with an escape): let Foundation decode the whole array.
                guard let array = try? JSONSerialization.jsonObject(with: data) as? [Any], array.count == 4,
                      let s = array[0] as? String, let on = array[1] as? Int64, let off = array[2] as? Int64 else { return nil }
                return SpanFields(signal: Array(s.utf8), onset: on, offset: off, intensity: array[3] as? Int)
            }
            text.append(bytes[i]); i += 1
        }
        i += 1
        func number() -> Int64? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            var negative = false, value: Int64 = 0, digits = 0
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { value = value &* 10 &+ Int64(bytes[i] - 48); i += 1; digits += 1 }
            return digits > 0 ? (negative ? -value : value) : nil
        }
        guard let on = number(), let off = number() else { return nil }
        let intensity = number()
        return SpanFields(signal: text, onset: on, offset: off, intensity: intensity.map { Int($0) })
    }

    init(signal: [UInt8], onset: Int64, offset: Int64, intensity: Int?) {
        self.signal = signal
        self.onset = onset
        self.offset = offset
        self.intensity = intensity
    }
}
