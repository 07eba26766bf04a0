import Foundation

/// A wave as stored: which scheme version it runs under and how it was planned.
public struct WaveRecord: Sendable, Equatable, Codable {
    public var project: String
    public var id: String
    /// pilot, calibration, production or rapid.
    public var phase: String
    /// The session mode its items are annotated in (spans, rating, review).
    public var mode: String
    public var scheme_id: String
    public var scheme_version: Int
    public var overlap: Double
    public var per_item: Int
    public var seed: Int64
    public var due_us: Int64?
    public var created_at_us: Int64
    public var created_by: String

    public init(project: String, id: String, phase: String, mode: String, scheme_id: String, scheme_version: Int, overlap: Double,
                per_item: Int, seed: Int64, due_us: Int64?, created_at_us: Int64, created_by: String) {
        self.project = project; self.id = id; self.phase = phase; self.mode = mode; self.scheme_id = scheme_id
        self.scheme_version = scheme_version; self.overlap = overlap; self.per_item = per_item; self.seed = seed
        self.due_us = due_us; self.created_at_us = created_at_us; self.created_by = created_by
    }

    public static let phases = ["pilot", "calibration", "production", "rapid"]
}

/// One media item of a wave.
public struct WaveItemRecord: Sendable, Equatable {
    public var item: String
    public var session: String
    public var gold: Bool
    public var media: String
    public var fingerprint: String?
    public var durationUs: Int64?
    public var transcript: String?
    public var prompt: String?
    /// A JSON object.
    public var metadata: String
    /// How many annotators the plan gives it.
    public var wanted: Int

    public init(item: String, session: String, gold: Bool, media: String, fingerprint: String?, durationUs: Int64?,
                transcript: String?, prompt: String?, metadata: String, wanted: Int) {
        self.item = item; self.session = session; self.gold = gold; self.media = media; self.fingerprint = fingerprint
        self.durationUs = durationUs; self.transcript = transcript; self.prompt = prompt; self.metadata = metadata; self.wanted = wanted
    }
}

/// An assignment as an annotator's workstation receives it (`GET /v1/assignments`, `onset sync`).
/// Whether an item is gold is not said: calibration is blind.
public struct AssignmentView: Sendable, Equatable, Codable {
    public var project: String
    public var wave: String
    public var phase: String
    public var mode: String
    public var item: String
    public var session: String
    public var media: String
    public var fingerprint: String?
    public var duration_us: Int64?
    public var transcript: String?
    public var prompt: String?
    /// The item's source metadata, a JSON object as text.
    public var metadata: String
    public var scheme_id: String
    public var scheme_version: Int
    public var position: Int
    /// assigned or withdrawn.
    public var status: String
    public var reason: String?
    public var due_us: Int64?
    public var assigned_at_us: Int64
    public var changed_at_us: Int64
}

extension CentralStore {
    /// Why a wave cannot be created as asked (every reason at once), or the scheme version it
    /// will pin: the one asked for, else the project's latest.
    public func checkNewWave(project: String, wave: String, schemeVersion: Int?, annotators: [String], sessions: [String]) throws(StoreError) -> Int {
        try read { db in try Self.checkNewWave(db, project: project, wave: wave, schemeVersion: schemeVersion, annotators: annotators, sessions: sessions) }
    }

    static func checkNewWave(_ db: any SQLConnection, project: String, wave: String, schemeVersion: Int?, annotators: [String], sessions: [String]) throws -> Int {
        guard wave.isProjectName else { throw StoreError.invalid("wave name `\(wave)` may hold letters, digits, `-`, `_` and `.` only") }
        let sid = try projectScheme(project, db)
        var problems: [String] = []
        if try db.exists("SELECT 1 FROM wave WHERE project = ? AND id = ?", [project, wave]) {
            problems.append("project \(project) has a wave \(wave) already; waves are not rewritten: name the new one differently")
        }
        let versions: [Int] = try db.values("SELECT version FROM scheme WHERE id = ? ORDER BY version", [sid])
        var pinned = versions.last ?? 0
        if let v = schemeVersion {
            if versions.contains(v) { pinned = v } else {
                problems.append("scheme \(sid) has no version \(v); registered: \(versions.map { "v\($0)" }.joined(separator: ", ")) (`onset project scheme` adds one)")
            }
        }
        let known = Set<String>(try db.values("SELECT id FROM annotator"))
        let unknown = annotators.filter { !known.contains($0) }
        if !unknown.isEmpty {
            problems.append("not registered: \(unknown.joined(separator: ", ")) (register with `onset central annotator add NAME --public-key KEY --project \(project)`)")
        }
        let used = Set<String>(try db.values("SELECT session FROM wave_item")).intersection(sessions)
        if !used.isEmpty {
            problems.append("session ids in use by another wave: \(used.sorted().prefix(5).joined(separator: ", "))\(used.count > 5 ? " and \(used.count - 5) more" : "")")
        }
        guard problems.isEmpty else { throw StoreError.invalid(problems.joined(separator: "\n")) }
        return pinned
    }

