import Foundation

/// Where each assignment of a wave stands, from what has arrived: its work, the session's
/// `submitted_at_us`, telemetry, and quality-control decisions.
public struct AssignmentStatus: Sendable, Equatable, Codable {
    public var wave: String
    public var item: String
    public var session: String
    public var annotator: String
    public var gold: Bool
    public var position: Int
    /// assigned, in_progress, submitted, accepted, rejected or withdrawn.
    public var status: String
    /// Why it was rejected or withdrawn.
    public var reason: String?
    /// The annotator whose rejected work this assignment redoes.
    public var replaces: String?
    public var time_on_task_s: Double?
    public var spans: Int
    public var clip_ratings: Int
    public var due_us: Int64?
    public var changed_at_us: Int64

    public static let order = ["assigned", "in_progress", "submitted", "accepted", "rejected", "withdrawn"]
}

/// An item with fewer active assignments than its plan wants (its work was rejected and no
/// annotator of the wave was left to take it).
public struct PoolItem: Sendable, Equatable, Codable {
    public var wave: String
    public var item: String
    public var session: String
    public var wanted: Int
    public var active: Int
}

extension CentralStore {
    public func waveStatus(project: String, wave: String?) throws(StoreError) -> (assignments: [AssignmentStatus], pool: [PoolItem]) {
        let decisions = try qcDecisions(project: project)
        return try read { db in
            guard try db.exists("SELECT 1 FROM project WHERE id = ?", [project]) else { throw StoreError.invalid("no project \(project)") }
            if let wave, try !db.exists("SELECT 1 FROM wave WHERE project = ? AND id = ?", [project, wave]) {
                let known: [String] = try db.values("SELECT id FROM wave WHERE project = ? ORDER BY created_at_us", [project])
                throw StoreError.invalid("project \(project) has no wave \(wave)\(known.isEmpty ? " (it has no waves yet)" : "; its waves: \(known.joined(separator: ", "))")")
            }
            let args: SQLArguments = [project, wave]
            let inWave = "session IN (SELECT session FROM wave_item WHERE project = ?1 AND (?2 IS NULL OR wave = ?2))"
            var counts: [String: (spans: Int, ratings: Int)] = [:]
            for row in try db.rows("""
                SELECT r.session, r.annotator, r.kind, count(*) FROM record_revision r
                WHERE r.project = ?1 AND \(Self.current) AND r.\(inWave) GROUP BY 1, 2, 3
                """, args) {
                let key = QCDecision.key(row[0], row[1])
                if (row[2] as String) == "span" { counts[key, default: (0, 0)].spans = row[3] } else { counts[key, default: (0, 0)].ratings = row[3] }
            }
            var submitted: [String: Bool] = [:]
            for row in try db.rows("SELECT id, annotator, \(db.dialect.jsonInt("line", "submitted_at_us")) FROM session WHERE project = ?1 AND id IN (SELECT session FROM wave_item WHERE project = ?1 AND (?2 IS NULL OR wave = ?2))", args) {
                submitted[QCDecision.key(row[0], row[1])] = (row[2] as Int64?) != nil
            }
            var onTask: [String: Double] = [:]
            for row in try db.rows("SELECT session, annotator, \(db.dialect.jsonInt("line", "data", "active_us")) FROM telemetry WHERE project = ?1 AND \(inWave)", args) {
                onTask[QCDecision.key(row[0], row[1])] = Double(row[2] as Int64? ?? 0) / 1e6
            }
            let rows = try db.rows("""
                SELECT a.wave, a.item, i.session, a.annotator, i.gold, a.position, a.status, a.reason, a.replaces, w.due_us, a.changed_at_us
                FROM assignment a JOIN wave_item i ON i.project = a.project AND i.wave = a.wave AND i.item = a.item
                JOIN wave w ON w.project = a.project AND w.id = a.wave
                WHERE a.project = ?1 AND (?2 IS NULL OR a.wave = ?2)
                ORDER BY w.created_at_us, a.wave, a.annotator, a.position
                """, args)
            let assignments = rows.map { row -> AssignmentStatus in
                let key = QCDecision.key(row[2], row[3])
                let c = counts[key] ?? (0, 0)
                var s = AssignmentStatus(wave: row[0], item: row[1], session: row[2], annotator: row[3], gold: row[4], position: row[5],
                                         status: "assigned", reason: row[7], replaces: row[8], time_on_task_s: onTask[key], spans: c.spans,
                                         clip_ratings: c.ratings, due_us: row[9], changed_at_us: row[10])
                if let d = decisions[key] {
                    s.status = d.status.rawValue
                    s.reason = d.reason
                } else if (row[6] as String) == "withdrawn" {
                    s.status = "withdrawn"
                } else if submitted[key] == true {
                    s.status = "submitted"
                } else if submitted[key] != nil || c.spans + c.ratings > 0 || onTask[key] != nil {
                    s.status = "in_progress"
                }
                return s
            }
            let pool = try db.rows("""
                SELECT wave, item, session, wanted, active FROM (
                    SELECT i.wave, i.item, i.session, i.wanted,
                        (SELECT count(*) FROM assignment a WHERE a.project = i.project AND a.wave = i.wave AND a.item = i.item AND a.status = 'assigned') AS active
                    FROM wave_item i WHERE i.project = ?1 AND (?2 IS NULL OR i.wave = ?2)) x
                WHERE active < wanted ORDER BY wave, item
                """, args).map { PoolItem(wave: $0[0], item: $0[1], session: $0[2], wanted: $0[3], active: $0[4]) }
            return (assignments, pool)
        }
    }
}
