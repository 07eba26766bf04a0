import Foundation
import GRDB

/// What rejecting a wave item's work did to its assignments.
public struct Relaunch: Sendable, Equatable, Codable {
    public var wave: String
    public var item: String
    /// Whose work was rejected.
    public var from: String
    /// Who takes the item now; nil when nobody of the wave is left who has not had it.
    public var to: String?

    public init(wave: String, item: String, from: String, to: String?) {
        self.wave = wave
        self.item = item
        self.from = from
        self.to = to
    }

    public var message: String {
        if let to { return "item \(item) of wave \(wave) goes back to the pool and is assigned to \(to)" }
        return "item \(item) of wave \(wave) goes back to the pool; every annotator of the wave has had it, so it waits there (`onset wave status` lists the pool)"
    }
}

extension CentralStore {
    /// After `annotator`'s work on `session` is rejected: their assignment is withdrawn (kept,
    /// with the reason) and the item goes to the wave's least-loaded annotator who has never had
    /// it. Nil when the session is not a wave item assigned to them. Running it again finds the
    /// replacement made the first time.
    static func relaunch(_ db: Database, project: String, session: String, annotator: String, reason: String, now: Int64) throws -> Relaunch? {
        guard let item = try Row.fetchOne(db, sql: "SELECT wave, item FROM wave_item WHERE project = ? AND session = ?", arguments: [project, session]) else {
            return nil
        }
        let wave: String = item[0], id: String = item[1]
        let key: StatementArguments = [project, wave, id]
        guard let status = try String.fetchOne(db, sql: "SELECT status FROM assignment WHERE project = ? AND wave = ? AND item = ? AND annotator = ?",
                                               arguments: key + [annotator]) else { return nil }
        if status == "assigned" {
            try db.execute(sql: """
                UPDATE assignment SET status = 'withdrawn', reason = ?, changed_at_us = ? WHERE project = ? AND wave = ? AND item = ? AND annotator = ?
                """, arguments: ["rejected: \(reason)", now] + key + [annotator])
        }
        if let existing = try String.fetchOne(db, sql: "SELECT annotator FROM assignment WHERE project = ? AND wave = ? AND item = ? AND replaces = ?",
                                              arguments: key + [annotator]) {
            return Relaunch(wave: wave, item: id, from: annotator, to: existing)
        }
        let next = try Row.fetchOne(db, sql: """
            SELECT a.annotator, sum(a.status = 'assigned') AS load, max(a.position) AS last FROM assignment a
            WHERE a.project = ?1 AND a.wave = ?2
                AND a.annotator NOT IN (SELECT annotator FROM assignment WHERE project = ?1 AND wave = ?2 AND item = ?3)
            GROUP BY a.annotator ORDER BY load, a.annotator LIMIT 1
            """, arguments: key)
        guard let next else { return Relaunch(wave: wave, item: id, from: annotator, to: nil) }
        let to: String = next[0]
        try db.execute(sql: """
            INSERT INTO assignment (project, wave, item, annotator, position, status, reason, replaces, assigned_at_us, changed_at_us)
            VALUES (?, ?, ?, ?, ?, 'assigned', ?, ?, ?, ?)
            """, arguments: key + [to, (next[2] as Int) + 1, "relaunched: \(annotator)'s work was rejected", annotator, now, now])
        return Relaunch(wave: wave, item: id, from: annotator, to: to)
    }
}