    /// Creates the wave, its items and assignments in one transaction: all of it or nothing.
    /// The annotators become members of the project (their bundles are accepted for it).
    public func createWave(_ wave: WaveRecord, items: [WaveItemRecord], assignments: [(item: Int, annotator: String, position: Int)]) throws(StoreError) {
        try write { db in
            let pinned = try Self.checkNewWave(db, project: wave.project, wave: wave.id, schemeVersion: wave.scheme_version,
                                               annotators: Array(Set(assignments.map(\.annotator))), sessions: items.map(\.session))
            precondition(pinned == wave.scheme_version)
            try db.execute("""
                INSERT INTO wave (project, id, phase, mode, scheme_id, scheme_version, overlap, per_item, seed, due_us, created_at_us, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [wave.project, wave.id, wave.phase, wave.mode, wave.scheme_id, wave.scheme_version, wave.overlap, wave.per_item,
                                 wave.seed, wave.due_us, wave.created_at_us, wave.created_by])
            for i in items {
                try db.execute("""
                    INSERT INTO wave_item (project, wave, item, session, gold, media, fingerprint, duration_us, transcript, prompt, metadata, wanted)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [wave.project, wave.id, i.item, i.session, i.gold, i.media, i.fingerprint, i.durationUs,
                                             i.transcript, i.prompt, i.metadata, i.wanted])
            }
            for a in assignments {
                try db.execute("""
                    INSERT INTO assignment (project, wave, item, annotator, position, status, assigned_at_us, changed_at_us)
                    VALUES (?, ?, ?, ?, ?, 'assigned', ?, ?)
                    """, [wave.project, wave.id, items[a.item].item, a.annotator, a.position, wave.created_at_us, wave.created_at_us])
            }
            for annotator in Set(assignments.map(\.annotator)) {
                try db.execute("INSERT INTO annotator_project (annotator, project) VALUES (?, ?) ON CONFLICT DO NOTHING", [annotator, wave.project])
            }
        }
    }

    /// The waves of a project (or every project), oldest first.
    public func waveRecords(project: String?) throws(StoreError) -> [WaveRecord] {
        try read { db in
            try db.rows("""
                SELECT project, id, phase, mode, scheme_id, scheme_version, overlap, per_item, seed, due_us, created_at_us, created_by
                FROM wave WHERE ?1 IS NULL OR project = ?1 ORDER BY project, created_at_us, id
                """, [project]).map {
                WaveRecord(project: $0[0], id: $0[1], phase: $0[2], mode: $0[3], scheme_id: $0[4], scheme_version: $0[5], overlap: $0[6],
                           per_item: $0[7], seed: $0[8], due_us: $0[9], created_at_us: $0[10], created_by: $0[11])
            }
        }
    }

    /// An annotator's assignments (withdrawn ones too, so a workstation can drop them), in
    /// queue order: due date, wave, position. `since`: only those changed after it.
    public func assignments(annotator: String, since: Int64? = nil) throws(StoreError) -> [AssignmentView] {
        try read { db in
            try db.rows("""
                SELECT a.project, a.wave, w.phase, w.mode, a.item, i.session, i.media, i.fingerprint, i.duration_us, i.transcript, i.prompt,
                    i.metadata, w.scheme_id, w.scheme_version, a.position, a.status, a.reason, w.due_us, a.assigned_at_us, a.changed_at_us
                FROM assignment a JOIN wave w ON w.project = a.project AND w.id = a.wave
                JOIN wave_item i ON i.project = a.project AND i.wave = a.wave AND i.item = a.item
                WHERE a.annotator = ? AND (? IS NULL OR a.changed_at_us > ?)
                ORDER BY w.due_us IS NULL, w.due_us, w.created_at_us, a.wave, a.position
                """, [annotator, since, since]).map {
                AssignmentView(project: $0[0], wave: $0[1], phase: $0[2], mode: $0[3], item: $0[4], session: $0[5], media: $0[6],
                               fingerprint: $0[7], duration_us: $0[8], transcript: $0[9], prompt: $0[10], metadata: $0[11], scheme_id: $0[12],
                               scheme_version: $0[13], position: $0[14], status: $0[15], reason: $0[16], due_us: $0[17],
                               assigned_at_us: $0[18], changed_at_us: $0[19])
            }
        }
    }

    public func schemeVersion(id: String, version: Int) throws(StoreError) -> SchemeVersion? {
        try read { db in
            try db.row("SELECT id, version, sha256, toml FROM scheme WHERE id = ? AND version = ?", [id, version])
                .map { SchemeVersion(id: $0[0], version: $0[1], sha256: $0[2], toml: $0[3]) }
        }
    }
}

extension CentralStore {
    /// Annotators who have delivered work to the project (they need no calibration by default).
    public func annotatorsWithWork(project: String) throws(StoreError) -> Set<String> {
        try read { db in Set<String>(try db.values("SELECT DISTINCT annotator FROM session WHERE project = ?", [project])) }
    }
}
