import Foundation

/// What a bundle is, as far as the central store's bookkeeping goes (read from its manifest).
public struct IngestBundle: Sendable {
    public var id: String
    public var sha256: String
    public var annotator: String
    public var workstation: String
    public var project: String
    public var sequence: Int64

    public init(id: String, sha256: String, annotator: String, workstation: String, project: String, sequence: Int64) {
        self.id = id
        self.sha256 = sha256
        self.annotator = annotator
        self.workstation = workstation
        self.project = project
        self.sequence = sequence
    }
}

public enum IngestOutcome: Equatable, Sendable {
    /// Applied now; `records` spans and ratings stored, `unchanged` of them already known.
    case applied(records: Int, unchanged: Int)
    /// The same bundle came before: nothing changed.
    case alreadyApplied
    /// A bundle before it (from this workstation, for this project) has not arrived: kept until it does.
    case held(waitingFor: Int64)
    case alreadyHeld(waitingFor: Int64)
}

/// Writes of one bundle, valid only inside `CentralStore.ingest`: all of them commit together
/// or not at all.
public final class CentralIngest {
    let db: any SQLConnection
    let bundle: IngestBundle
    private(set) var records = 0
    private(set) var unchanged = 0
    private var pending: [PendingRecord] = []
    static let batchSize = 1_000

    init(db: any SQLConnection, bundle: IngestBundle) {
        self.db = db
        self.bundle = bundle
    }

    public func session(id: String, project: String, wave: String?, line: String) throws {
        try db.execute("""
            INSERT INTO session (id, annotator, project, wave, line, bundle_id) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id, annotator) DO UPDATE SET project = excluded.project, wave = excluded.wave, line = excluded.line,
                bundle_id = excluded.bundle_id
            """, [id, bundle.annotator, project, wave, line, bundle.id])
    }

    /// Stores one revision of a span or rating. The same revision again is fine if it is the
    /// same; a different text under the same id and revision is refused.
    /// What reports read of a span, stored beside its line.
    public struct SpanColumns: Sendable {
        public var signal: String
        public var onsetUs: Int64
        public var offsetUs: Int64
        public var intensity: Int64?
        public init(signal: String, onsetUs: Int64, offsetUs: Int64, intensity: Int64?) {
            self.signal = signal
            self.onsetUs = onsetUs
            self.offsetUs = offsetUs
            self.intensity = intensity
        }
    }

    public func record(kind: String, id: String, revision: Int64, session: String, wave: String?, deleted: Bool, line: String,
                       span: SpanColumns? = nil) throws {
        // Over a network, a round trip per record is the cost: PostgreSQL gets them in batches.
        if db.dialect == .postgres {
            pending.append(PendingRecord(kind: kind, id: id, revision: revision, session: session, wave: wave, deleted: deleted, line: line, span: span))
            if pending.count >= Self.batchSize { try flush() }
            return
        }
        // A revision arriving after a later one (two workstations of one annotator) is born superseded.
        // (`WHERE 1 = 1`: SQLite's parser needs a WHERE before an upsert clause on INSERT … SELECT.)
        let inserted = try db.execute("""
            INSERT INTO record_revision (kind, id, revision, annotator, project, wave, session, deleted, line, bundle_id, superseded,
                                         signal, onset_us, offset_us, intensity)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                   CASE WHEN EXISTS (SELECT 1 FROM record_revision x WHERE x.id = ?2 AND x.revision > ?3) THEN 1 ELSE 0 END,
                   ?11, ?12, ?13, ?14 WHERE 1 = 1
            ON CONFLICT DO NOTHING
            """, [kind, id, revision, bundle.annotator, bundle.project, wave, session, deleted, line, bundle.id,
                  span?.signal, span?.onsetUs, span?.offsetUs, span?.intensity]) > 0
        records += 1
        if inserted, revision > 1 {
            try db.execute("UPDATE record_revision SET superseded = 1 WHERE id = ? AND revision < ? AND superseded = 0", [id, revision])
        }
        if !inserted {
            let known = try db.row("SELECT line, annotator FROM record_revision WHERE id = ? AND revision = ?", [id, revision])
            if let owner = known?["annotator"] as String?, owner != bundle.annotator {
                throw StoreError.invalid("\(kind) \(id) belongs to annotator \(owner); one annotator cannot overwrite another's work")
            }
            guard known?["line"] as String? == line else {
                throw StoreError.invalid("\(kind) \(id) revision \(revision) is already stored with different content (a duplicate id)")
            }
            unchanged += 1
        }
    }

