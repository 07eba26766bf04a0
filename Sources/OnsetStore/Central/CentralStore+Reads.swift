import Foundation

/// What the central store's read endpoints and admin commands show.
extension CentralStore {
    public struct ProjectSummary: Codable, Equatable, Sendable {
        public var id: String
        public var annotators: Int
        public var bundles: Int
        public var spans: Int
        public var clip_ratings: Int
    }

    public struct WaveSummary: Codable, Equatable, Sendable {
        public var wave: String?
        public var sessions: Int
        public var annotators: Int
        public var spans: Int
        public var clip_ratings: Int
    }

    public struct AnnotatorSummary: Codable, Equatable, Sendable {
        public var id: String
        public var projects: [String]
        public var bundles: Int
        public var last_bundle_at_us: Int64?
        public var live_tokens: Int
    }

    /// One annotator's progress in a wave: sessions touched, current records, last delivery.
    public struct Progress: Codable, Equatable, Sendable {
        public var annotator: String
        public var sessions: Int
        public var spans: Int
        public var clip_ratings: Int
        public var bundles: Int
        public var held_bundles: Int
        public var last_bundle_at_us: Int64?
    }

    /// Current (latest, not deleted) records, as a SQL condition on `r`.
    static let current = "r.superseded = 0 AND r.deleted = 0"

    public func projects() throws(StoreError) -> [ProjectSummary] {
        try read { db in
            try db.rows("""
                SELECT p.id,
                    (SELECT count(*) FROM annotator_project WHERE project = p.id) AS annotators,
                    (SELECT count(*) FROM bundle WHERE project = p.id) AS bundles,
                    (SELECT count(*) FROM record_revision r WHERE r.project = p.id AND r.kind = 'span' AND \(Self.current)) AS spans,
                    (SELECT count(*) FROM record_revision r WHERE r.project = p.id AND r.kind = 'clip_rating' AND \(Self.current)) AS ratings
                FROM project p ORDER BY p.id
                """).map { ProjectSummary(id: $0["id"], annotators: $0["annotators"], bundles: $0["bundles"], spans: $0["spans"], clip_ratings: $0["ratings"]) }
        }
    }

    public func waves(project: String) throws(StoreError) -> [WaveSummary] {
        try read { db in
            try db.rows("""
                SELECT s.wave, count(DISTINCT s.id) AS sessions, count(DISTINCT s.annotator) AS annotators,
                    (SELECT count(*) FROM record_revision r WHERE r.project = ?1 AND r.wave IS NOT DISTINCT FROM s.wave AND r.kind = 'span' AND \(Self.current)) AS spans,
                    (SELECT count(*) FROM record_revision r WHERE r.project = ?1 AND r.wave IS NOT DISTINCT FROM s.wave AND r.kind = 'clip_rating' AND \(Self.current)) AS ratings
                FROM session s WHERE s.project = ?1 GROUP BY s.wave ORDER BY s.wave NULLS FIRST
                """, [project]).map {
                WaveSummary(wave: $0["wave"], sessions: $0["sessions"], annotators: $0["annotators"], spans: $0["spans"], clip_ratings: $0["ratings"])
            }
        }
    }

    public func annotators() throws(StoreError) -> [AnnotatorSummary] {
        try read { db in
            try db.rows("""
                SELECT a.id, (SELECT \(db.dialect.joinedLines("ap.project")) FROM (SELECT project FROM annotator_project WHERE annotator = a.id ORDER BY project) ap) AS projects,
                    (SELECT count(*) FROM bundle WHERE annotator = a.id) AS bundles,
                    (SELECT max(received_at_us) FROM bundle WHERE annotator = a.id) AS last,
                    (SELECT count(*) FROM token WHERE annotator = a.id AND revoked_at_us IS NULL) AS tokens
                FROM annotator a ORDER BY a.id
                """).map {
                AnnotatorSummary(id: $0["id"], projects: ($0["projects"] as String?)?.split(separator: "\n").map(String.init) ?? [],
                                 bundles: $0["bundles"], last_bundle_at_us: $0["last"], live_tokens: $0["tokens"])
            }
        }
    }

