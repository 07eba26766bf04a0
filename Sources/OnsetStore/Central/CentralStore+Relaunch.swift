import Foundation

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
    static func relaunch(_ db: any SQLConnection, project: String, session: String, annotator: String, reason: String, now: Int64) throws -> Relaunch? {
        guard let item = try db.row("SELECT wave, item FROM wave_item WHERE project = ? AND session = ?", [project, session]) else {
            return nil
        }
        let wave: String = item[0], id: String = item[1]
        let key: SQLArguments = [project, wave, id]
        guard let status: String = try db.value("SELECT status FROM assignment WHERE project = ? AND wave = ? AND item = ? AND annotator = ?",
                                               key + [annotator]) else { return nil }
        if status == "assigned" {
            try db.execute("""
                UPDATE assignment SET status = 'withdrawn', reason = ?, changed_at_us = ? WHERE project = ? AND wave = ? AND item = ? AND annotator = ?
                """, ["rejected: \(reason)", now] + key + [annotator])
        }
        if let existing: String = try db.value("SELECT annotator FROM assignment WHERE project = ? AND wave = ? AND item = ? AND replaces = ?",
                                              key + [annotator]) {
            return Relaunch(wave: wave, item: id, from: annotator, to: existing)
        }
        let to = try assignToNext(db, project: project, wave: wave, item: id, among: nil, replaces: annotator,
                                  reason: "relaunched: \(annotator)'s work was rejected", now: now)
        return Relaunch(wave: wave, item: id, from: annotator, to: to)
    }

    /// Gives `item` to the least-loaded annotator (active assignments in the wave; ties by name)
    /// among `among` (default: the wave's annotators) who has never had it. Nil: nobody is left.
    static func assignToNext(_ db: any SQLConnection, project: String, wave: String, item: String, among: [String]?, replaces: String?,
                             reason: String, now: Int64) throws -> String? {
        var load: [String: (active: Int, last: Int)] = [:]
        for row in try db.rows("""
            SELECT annotator, sum(CASE WHEN status = 'assigned' THEN 1 ELSE 0 END), max(position) FROM assignment WHERE project = ? AND wave = ? GROUP BY annotator
            """, [project, wave]) {
            load[row[0]] = (row[1], row[2])
        }
        let had = Set<String>(try db.values("SELECT annotator FROM assignment WHERE project = ? AND wave = ? AND item = ?",
                                          [project, wave, item]))
        let candidates = (among ?? Array(load.keys)).filter { !had.contains($0) }
        guard let to = candidates.min(by: { (load[$0]?.active ?? 0, $0) < (load[$1]?.active ?? 0, $1) }) else { return nil }
        try db.execute("""
            INSERT INTO assignment (project, wave, item, annotator, position, status, reason, replaces, assigned_at_us, changed_at_us)
            VALUES (?, ?, ?, ?, ?, 'assigned', ?, ?, ?, ?)
            """, [project, wave, item, to, (load[to]?.last ?? -1) + 1, reason, replaces, now, now])
        try db.execute("INSERT INTO annotator_project (annotator, project) VALUES (?, ?) ON CONFLICT DO NOTHING", [to, project])
        return to
    }
}

/// Taking work back from an annotator, and handing out the pool.
extension CentralStore {
    /// Withdraws `annotator`'s open assignments in the wave (all not yet submitted or decided,
    /// or just `items`), keeping them for audit with the reason; each item goes to another
    /// annotator of the wave unless `reassign` is false (then it waits in the pool).
    public func withdraw(project: String, wave: String, annotator: String, items: [String]?, reason: String,
                         reassign: Bool) throws(StoreError) -> [Relaunch] {
        let decided = Set(try qcDecisions(project: project).keys)
        return try write { db in
            guard try db.exists("SELECT 1 FROM wave WHERE project = ? AND id = ?", [project, wave]) else {
                throw StoreError.invalid("project \(project) has no wave \(wave)")
            }
            let rows = try db.rows("""
                SELECT a.item, i.session, \(db.dialect.jsonInt("s.line", "submitted_at_us")) FROM assignment a
                JOIN wave_item i ON i.project = a.project AND i.wave = a.wave AND i.item = a.item
                LEFT JOIN session s ON s.id = i.session AND s.annotator = a.annotator
                WHERE a.project = ? AND a.wave = ? AND a.annotator = ? AND a.status = 'assigned' ORDER BY a.position
                """, [project, wave, annotator])
            if let items {
                let open = Set(rows.map { $0[0] as String })
                if let missing = items.first(where: { !open.contains($0) }) {
                    throw StoreError.invalid("\(annotator) has no open assignment of item \(missing) in wave \(wave)")
                }
            }
            let now = Date().microsecondsSince1970
            var done: [Relaunch] = []
            for row in rows {
                let item: String = row[0], session: String = row[1]
                if let items { guard items.contains(item) else { continue } } else {
                    guard (row[2] as Int64?) == nil, !decided.contains(QCDecision.key(session, annotator)) else { continue }
                }
                try db.execute("""
                    UPDATE assignment SET status = 'withdrawn', reason = ?, changed_at_us = ? WHERE project = ? AND wave = ? AND item = ? AND annotator = ?
                    """, ["withdrawn: \(reason)", now, project, wave, item, annotator])
                let to = reassign ? try Self.assignToNext(db, project: project, wave: wave, item: item, among: nil, replaces: annotator,
                                                          reason: "reassigned: withdrawn from \(annotator)", now: now) : nil
                done.append(Relaunch(wave: wave, item: item, from: annotator, to: to))
            }
            return done
        }
    }

    /// Hands the pool's items (fewer active annotators than planned) to annotators who never had
    /// them: `among` (registered; they join the project), else the wave's own. Returns (item, to).
    public func fillPool(project: String, wave: String, among: [String]?) throws(StoreError) -> [(item: String, to: String)] {
        try write { db in
            guard try db.exists("SELECT 1 FROM wave WHERE project = ? AND id = ?", [project, wave]) else {
                throw StoreError.invalid("project \(project) has no wave \(wave)")
            }
            if let among {
                let known = Set<String>(try db.values("SELECT id FROM annotator"))
                let unknown = among.filter { !known.contains($0) }
                if !unknown.isEmpty { throw StoreError.invalid("not registered: \(unknown.joined(separator: ", "))") }
            }
            let pool = try db.rows("""
                SELECT item, missing FROM (
                    SELECT i.item, i.wanted - (SELECT count(*) FROM assignment a WHERE a.project = i.project AND a.wave = i.wave AND a.item = i.item
                        AND a.status = 'assigned') AS missing
                    FROM wave_item i WHERE i.project = ? AND i.wave = ?) x
                WHERE missing > 0 ORDER BY item
                """, [project, wave])
            let now = Date().microsecondsSince1970
            var given: [(item: String, to: String)] = []
            for row in pool {
                let item: String = row[0]
                for _ in 0..<(row[1] as Int) {
                    guard let to = try Self.assignToNext(db, project: project, wave: wave, item: item, among: among, replaces: nil,
                                                         reason: "from the pool", now: now) else { break }
                    given.append((item, to))
                }
            }
            return given
        }
    }
}