    struct PendingRecord {
        var kind: String, id: String, revision: Int64, session: String, wave: String?, deleted: Bool, line: String, span: SpanColumns?
    }

    /// Writes the records gathered for a batch, with the same rules as one at a time: a revision
    /// born superseded when a later one is stored, earlier ones superseded by it, and one already
    /// stored accepted only with the same content and owner.
    func flush() throws {
        guard !pending.isEmpty else { return }
        // The same id and revision twice in one batch: the second is the first again, or refused.
        var first: [String: String] = [:]
        var batch: [PendingRecord] = []
        batch.reserveCapacity(pending.count)
        for r in pending {
            let key = r.id + "\u{0}" + String(r.revision)
            if let line = first[key] {
                guard line == r.line else {
                    throw StoreError.invalid("\(r.kind) \(r.id) revision \(r.revision) is already stored with different content (a duplicate id)")
                }
                records += 1
                unchanged += 1
                continue
            }
            first[key] = r.line
            batch.append(r)
        }
        pending.removeAll(keepingCapacity: true)
        var arguments: SQLArguments = []
        arguments.reserveCapacity(batch.count * 14)
        for r in batch {
            arguments += [r.kind, r.id, r.revision, bundle.annotator, bundle.project, r.wave, r.session, r.deleted, r.line, bundle.id,
                          r.span?.signal, r.span?.onsetUs, r.span?.offsetUs, r.span?.intensity] as SQLArguments
        }
        let tuples = Array(repeating: "(" + Array(repeating: "?", count: 14).joined(separator: ", ") + ")", count: batch.count).joined(separator: ", ")
        let inserted = try db.rows("""
            INSERT INTO record_revision (kind, id, revision, annotator, project, wave, session, deleted, line, bundle_id, superseded,
                                         signal, onset_us, offset_us, intensity)
            SELECT v.kind, v.id, v.revision, v.annotator, v.project, v.wave, v.session, v.deleted, v.line, v.bundle_id,
                   CASE WHEN EXISTS (SELECT 1 FROM record_revision x WHERE x.id = v.id AND x.revision > v.revision) THEN 1 ELSE 0 END,
                   v.signal, v.onset_us, v.offset_us, v.intensity
            FROM (VALUES \(tuples)) AS v(kind, id, revision, annotator, project, wave, session, deleted, line, bundle_id, signal, onset_us, offset_us, intensity)
            ON CONFLICT DO NOTHING RETURNING id, revision
            """, arguments)
        records += batch.count
        var stored = Set<String>()
        for row in inserted { stored.insert((row[0] as String) + "\u{0}" + String(row[1] as Int64)) }
        let later = batch.filter { $0.revision > 1 && stored.contains($0.id + "\u{0}" + String($0.revision)) }
        if !later.isEmpty {
            try db.execute("""
                UPDATE record_revision SET superseded = 1 FROM (VALUES \(Array(repeating: "(?, ?)", count: later.count).joined(separator: ", "))) AS v(id, revision)
                WHERE record_revision.id = v.id AND record_revision.revision < v.revision AND record_revision.superseded = 0
                """, later.flatMap { [$0.id, $0.revision] as SQLArguments })
        }
        let known = batch.filter { !stored.contains($0.id + "\u{0}" + String($0.revision)) }
        guard !known.isEmpty else { return }
        var existing: [String: (line: String, annotator: String)] = [:]
        for row in try db.rows("""
            SELECT r.id, r.revision, r.line, r.annotator FROM record_revision r
            JOIN (VALUES \(Array(repeating: "(?, ?)", count: known.count).joined(separator: ", "))) AS v(id, revision) ON r.id = v.id AND r.revision = v.revision
            """, known.flatMap { [$0.id, $0.revision] as SQLArguments }) {
            existing[(row[0] as String) + "\u{0}" + String(row[1] as Int64)] = (row[2], row[3])
        }
        for r in known {
            let k = existing[r.id + "\u{0}" + String(r.revision)]
            if let owner = k?.annotator, owner != bundle.annotator {
                throw StoreError.invalid("\(r.kind) \(r.id) belongs to annotator \(owner); one annotator cannot overwrite another's work")
            }
            guard k?.line == r.line else {
                throw StoreError.invalid("\(r.kind) \(r.id) revision \(r.revision) is already stored with different content (a duplicate id)")
            }
            unchanged += 1
        }
    }