    public func progress(project: String, wave: String?) throws(StoreError) -> [Progress] {
        try read { db in
            try db.rows("""
                SELECT ap.annotator,
                    (SELECT count(*) FROM session WHERE annotator = ap.annotator AND project = ?1 AND (?2 IS NULL OR wave = ?2)) AS sessions,
                    (SELECT count(*) FROM record_revision r WHERE r.annotator = ap.annotator AND r.project = ?1 AND (?2 IS NULL OR r.wave = ?2) AND r.kind = 'span' AND \(Self.current)) AS spans,
                    (SELECT count(*) FROM record_revision r WHERE r.annotator = ap.annotator AND r.project = ?1 AND (?2 IS NULL OR r.wave = ?2) AND r.kind = 'clip_rating' AND \(Self.current)) AS ratings,
                    (SELECT count(*) FROM bundle WHERE annotator = ap.annotator AND project = ?1 AND status = 'applied') AS bundles,
                    (SELECT count(*) FROM bundle WHERE annotator = ap.annotator AND project = ?1 AND status = 'held') AS held,
                    (SELECT max(received_at_us) FROM bundle WHERE annotator = ap.annotator AND project = ?1) AS last
                FROM annotator_project ap WHERE ap.project = ?1 ORDER BY ap.annotator
                """, [project, wave]).map {
                Progress(annotator: $0["annotator"], sessions: $0["sessions"], spans: $0["spans"], clip_ratings: $0["ratings"],
                         bundles: $0["bundles"], held_bundles: $0["held"], last_bundle_at_us: $0["last"])
            }
        }
    }

    /// Every current span and clip rating of a project (and wave), in a stable order: kind,
    /// session, id. Work rejected in quality control is left out unless `qc` says otherwise.
    public func eachCurrentRecord(project: String, wave: String?, qc: QCFilter = .notRejected, session: String? = nil,
                                  _ body: (_ kind: String, _ wave: String?, _ line: String) throws -> Void) throws(StoreError) {
        try read { db in
            try db.each("""
                SELECT r.kind, r.wave, r.line FROM record_revision r
                WHERE r.project = ? AND (? IS NULL OR r.wave = ?) AND \(Self.current)\(Self.condition(qc))\(session == nil ? "" : " AND r.session = ?")
                ORDER BY r.kind DESC, r.session, r.annotator, r.id
                """, [project, wave, wave] + (session.map { [$0] } ?? [])) { row in
                try body(row.text(0), row.optionalText(1), row.text(2))
            }
        }
    }

    /// The current decisions on model predictions of a project (`prediction_reviews.jsonl`
    /// lines as the workstations wrote them), by session and reviewer.
    public func predictionReviewLines(project: String, qc: QCFilter = .notRejected) throws(StoreError) -> [(session: String, annotator: String, line: String)] {
        try read { db in
            try db.rows("""
                SELECT r.session, r.annotator, r.line FROM prediction_review r
                WHERE r.project = ? AND \(Self.current)\(Self.condition(qc)) ORDER BY r.session, r.annotator, r.id
                """, [project]).map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// The sessions of a project as their workstations described them (`sessions.jsonl` lines).
    public func sessionLines(project: String) throws(StoreError) -> [(id: String, annotator: String, wave: String?, line: String)] {
        try read { db in
            try db.rows("SELECT id, annotator, wave, line FROM session WHERE project = ? ORDER BY id, annotator", [project])
                .map { ($0["id"], $0["annotator"], $0["wave"], $0["line"]) }
        }
    }

    /// How many revisions an id has (history is kept).
    public func revisions(of id: String) throws(StoreError) -> [Int64] {
        try read { db in try db.values("SELECT revision FROM record_revision WHERE id = ? ORDER BY revision", [id]) }
    }
}
