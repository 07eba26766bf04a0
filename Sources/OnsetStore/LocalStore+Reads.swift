import Foundation
import GRDB
import OnsetCore

extension LocalStore {
    /// The session's live spans ordered by onset (then offset, then id, so the order is stable).
    public func spans(session: String, includeDeleted: Bool = false) throws(StoreError) -> [Span] {
        try read { db in
            let deleted = includeDeleted ? "" : " AND deleted_at_us IS NULL"
            // A cursor decodes each row straight from the statement, without copying it first.
            return try Array(Row.fetchCursor(db, sql: """
                SELECT \(Span.columns) FROM span WHERE session_id = ?\(deleted) ORDER BY onset_us, offset_us, id
                """, arguments: [session]).map { try Span(row: $0) })
        }
    }

    public func span(_ id: UUID) throws(StoreError) -> Span? {
        try read { db in try Span.fetch(db, id: id) }
    }

    /// Finds a span by a unique prefix of its id (as users copy ids from tables).
    public func span(idPrefix: String) throws(StoreError) -> Span? {
        let prefix = idPrefix.uppercased()
        return try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(Span.columns) FROM span WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT 2",
                                        arguments: [prefix.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")])
            guard rows.count == 1 else {
                if rows.count > 1 { throw StoreError.invalid("span id prefix `\(idPrefix)` is ambiguous; give more characters") }
                return nil
            }
            return try Span(row: rows[0])
        }
    }

    public func ratings(session: String, includeDeleted: Bool = false) throws(StoreError) -> [ClipRating] {
        try read { db in
            let deleted = includeDeleted ? "" : " AND deleted_at_us IS NULL"
            return try Row.fetchAll(db, sql: """
                SELECT \(ClipRating.columns) FROM clip_rating WHERE session_id = ?\(deleted) ORDER BY clip, dimension, id
                """, arguments: [session]).map { try ClipRating(row: $0) }
        }
    }

    /// The session's operation log, oldest first.
    public func operations(session: String, after seq: Int64 = 0, limit: Int = .max) throws(StoreError) -> [Operation] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM op_log WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                             arguments: [session, seq, limit]).map(Self.operation(row:))
        }
    }

    /// How many undo steps (edit groups) can be undone and redone in the session right now.
    public func undoDepth(session: String) throws(StoreError) -> (undo: Int, redo: Int) {
        try read { db in
            let undo = try Int.fetchOne(db, sql: "SELECT count(DISTINCT coalesce(group_seq, seq)) FROM op_log WHERE session_id = ? AND origin = 'edit' AND undo_state = 'done'", arguments: [session]) ?? 0
            let redo = try Int.fetchOne(db, sql: "SELECT count(DISTINCT coalesce(group_seq, seq)) FROM op_log WHERE session_id = ? AND origin = 'edit' AND undo_state = 'undone'", arguments: [session]) ?? 0
            return (undo, redo)
        }
    }

    /// SQLite's library version, for `onset doctor`.
    public static var sqliteVersion: String {
        (try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) .flatMap { $0 } ?? "unknown"
    }
}
