import Foundation
import GRDB

/// A quality-control decision on one annotator's work in a session. A rejected session is
/// kept (for audit) but left out of dataset deliveries and agreement figures.
public struct QCDecision: Equatable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case accepted, rejected
    }

    public var session: String
    public var annotator: String
    public var status: Status
    public var reason: String
    public var decidedAtUs: Int64
    public var decidedBy: String

    public init(session: String, annotator: String, status: Status, reason: String, decidedAtUs: Int64, decidedBy: String) {
        self.session = session
        self.annotator = annotator
        self.status = status
        self.reason = reason
        self.decidedAtUs = decidedAtUs
        self.decidedBy = decidedBy
    }

    init(row: Row) {
        self.init(session: row["session"], annotator: row["annotator"], status: Status(rawValue: row["status"]) ?? .accepted,
                  reason: row["reason"], decidedAtUs: row["decided_at_us"], decidedBy: row["decided_by"])
    }

    init(row: SQLRow) {
        self.init(session: row["session"], annotator: row["annotator"], status: Status(rawValue: row["status"]) ?? .accepted,
                  reason: row["reason"], decidedAtUs: row["decided_at_us"], decidedBy: row["decided_by"])
    }

    /// The annotator a decision is about: the one named (who must have worked on the session),
    /// or the session's only one.
    static func whose(_ annotator: String?, among coders: [String], session: String) throws(StoreError) -> String {
        if let annotator {
            guard coders.contains(annotator) else {
                throw StoreError.invalid("session `\(session)` has no work by \(annotator) (annotators: \(coders.joined(separator: ", ")))")
            }
            return annotator
        }
        guard coders.count == 1 else {
            throw StoreError.invalid("session `\(session)` holds work by \(coders.joined(separator: ", ")): choose one with --annotator")
        }
        return coders[0]
    }

    /// `session \0 annotator`: how reports look decisions up.
    public var key: String { Self.key(session, annotator) }
    public static func key(_ session: String, _ annotator: String) -> String { session + "\u{0}" + annotator }
}

/// Which work a delivery holds, by quality-control decision.
public enum QCFilter: String, Sendable, CaseIterable {
    /// Everything but rejected work (the default).
    case notRejected = "not-rejected"
    /// Only work that was explicitly accepted.
    case accepted
    /// Rejected work too.
    case all
}

extension CentralStore {
    /// SQL: the latest decision on the work of row `r` (NULL when none); `session` names the
    /// row's session column (`r.session` on records, `r.id` on sessions).
    static func decision(session: String = "r.session") -> String {
        """
        (SELECT q.status FROM qc_decision q WHERE q.project = r.project AND q.session = \(session) AND q.annotator = r.annotator
         ORDER BY q.rowid DESC LIMIT 1)
        """
    }

    /// SQL to append to a WHERE clause on `r`: the work `filter` lets through.
    static func condition(_ filter: QCFilter, session: String = "r.session") -> String {
        switch filter {
        case .notRejected: " AND \(decision(session: session)) IS DISTINCT FROM 'rejected'"
        case .accepted: " AND \(decision(session: session)) IS NOT DISTINCT FROM 'accepted'"
        case .all: ""
        }
    }

    /// Records a decision on `annotator`'s work in `session`; when `annotator` is nil the session
    /// must have exactly one annotator. Rejecting a wave item's work also relaunches the item
    /// (see `relaunch`), in the same transaction.
    @discardableResult
    public func decide(project: String, session: String, annotator: String?, status: QCDecision.Status, reason: String,
                       by: String) throws(StoreError) -> (decision: QCDecision, relaunch: Relaunch?) {
        try write { db in
            let annotators: [String] = try db.values("SELECT annotator FROM session WHERE project = ? AND id = ? ORDER BY annotator",
                                                 [project, session])
            guard !annotators.isEmpty else { throw StoreError.invalid("project \(project) has no session `\(session)`") }
            let who = try QCDecision.whose(annotator, among: annotators, session: session)
            let decision = QCDecision(session: session, annotator: who, status: status, reason: reason,
                                      decidedAtUs: Date().microsecondsSince1970, decidedBy: by)
            try db.execute("""
                INSERT INTO qc_decision (project, session, annotator, status, reason, decided_at_us, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [project, session, who, status.rawValue, reason, decision.decidedAtUs, by])
            let relaunch = status == .rejected
                ? try Self.relaunch(db, project: project, session: session, annotator: who, reason: reason, now: decision.decidedAtUs) : nil
            return (decision, relaunch)
        }
    }

    /// The latest decision per session and annotator of a project.
    public func qcDecisions(project: String) throws(StoreError) -> [String: QCDecision] {
        try read { db in
            let rows = try db.rows("""
                SELECT session, annotator, status, reason, decided_at_us, decided_by FROM qc_decision
                WHERE project = ? ORDER BY rowid
                """, [project])
            var latest: [String: QCDecision] = [:]
            for row in rows { let d = QCDecision(row: row); latest[d.key] = d }
            return latest
        }
    }
}

extension LocalStore {
    @discardableResult
    public func decide(session: String, annotator: String?, status: QCDecision.Status, reason: String, by: String) throws(StoreError) -> QCDecision {
        try write { db in
            guard let owner = try String.fetchOne(db, sql: "SELECT annotator FROM session WHERE id = ?", arguments: [session]) else {
                throw StoreError.invalid("no session `\(session)` in this store")
            }
            let coders = try Set(String.fetchAll(db, sql: "SELECT DISTINCT annotator FROM span WHERE session_id = ? UNION SELECT DISTINCT annotator FROM clip_rating WHERE session_id = ?",
                                                 arguments: [session, session])).union([owner])
            let who = try QCDecision.whose(annotator, among: coders.sorted(), session: session)
            let decision = QCDecision(session: session, annotator: who, status: status, reason: reason,
                                      decidedAtUs: Date().microsecondsSince1970, decidedBy: by)
            try db.execute(sql: """
                INSERT INTO qc_decision (session_id, annotator, status, reason, decided_at_us, decided_by) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [session, who, status.rawValue, reason, decision.decidedAtUs, by])
            return decision
        }
    }

    public func qcDecisions() throws(StoreError) -> [String: QCDecision] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT session_id AS session, annotator, status, reason, decided_at_us, decided_by FROM qc_decision ORDER BY rowid
                """)
            var latest: [String: QCDecision] = [:]
            for row in rows { let d = QCDecision(row: row); latest[d.key] = d }
            return latest
        }
    }
}
