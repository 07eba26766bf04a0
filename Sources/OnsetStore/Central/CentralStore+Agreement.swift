import Foundation

/// The facts agreement and quality-control reports need, read with the database's JSON functions
/// and span columns so a million current records are not decoded one JSON object at a time in Swift.
extension CentralStore {
    public struct SessionFact: Sendable {
        public var session: String
        public var annotator: String
        public var wave: String?
        public var mediaDurationUs: Int64?
        /// `spans`, `rating` or `review`, as the workstation described the session.
        public var mode: String?
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
    /// `session`: only that session (read through its index, not the project's records).
    public func sessionFacts(project: String, wave: String?, includeRejected: Bool = true, session: String? = nil) throws(StoreError) -> [SessionFact] {
        try read { db in
            let d = db.dialect
            return try db.rows("""
                SELECT r.id, r.annotator, r.wave, \(d.jsonInt("r.line", "media_duration_us")), \(d.jsonText("r.line", "mode")) FROM session r
                WHERE r.project = ? AND (? IS NULL OR r.wave = ?)\(Self.condition(includeRejected ? .all : .notRejected, session: "r.id"))\(session == nil ? "" : " AND r.id = ?") ORDER BY r.id, r.annotator
                """, [project, wave, wave] + (session.map { [$0] } ?? [])).map { SessionFact(session: $0[0], annotator: $0[1], wave: $0[2], mediaDurationUs: $0[3], mode: $0[4]) }
        }
    }

    public func eachCurrentSpanFact(project: String, wave: String?, includeRejected: Bool = false, session only: String? = nil,
                                    _ body: (SpanFact) throws -> Void) throws(StoreError) {
        try read { db in
            // A million rows: plain columns read off the cursor (no row value wrapped per column),
            // the repeated texts (session, annotator, signal) made into Strings once, and the
            // rejection check only when the project has decisions.
            let decided = try db.exists("SELECT 1 FROM qc_decision WHERE project = ? LIMIT 1", [project])
            var session = TextCache(), annotator = TextCache(), signal = TextCache()
            try db.each("""
                SELECT r.session, r.annotator, r.signal, r.onset_us, r.offset_us, r.intensity
                FROM record_revision r
                WHERE r.kind = 'span' AND r.project = ? AND (? IS NULL OR r.wave = ?) AND \(Self.current)\(Self.condition(includeRejected || !decided ? .all : .notRejected))\(only == nil ? "" : " AND r.session = ?")
                """, [project, wave, wave] + (only.map { [$0] } ?? [])) { row in
                guard !row.isNull(2), !row.isNull(3), !row.isNull(4) else {
                    throw StoreError.invalid("a span in the central store lacks signal, onset_us or offset_us")
                }
                try body(SpanFact(session: row.withText(0) { session.string($0) }, annotator: row.withText(1) { annotator.string($0) },
                                  signal: row.withText(2) { signal.string($0) }, onsetUs: row.int64(3), offsetUs: row.int64(4),
                                  intensity: row.isNull(5) ? nil : Int(row.int64(5))))
            }
        }
    }

    public func currentRatingFacts(project: String, wave: String?, includeRejected: Bool = false, session: String? = nil) throws(StoreError) -> [RatingFact] {
        try read { db in
            let d = db.dialect
            return try db.rows("""
                SELECT r.session, \(d.jsonText("r.line", "clip")), \(d.jsonText("r.line", "dimension")), r.annotator, r.wave,
                       \(d.jsonInt("r.line", "score"))
                FROM record_revision r
                WHERE r.kind = 'clip_rating' AND r.project = ? AND (? IS NULL OR r.wave = ?) AND \(d.jsonText("r.line", "dimension")) NOT LIKE '!%' AND \(Self.current)\(Self.condition(includeRejected ? .all : .notRejected))\(session == nil ? "" : " AND r.session = ?")
                """, [project, wave, wave] + (session.map { [$0] } ?? [])).map {
                RatingFact(session: $0[0], clip: $0[1], dimension: $0[2], annotator: $0[3], wave: $0[4], score: $0[5])
            }
        }
    }

    /// The latest telemetry line per session and annotator of a project.
    public func telemetryLines(project: String) throws(StoreError) -> [(session: String, annotator: String, line: String)] {
        try read { db in
            try db.rows("SELECT session, annotator, line FROM telemetry WHERE project = ?", [project])
                .map { ($0[0], $0[1], $0[2]) }
        }
    }
}

extension CentralStore {
    /// Changes whenever a bundle of the project is applied or a QC decision is taken: what a
    /// cached report is checked against.
    public func reportVersion(project: String) throws(StoreError) -> String {
        try read { db in
            let row = try db.row("""
                SELECT (SELECT count(*) FROM bundle WHERE project = ?1 AND status = 'applied'),
                       (SELECT count(*) FROM qc_decision WHERE project = ?1)
                """, [project])!
            return "\(row[0] as Int64):\(row[1] as Int64)"
        }
    }
}

/// Strings for texts that repeat from row to row: the last few are kept and compared by bytes.
struct TextCache {
    private var recent: [(bytes: [UInt8], string: String)] = []

    mutating func string(_ bytes: UnsafeRawBufferPointer) -> String {
        if let hit = recent.first(where: { $0.bytes.count == bytes.count && $0.bytes.elementsEqual(bytes) }) { return hit.string }
        let s = String(decoding: bytes, as: UTF8.self)
        if recent.count == 8 { recent.removeFirst() }
        recent.append((Array(bytes), s))
        return s
    }
}
