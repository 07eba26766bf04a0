import Foundation
import GRDB

/// An assignment as the workstation keeps it: as last pulled, with what the annotator has done.
public struct LocalAssignment: Sendable, Equatable {
    public var assignment: AssignmentView
    /// The session file written for it (nil once withdrawn and removed).
    public var sessionFile: String?
    public var pulledAtUs: Int64
    public var spans: Int
    public var ratings: Int
    public var submittedAtUs: Int64?

    /// assigned, in_progress, submitted or withdrawn, as far as this workstation knows.
    public var status: String {
        if assignment.status == "withdrawn" { return "withdrawn" }
        if submittedAtUs != nil { return "submitted" }
        return spans + ratings > 0 ? "in_progress" : "assigned"
    }
}

/// What a pull changed.
public struct AssignmentChanges: Sendable, Equatable {
    public var new: [AssignmentView] = []
    public var changed: [AssignmentView] = []
    public var withdrawn: [AssignmentView] = []

    public init() {}
}

extension LocalStore {
    /// Keeps the central store's list of the annotator's assignments (withdrawn ones included);
    /// `files` names the session file written for each session. An assignment the central
    /// store no longer lists at all counts as withdrawn.
    public func saveAssignments(_ list: [AssignmentView], files: [String: String]) throws(StoreError) -> AssignmentChanges {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let now = Date().microsecondsSince1970
        return try write { db in
            var changes = AssignmentChanges()
            var before: [String: (line: String, status: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT project, wave, item, line, status FROM assignment") {
                before["\(row[0] as String)\u{1F}\(row[1] as String)\u{1F}\(row[2] as String)"] = (row[3], row[4])
            }
            for (order, a) in list.enumerated() {
                let key = "\(a.project)\u{1F}\(a.wave)\u{1F}\(a.item)"
                let line = String(decoding: try encoder.encode(a), as: UTF8.self)
                if let old = before.removeValue(forKey: key) {
                    if old.line != line {
                        if a.status == "withdrawn" && old.status != "withdrawn" { changes.withdrawn.append(a) } else { changes.changed.append(a) }
                    }
                } else {
                    changes.new.append(a)
                }
                try db.execute(sql: """
                    INSERT INTO assignment (project, wave, item, session, status, reason, due_us, queue_order, changed_at_us, pulled_at_us, session_file, line)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (project, wave, item) DO UPDATE SET session = excluded.session, status = excluded.status, reason = excluded.reason,
                        due_us = excluded.due_us, queue_order = excluded.queue_order, changed_at_us = excluded.changed_at_us,
                        pulled_at_us = excluded.pulled_at_us, session_file = excluded.session_file, line = excluded.line
                    """, arguments: [a.project, a.wave, a.item, a.session, a.status, a.reason, a.due_us, order, a.changed_at_us, now, files[a.session], line])
            }
            for (key, old) in before where old.status != "withdrawn" {
                let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                try db.execute(sql: """
                    UPDATE assignment SET status = 'withdrawn', reason = 'no longer assigned', session_file = NULL, pulled_at_us = ?
                    WHERE project = ? AND wave = ? AND item = ?
                    """, arguments: [now, parts[0], parts[1], parts[2]])
                if var a = try? JSONDecoder().decode(AssignmentView.self, from: Data(old.line.utf8)) {
                    a.status = "withdrawn"
                    changes.withdrawn.append(a)
                }
            }
            return changes
        }
    }

    /// The pulled assignments in queue order (due date, then the central store's order), with
    /// this workstation's work on each.
    public func assignments() throws(StoreError) -> [LocalAssignment] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.line, a.session_file, a.pulled_at_us, a.status, a.reason,
                    (SELECT count(*) FROM span WHERE session_id = a.session AND deleted_at_us IS NULL),
                    (SELECT count(*) FROM clip_rating WHERE session_id = a.session AND deleted_at_us IS NULL),
                    (SELECT submitted_at_us FROM session WHERE id = a.session)
                FROM assignment a ORDER BY a.due_us IS NULL, a.due_us, a.queue_order
                """).compactMap { row in
                guard var view = try? JSONDecoder().decode(AssignmentView.self, from: Data((row[0] as String).utf8)) else { return nil }
                view.status = row[3]
                view.reason = row[4]
                return LocalAssignment(assignment: view, sessionFile: row[1], pulledAtUs: row[2], spans: row[5], ratings: row[6], submittedAtUs: row[7])
            }
        }
    }

    /// When assignments were last pulled (nil: never).
    public func lastAssignmentPull() throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(pulled_at_us) FROM assignment") }
    }

    /// Declares a session's work done (or, with `reopen`, not done after all). The next bundle
    /// carries it to the central store, where the wave's status shows it.
    public func submit(session: String, reopen: Bool = false) throws(StoreError) {
        try write { db in
            guard try Bool(exists: db, "SELECT 1 FROM session WHERE id = ?", [session]) else {
                throw StoreError.invalid("session \(session) has not been opened on this workstation yet: nothing to submit")
            }
            let now = Date().microsecondsSince1970
            try db.execute(sql: "UPDATE session SET submitted_at_us = ?, status_changed_at_us = ? WHERE id = ?",
                           arguments: [reopen ? nil : now, now, session])
        }
    }
}