    /// A reviewer's decision on a prediction (or its taking back), kept like a record's revision.
    public func predictionReview(id: String, revision: Int64, session: String, wave: String?, deleted: Bool, line: String) throws {
        let inserted = try db.execute("""
            INSERT INTO prediction_review (id, revision, annotator, project, wave, session, deleted, superseded, line, bundle_id)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7,
                   CASE WHEN EXISTS (SELECT 1 FROM prediction_review x WHERE x.id = ?1 AND x.revision > ?2) THEN 1 ELSE 0 END, ?8, ?9 WHERE 1 = 1
            ON CONFLICT DO NOTHING
            """, [id, revision, bundle.annotator, bundle.project, wave, session, deleted, line, bundle.id]) > 0
        records += 1
        if inserted {
            try db.execute("UPDATE prediction_review SET superseded = 1 WHERE id = ? AND revision < ? AND superseded = 0", [id, revision])
            return
        }
        let known: String? = try db.value("SELECT line FROM prediction_review WHERE id = ? AND revision = ?", [id, revision])
        guard known == line else {
            throw StoreError.invalid("prediction review \(id) revision \(revision) is already stored with different content (a duplicate id)")
        }
        unchanged += 1
    }

    public func telemetry(session: String, updatedAtUs: Int64, line: String) throws {
        try db.execute("""
            INSERT INTO telemetry (session, annotator, project, updated_at_us, line) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (session, annotator) DO UPDATE SET updated_at_us = excluded.updated_at_us, line = excluded.line
                WHERE excluded.updated_at_us > telemetry.updated_at_us
            """, [session, bundle.annotator, bundle.project, updatedAtUs, line])
    }

}

