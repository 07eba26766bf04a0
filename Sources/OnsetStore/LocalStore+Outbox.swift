import Foundation
import GRDB
import GRDBSQLite
import OnsetCore

/// What a project's next export bundle holds: its members as JSON lines (written from SQLite's
/// column bytes by `JSONRowWriter`, or by `json_object` for the small members) and what they cover.
public struct BundleChanges: Sendable {
    public var project: String
    public var sequence: Int64
    /// The op log covered: after `afterSeq`, through `throughSeq`.
    public var afterSeq: Int64
    public var throughSeq: Int64
    /// Telemetry saved after the previous bundle's mark, through this one.
    public var telemetryAfterUs: Int64
    public var telemetryThroughUs: Int64
    public var sessions: [SessionRecord]
    public var spans: [UInt8] = []
    public var clipRatings: [UInt8] = []
    /// Decisions on model predictions (and decisions taken back) since the last bundle.
    public var predictionReviews: [UInt8] = []
    public var telemetry: [UInt8] = []
    public var operations: [UInt8] = []
    public var records = 0
    /// When the newest change was made: the bundle's creation time, so it is reproducible.
    public var newestUs: Int64 = 0
    /// Annotators other than the bundle's whose records would be in it.
    public var otherAnnotators: [String] = []
    /// A session was submitted or reopened since the last bundle (its line says so).
    public var sessionStatusChanged = false

    public var isEmpty: Bool { operations.isEmpty && telemetry.isEmpty && predictionReviews.isEmpty && !sessionStatusChanged }
}

/// A bundle in the outbox.
public struct OutboxEntry: Sendable, Equatable {
    public var bundleID: String
    public var project: String
    public var sequence: Int64
    public var throughSeq: Int64
    public var filePath: String
    public var sha256: String
    public var bytes: Int
    public var records: Int
    public var createdAt: Date
    public var attempts: Int
    public var lastAttemptAt: Date?
    public var lastError: String?
    public var deliveredAt: Date?
    public var deliveredTo: String?
    public var receipt: String?
}

