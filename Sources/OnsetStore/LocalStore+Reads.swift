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

    /// The session's live spans as a timeline index, built straight from the rows (no list of
    /// them is held on the way, and the index orders each lane itself).
    public func spanIndex(session: String) throws(StoreError) -> SpanIndex {
        try read { db in
            // Counted first (from the lanes index alone) so that each lane is allocated once, at its size.
            var sizes: [String: Int] = [:]
            let counts = try Row.fetchCursor(db, sql: "SELECT signal, count(*) FROM span WHERE session_id = ? AND deleted_at_us IS NULL GROUP BY signal",
                                             arguments: [session])
            while let row = try counts.next() { sizes[row[0]] = row[1] }
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Span.columns) FROM span WHERE session_id = ? AND deleted_at_us IS NULL",
                                           arguments: [session])
            var failure: Error?
            let index = SpanIndex(AnyIterator {
                do { return try rows.next().map(Span.init(row:)) } catch { failure = error; return nil }
            }, laneSizes: sizes)
            if let failure { throw failure }
            return index
        }
    }

    /// The session's live spans that overlap `[start, end)`, ordered like `spans(session:)`: what a
    /// window of the timeline shows, read through the (session, onset) index without touching
    /// the rest of the session.
    public func spans(session: String, overlapping start: Timecode, _ end: Timecode) throws(StoreError) -> [Span] {
        try read { db in
            try Array(Row.fetchCursor(db, sql: """
                SELECT \(Span.columns) FROM span
                WHERE session_id = ? AND onset_us < ? AND offset_us > ? AND deleted_at_us IS NULL
                ORDER BY onset_us, offset_us, id
                """, arguments: [session, end.microseconds, start.microseconds]).map { try Span(row: $0) })
        }
    }

    /// The signals the session's live spans use, each with where its latest span ends. A few
    /// index probes per signal, however many spans there are: the first frame's lanes.
    public func lanes(session: String) throws(StoreError) -> [String: Timecode] {
        try read { db in
            var lanes: [String: Timecode] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                WITH RECURSIVE lane(signal) AS (
                    SELECT min(signal) FROM span WHERE session_id = ?1 AND deleted_at_us IS NULL
                    UNION ALL
                    SELECT (SELECT min(signal) FROM span WHERE session_id = ?1 AND deleted_at_us IS NULL AND signal > lane.signal)
                    FROM lane WHERE lane.signal IS NOT NULL)
                SELECT signal, (SELECT max(offset_us) FROM span WHERE session_id = ?1 AND deleted_at_us IS NULL AND signal = lane.signal)
                FROM lane WHERE signal IS NOT NULL
                """, arguments: [session])
            while let row = try rows.next() { lanes[row[0]] = Timecode(microseconds: row[1]) }
            return lanes
        }
    }

    /// Whether the session has live spans that do not overlap `[start, end)`: whether a window
    /// read is the whole session.
    public func hasSpans(session: String, outside start: Timecode, _ end: Timecode) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM span WHERE session_id = ?1 AND deleted_at_us IS NULL AND onset_us >= ?3)
                    OR EXISTS (SELECT 1 FROM span WHERE session_id = ?1 AND deleted_at_us IS NULL AND onset_us < ?2 AND offset_us <= ?2)
                """, arguments: [session, start.microseconds, end.microseconds]) ?? false
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