extension CentralStore {
    /// Ingests one verified bundle in one transaction: already seen → nothing changes; a gap in
    /// its workstation's sequence → held; else `apply` writes its records, ownership is checked
    /// (no id may belong to two annotators), and the sequence moves on. Any error rolls it all back.
    public func ingest(_ bundle: IngestBundle, bytes: [UInt8], apply: (CentralIngest) throws -> Void) throws(StoreError) -> IngestOutcome {
        try write { db in
            let now = Date().microsecondsSince1970
            try db.lockForIngest()
            let expected = (try db.value("SELECT applied_through FROM workstation_progress WHERE workstation = ? AND project = ?",
                                         [bundle.workstation, bundle.project]) ?? Int64(0)) + 1
            if let known = try db.row("SELECT sha256, status FROM bundle WHERE id = ?", [bundle.id]) {
                guard known["sha256"] as String == bundle.sha256 else {
                    throw StoreError.invalid("a different bundle with the same id \(bundle.id) was ingested before")
                }
                if known["status"] as String == "applied" { return .alreadyApplied }
                if bundle.sequence != expected { return .alreadyHeld(waitingFor: expected) }
            } else {
                if bundle.sequence < expected {
                    throw StoreError.invalid("workstation \(bundle.workstation) already delivered bundle \(bundle.sequence) of project \(bundle.project) (another bundle with that number)")
                }
                if let other: String = try db.value("SELECT id FROM bundle WHERE workstation = ? AND project = ? AND sequence = ?",
                                                    [bundle.workstation, bundle.project, bundle.sequence]) {
                    throw StoreError.invalid("bundle \(bundle.sequence) of workstation \(bundle.workstation) is already held as \(other), with other content")
                }
                if bundle.sequence > expected {
                    try db.execute("""
                        INSERT INTO bundle (id, sha256, annotator, workstation, project, sequence, status, records, received_at_us, file)
                        VALUES (?, ?, ?, ?, ?, ?, 'held', 0, ?, ?)
                        """, [bundle.id, bundle.sha256, bundle.annotator, bundle.workstation, bundle.project, bundle.sequence,
                                         now, Data(bytes)])
                    return .held(waitingFor: expected)
                }
            }
            // This bundle's rows are the ones appended after this point.
            let firstRow: Int64 = try db.value("SELECT coalesce(max(rowid), 0) FROM record_revision") ?? 0
            let writer = CentralIngest(db: db, bundle: bundle)
            try apply(writer)
            try writer.flush()
            if let clash = try db.row("""
                SELECT r.kind, r.id, o.annotator FROM record_revision r JOIN record_revision o ON o.id = r.id AND o.annotator <> r.annotator
                WHERE r.rowid > ? LIMIT 1
                """, [firstRow]) {
                throw StoreError.invalid("\(clash["kind"] as String) \(clash["id"] as String) belongs to annotator \(clash["annotator"] as String); one annotator cannot overwrite another's work")
            }
            try db.execute("""
                INSERT INTO bundle (id, sha256, annotator, workstation, project, sequence, status, records, received_at_us, applied_at_us, file)
                VALUES (?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = 'applied', records = excluded.records, applied_at_us = excluded.applied_at_us
                """, [bundle.id, bundle.sha256, bundle.annotator, bundle.workstation, bundle.project, bundle.sequence,
                      writer.records, now, now, Data(bytes)])
            try db.execute("""
                INSERT INTO workstation_progress (workstation, project, annotator, applied_through, updated_at_us) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (workstation, project) DO UPDATE SET applied_through = excluded.applied_through, updated_at_us = excluded.updated_at_us
                """, [bundle.workstation, bundle.project, bundle.annotator, bundle.sequence, now])
            return .applied(records: writer.records, unchanged: writer.unchanged)
        }
    }

    /// Whether exactly this bundle (same id, same file hash) was applied before: then nothing in
    /// it needs checking again.
    public func isApplied(bundleID: String, sha256: String) throws(StoreError) -> Bool {
        try read { db in try db.exists("SELECT 1 FROM bundle WHERE id = ? AND sha256 = ? AND status = 'applied'", [bundleID, sha256]) }
    }

    /// The sequence number the next bundle from this workstation for this project must carry.
    public func expectedSequence(workstation: String, project: String) throws(StoreError) -> Int64 {
        try read { db in
            (try db.value("SELECT applied_through FROM workstation_progress WHERE workstation = ? AND project = ?", [workstation, project]) ?? Int64(0)) + 1
        }
    }

    /// The held bundle that can be applied next for this workstation and project, if it came.
    public func nextHeld(workstation: String, project: String) throws(StoreError) -> [UInt8]? {
        try read { db in
            let expected = (try db.value("SELECT applied_through FROM workstation_progress WHERE workstation = ? AND project = ?",
                                         [workstation, project]) ?? Int64(0)) + 1
            let file: Data? = try db.value("SELECT file FROM bundle WHERE workstation = ? AND project = ? AND sequence = ? AND status = 'held'",
                                           [workstation, project, expected])
            return file.map { Array($0) }
        }
    }

    /// Bundles waiting for an earlier one, with what they wait for.
    public func heldBundles() throws(StoreError) -> [(id: String, workstation: String, project: String, sequence: Int64, waitingFor: Int64)] {
        try read { db in
            try db.rows("""
                SELECT b.id, b.workstation, b.project, b.sequence, coalesce(p.applied_through, 0) + 1 AS waiting
                FROM bundle b LEFT JOIN workstation_progress p ON p.workstation = b.workstation AND p.project = b.project
                WHERE b.status = 'held' ORDER BY b.workstation, b.project, b.sequence
                """).map { ($0["id"], $0["workstation"], $0["project"], $0["sequence"], $0["waiting"]) }
        }
    }
}