extension LocalStore {
    /// The projects of the store's sessions (sessions without a project are never bundled).
    public func projects() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT project FROM session WHERE project IS NOT NULL AND project <> '' ORDER BY project") }
    }

    /// What the next bundle of `project` holds: changes since the last bundle, or everything.
    public func bundleChanges(project: String, annotator: String, all: Bool) throws(StoreError) -> BundleChanges {
        try read { db in
            let last = try Row.fetchOne(db, sql: """
                SELECT max(sequence) AS sequence, max(through_seq) AS through, max(telemetry_through_us) AS telemetry FROM outbox WHERE project = ?
                """, arguments: [project])
            let sequence = (last?["sequence"] as Int64? ?? 0) + 1
            let after: Int64 = all ? 0 : last?["through"] as Int64? ?? 0
            let telemetryAfter: Int64 = all ? 0 : last?["telemetry"] as Int64? ?? 0
            let sessions = try Row.fetchAll(db, sql: Self.sessionQuery + " WHERE s.project = ? ORDER BY s.id", arguments: [project]).map(Self.sessionRecord)
            let ids = sessions.map(\.id)
            let through = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM op_log WHERE session_id IN (SELECT id FROM session WHERE project = ?)",
                                             arguments: [project]) ?? 0
            let telemetryThrough = try Int64.fetchOne(db, sql: """
                SELECT max(updated_at_us) FROM telemetry WHERE session_id IN (SELECT id FROM session WHERE project = ?)
                """, arguments: [project]) ?? 0
            var changes = BundleChanges(project: project, sequence: sequence, afterSeq: after, throughSeq: max(through, after),
                                        telemetryAfterUs: telemetryAfter, telemetryThroughUs: max(telemetryThrough, telemetryAfter),
                                        sessions: sessions)
            guard !ids.isEmpty else { return changes }
            let inProject = Self.sessionIn(ids, project: project)
            let range: StatementArguments = [after, through]
            let touched = "SELECT record_id FROM op_log WHERE seq > ? AND seq <= ? AND \(inProject) AND record_type = "
            var others = Set<String>()
            var records = 0
            let operations = try OperationLines.member(db, after: after, through: through, inProject: inProject)
            changes.operations = operations.text
            let spans = try SpanLines.member(db, changed: operations.spans, touched: touched + "'span'", range, inProject: inProject)
            changes.spans = spans.text
            records += spans.count
            for owner in spans.annotators where !owner.elementsEqual(annotator.utf8) { others.insert(String(decoding: owner, as: UTF8.self)) }
            changes.clipRatings = try Self.lines(db, sql: """
                SELECT json_object('id', id, 'session', session_id, 'clip', clip, 'dimension', dimension, 'score', score,
                    'confidence', confidence, 'note', note, 'annotator', annotator, 'scheme_id', scheme_id,
                    'scheme_version', scheme_version, 'created_at_us', created_at_us, 'updated_at_us', updated_at_us,
                    'revision', revision, 'deleted_at_us', deleted_at_us), annotator
                FROM clip_rating WHERE id IN (\(touched)'clip_rating') ORDER BY id
                """, range, annotator: annotator, others: &others, count: &records)
            // Reviews are not in the op log: they travel by time, after the last bundle's stamp.
            let lastStamp = all ? 0 : try Int64.fetchOne(db, sql: "SELECT max(created_at_us) FROM outbox WHERE project = ?", arguments: [project]) ?? 0
            changes.predictionReviews = try Self.lines(db, sql: Self.reviewLines + " ORDER BY 1", [project, lastStamp, project, lastStamp],
                                                       annotator: annotator, others: &others, count: &records)
            let newestReview = try Int64.fetchOne(db, sql: """
                SELECT max(t) FROM (SELECT max(r.reviewed_at_us) AS t FROM prediction_review r JOIN prediction p ON p.id = r.prediction_id WHERE p.\(inProject)
                                    UNION ALL SELECT max(u.undone_at_us) FROM prediction_review_undone u JOIN prediction p ON p.id = u.prediction_id WHERE p.\(inProject))
                """) ?? 0
            changes.records = records
            changes.otherAnnotators = others.sorted()
            changes.telemetry = try Self.lines(db, sql: """
                SELECT json_object('session', session_id, 'annotator', annotator, 'updated_at_us', updated_at_us, 'data', json(data_json))
                FROM telemetry WHERE \(inProject) AND updated_at_us > ? AND annotator = ? ORDER BY session_id
                """, [telemetryAfter, annotator])
            changes.newestUs = max(operations.newestUs, changes.telemetry.isEmpty ? 0 : changes.telemetryThroughUs,
                                   changes.predictionReviews.isEmpty ? 0 : newestReview)
            // Bundles are stamped with their newest change, so a status change after the last
            // bundle's stamp is one that bundle did not carry.
            let statusChanged = try Int64.fetchOne(db, sql: "SELECT max(status_changed_at_us) FROM session WHERE project = ?", arguments: [project]) ?? 0
            if statusChanged > lastStamp {
                changes.sessionStatusChanged = true
                changes.newestUs = max(changes.newestUs, statusChanged)
            }
            return changes
        }
    }

    /// `session_id IN (…)` with the project's session ids written out: over a million op-log
    /// rows, a list of constants costs SQLite a fraction of probing a subquery's table per row
    /// (0.1 s against 0.45 s to count them). A very long list falls back to the subquery.
    static func sessionIn(_ ids: [String], project: String) -> String {
        func literal(_ text: String) -> String {
            // SQL text ends at a NUL byte, so such an id goes in as the bytes of a blob.
            guard !text.utf8.contains(0) else { return "CAST(X'" + text.utf8.map { String(format: "%02x", $0) }.joined() + "' AS TEXT)" }
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        let list = ids.map(literal).joined(separator: ",")
        return list.utf8.count > 100_000 ? "session_id IN (SELECT id FROM session WHERE project = \(literal(project)))" : "session_id IN (\(list))"
    }

    /// A project's decisions on predictions made after a time, and decisions taken back after
    /// it (`decision` null, `deleted_at_us` set): each line carries the prediction it concerns,
    /// so the central store can evaluate the model without the predictions file. One record per
    /// prediction and reviewer (`id`); its revision is the time of the change. Arguments:
    /// project, after, project, after.
    static let reviewLines = """
        SELECT json_object('id', p.id || '/' || r.reviewer, 'prediction', p.id, 'session', p.session_id, 'layer', p.layer, 'type', p.type,
            'onset_us', p.onset_us, 'offset_us', p.offset_us, 'probability', p.probability, 'rationale', p.rationale, 'known', json(CASE WHEN p.known THEN 'true' ELSE 'false' END),
            'decision', r.decision, 'reason', r.reason, 'span', lower(r.span_id), 'annotator', r.reviewer, 'revision', r.reviewed_at_us,
            'deleted_at_us', NULL), r.reviewer
        FROM prediction_review r JOIN prediction p ON p.id = r.prediction_id
        WHERE p.session_id IN (SELECT id FROM session WHERE project = ?) AND r.reviewed_at_us > ?
        UNION ALL
        SELECT json_object('id', p.id || '/' || u.reviewer, 'prediction', p.id, 'session', p.session_id, 'layer', p.layer, 'type', p.type,
            'onset_us', p.onset_us, 'offset_us', p.offset_us, 'probability', p.probability, 'rationale', p.rationale, 'known', json(CASE WHEN p.known THEN 'true' ELSE 'false' END),
            'decision', NULL, 'reason', '', 'span', NULL, 'annotator', u.reviewer, 'revision', u.undone_at_us,
            'deleted_at_us', u.undone_at_us), u.reviewer
        FROM prediction_review_undone u JOIN prediction p ON p.id = u.prediction_id
        WHERE p.session_id IN (SELECT id FROM session WHERE project = ?) AND u.undone_at_us > ?
        """

    /// Rows of one text column, each followed by a newline.
    private static func lines(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [UInt8] {
        var unused = Set<String>(), count = 0
        return try lines(db, sql: sql, arguments, annotator: nil, others: &unused, count: &count)
    }

    /// The same, for records: the second column is the record's annotator; any other than
    /// `annotator` is collected, and the rows counted.
    private static func lines(_ db: Database, sql: String, _ arguments: StatementArguments, annotator: String?,
                              others: inout Set<String>, count: inout Int) throws -> [UInt8] {
        var out: [UInt8] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            // Straight from SQLite's buffer into the member: no String per line.
            try row.withUnsafeData(atIndex: 0) { data in if let data { out.append(contentsOf: data) } }
            out.append(10)
            count += 1
            if let annotator, let owner: String = row[1], owner != annotator { others.insert(owner) }
        }
        return out
    }

    /// Records a bundle written to `path`; it waits in the outbox until delivered.
    public func addToOutbox(_ changes: BundleChanges, bundleID: String, path: String, sha256: String, bytes: Int, createdAtUs: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO outbox (bundle_id, project, sequence, after_seq, through_seq, telemetry_through_us, file_path, sha256, bytes,
                                    records, created_at_us)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [bundleID, changes.project, changes.sequence, changes.afterSeq, changes.throughSeq,
                                 changes.telemetryThroughUs, path, sha256, bytes, changes.records, createdAtUs])
        }
    }

    public func outbox(pendingOnly: Bool = false) throws(StoreError) -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox \(pendingOnly ? "WHERE delivered_at_us IS NULL" : "") ORDER BY project, sequence").map { r in
                OutboxEntry(bundleID: r["bundle_id"], project: r["project"], sequence: r["sequence"], throughSeq: r["through_seq"],
                            filePath: r["file_path"], sha256: r["sha256"], bytes: r["bytes"], records: r["records"],
                            createdAt: Date(microsecondsSince1970: r["created_at_us"]), attempts: r["attempts"],
                            lastAttemptAt: (r["last_attempt_at_us"] as Int64?).map(Date.init(microsecondsSince1970:)),
                            lastError: r["last_error"],
                            deliveredAt: (r["delivered_at_us"] as Int64?).map(Date.init(microsecondsSince1970:)),
                            deliveredTo: r["delivered_to"], receipt: r["receipt"])
            }
        }
    }

    /// Notes a delivery attempt: its error, or the receiver's acknowledgement.
    public func recordDelivery(_ bundleID: String, to destination: String, receipt: String?, error: String?) throws(StoreError) {
        try write { db in
            let now = Date().microsecondsSince1970
            if let error {
                try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_attempt_at_us = ?, last_error = ? WHERE bundle_id = ?",
                               arguments: [now, error, bundleID])
            } else {
                try db.execute(sql: """
                    UPDATE outbox SET attempts = attempts + 1, last_attempt_at_us = ?, last_error = NULL, delivered_at_us = ?,
                        delivered_to = ?, receipt = ? WHERE bundle_id = ?
                    """, arguments: [now, now, destination, receipt, bundleID])
            }
        }
    }

    /// Edits of sessions in a project not yet in any bundle, and submissions (or reopenings) not
    /// yet bundled: what `onset sync --status` and the workstation's status line call unsynced.
    public func unbundledEdits(session: String? = nil) throws(StoreError) -> Int {
        try read { db in
            let only = session == nil ? "" : "AND s.id = ?"
            let arguments: StatementArguments = session.map { [$0, $0, $0] } ?? []
            return try Int.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM op_log o JOIN session s ON s.id = o.session_id
                        WHERE s.project IS NOT NULL AND s.project <> '' \(only)
                          AND o.seq > coalesce((SELECT max(through_seq) FROM outbox WHERE project = s.project), 0))
                     + (SELECT count(*) FROM session s WHERE s.project IS NOT NULL AND s.project <> '' \(only)
                          AND s.status_changed_at_us > coalesce((SELECT max(created_at_us) FROM outbox WHERE project = s.project), 0))
                     + (SELECT count(*) FROM (SELECT p.session_id, r.reviewed_at_us AS t FROM prediction_review r JOIN prediction p ON p.id = r.prediction_id
                                              UNION ALL SELECT p.session_id, u.undone_at_us FROM prediction_review_undone u JOIN prediction p ON p.id = u.prediction_id) c
                        JOIN session s ON s.id = c.session_id WHERE s.project IS NOT NULL AND s.project <> '' \(only)
                          AND c.t > coalesce((SELECT max(created_at_us) FROM outbox WHERE project = s.project), 0))
                """, arguments: arguments) ?? 0
        }
    }
}
