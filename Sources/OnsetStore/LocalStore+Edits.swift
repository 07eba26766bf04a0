import Foundation
import GRDB
import OnsetCore

extension LocalStore {
    /// Stores a new span. One transaction: the row and its operation-log entry, and the session's
    /// redo stack is cleared (a new edit ends any redo chain, as in every editor).
    /// With `continuing`, the edit joins the undo group of the session's latest edit (see `update`).
    @discardableResult
    public func create(_ span: Span, actor: String, continuing: Bool = false) throws(StoreError) -> Span {
        try write { db in
            try commitEdit(db, before: nil, after: Self.fresh(span), actor: actor,
                           group: continuing ? try latestGroup(db, session: span.sessionID) : nil)
        }
    }

    /// The undo group of the session's latest edit that is not undone.
    private func latestGroup(_ db: Database, session: String) throws -> Int64? {
        try Self.operation(db, sql: """
            SELECT * FROM op_log WHERE session_id = ? AND origin = 'edit' AND undo_state = 'done' ORDER BY seq DESC LIMIT 1
            """, session).map { $0.groupSeq ?? $0.seq }
    }

    /// Stores many new spans in one transaction (imports); each still gets its log entry.
    /// Creates many spans in one transaction. `asOneStep` makes them one undo step (an import).
    public func createAll(_ spans: [Span], actor: String, asOneStep: Bool = false) throws(StoreError) {
        try write { db in
            var group: Int64?
            for span in spans {
                _ = try commitEdit(db, before: nil, after: Self.fresh(span), actor: actor, group: group)
                // The first operation's number names the step the others join.
                if asOneStep, group == nil { group = db.lastInsertedRowID }
            }
        }
    }

    /// Replaces a span's values. The revision grows by one; `createdAt` and `id` stay.
    ///
    /// With `continuing`, the edit joins the undo group of the session's latest edit: the ratings
    /// asked for right after marking a span, or the second half of a split or merge, so one undo
    /// takes back the whole step.
    @discardableResult
    public func update(_ span: Span, actor: String, continuing: Bool = false) throws(StoreError) -> Span {
        try write { db in
            guard let current = try Span.fetch(db, id: span.id) else { throw StoreError.unknownSpan(span.id.uuidString) }
            guard current.deletedAt == nil else { throw StoreError.spanDeleted(span.id.uuidString) }
            var next = span
            next.createdAt = current.createdAt
            next.sessionID = current.sessionID
            next.deletedAt = nil
            return try commitEdit(db, before: current, after: next, actor: actor,
                                  group: continuing ? try latestGroup(db, session: current.sessionID) : nil)
        }
    }

    /// Soft-deletes a span: it disappears from lists but stays for history, undo and sync.
    @discardableResult
    public func deleteSpan(_ id: UUID, actor: String, continuing: Bool = false) throws(StoreError) -> Span {
        try write { db in
            guard let current = try Span.fetch(db, id: id) else { throw StoreError.unknownSpan(id.uuidString) }
            guard current.deletedAt == nil else { throw StoreError.spanDeleted(id.uuidString) }
            var next = current
            next.deletedAt = Date().truncatedToMicroseconds
            return try commitEdit(db, before: current, after: next, actor: actor,
                                  group: continuing ? try latestGroup(db, session: current.sessionID) : nil)
        }
    }

    /// Stores a clip rating, creating it or replacing the same record's values.
    @discardableResult
    public func save(_ rating: ClipRating, actor: String) throws(StoreError) -> ClipRating {
        try write { db in
            let current = try ClipRating.fetch(db, id: rating.id)
            var next = current == nil ? Self.fresh(rating) : rating
            if let current {
                next.createdAt = current.createdAt
                next.sessionID = current.sessionID
            }
            return try commitEdit(db, before: current, after: next, actor: actor)
        }
    }

    /// Reverses the session's most recent edit (with the rest of its group) that is not undone
    /// yet; survives restarts because the stack is the operation log itself.
    @discardableResult
    public func undo(session: String, actor: String) throws(StoreError) -> Replay {
        try replayGroup(session: session, actor: actor, from: "done", to: "undone", newestFirst: true)
    }

    /// Re-applies the group undone most recently (the lowest undone sequence number comes
    /// first, since undo walks backwards).
    @discardableResult
    public func redo(session: String, actor: String) throws(StoreError) -> Replay {
        try replayGroup(session: session, actor: actor, from: "undone", to: "done", newestFirst: false)
    }

    /// Undo walks the newest group back to its `before` states; redo walks the oldest undone
    /// group forward to its `after` states. Each replay is logged; one transaction for the group.
    private func replayGroup(session: String, actor: String, from: String, to: String, newestFirst: Bool) throws(StoreError) -> Replay {
        try write { db in
            let order = newestFirst ? "DESC" : "ASC"
            guard let edge = try Self.operation(db, sql: """
                SELECT * FROM op_log WHERE session_id = ? AND origin = 'edit' AND undo_state = ? ORDER BY seq \(order) LIMIT 1
                """, session, from) else {
                throw newestFirst ? StoreError.nothingToUndo(session: session) : StoreError.nothingToRedo(session: session)
            }
            let group = edge.groupSeq ?? edge.seq
            let ops = try Row.fetchAll(db, sql: """
                SELECT * FROM op_log WHERE session_id = ? AND origin = 'edit' AND undo_state = ?
                AND (seq = ? OR group_seq = ?) ORDER BY seq \(order)
                """, arguments: [session, from, group, group]).map(Self.operation(row:))
            var result: Replay?
            for op in ops {
                result = try replay(db, op, toward: newestFirst ? op.beforeJSON : op.afterJSON, origin: newestFirst ? .undo : .redo, actor: actor)
                try db.execute(sql: "UPDATE op_log SET undo_state = ? WHERE seq = ?", arguments: [to, op.seq])
            }
            return result!
        }
    }

    // MARK: - Mechanism

    static func fresh<R: StoredRecord>(_ record: R) -> R {
        var r = record
        r.revision = 1
        r.deletedAt = nil
        return r
    }

    func commitEdit<R: StoredRecord>(_ db: Database, before: R?, after: R, actor: String, group: Int64? = nil) throws -> R {
        try db.cachedStatement(sql: "UPDATE op_log SET undo_state = 'discarded' WHERE session_id = ? AND origin = 'edit' AND undo_state = 'undone'")
            .execute(arguments: [after.sessionID])
        var next = after
        let now = Date().truncatedToMicroseconds
        next.createdAt = next.createdAt.truncatedToMicroseconds
        next.deletedAt = next.deletedAt?.truncatedToMicroseconds
        next.revision = (before?.revision ?? 0) + 1
        next.updatedAt = now
        try next.save(db)
        _ = try log(db, before: before, after: next, actor: actor, at: now, origin: .edit, targetSeq: nil, group: group)
        return next
    }

    private func replay(_ db: Database, _ op: Operation, toward json: String?, origin: Operation.Origin, actor: String) throws -> Replay {
        switch op.recordType {
        case Span.recordType:
            let (entry, span) = try restore(Span.self, db, op, toward: json, origin: origin, actor: actor)
            return Replay(operation: entry, span: span)
        case ClipRating.recordType:
            let (entry, rating) = try restore(ClipRating.self, db, op, toward: json, origin: origin, actor: actor)
            return Replay(operation: entry, rating: rating)
        default:
            throw StoreError.database("operation \(op.seq) concerns an unknown record type `\(op.recordType)`")
        }
    }

    /// Writes the state `json` describes (nil: the record did not exist, so it is soft-deleted)
    /// as a new revision of the record, and logs the replay.
    private func restore<R: StoredRecord>(_ type: R.Type, _ db: Database, _ op: Operation, toward json: String?,
                                          origin: Operation.Origin, actor: String) throws -> (Operation, R) {
        guard let current = try R.fetch(db, id: op.recordID) else {
            throw StoreError.database("operation \(op.seq) refers to a missing record \(op.recordID)")
        }
        let now = Date().truncatedToMicroseconds
        var next: R
        if let target = try RecordCoding.decode(R.self, json) {
            next = target
        } else {
            next = current
            next.deletedAt = now
        }
        next.revision = current.revision + 1
        next.updatedAt = now
        try next.save(db)
        let entry = try log(db, before: current, after: next, actor: actor, at: now, origin: origin, targetSeq: op.seq)
        return (entry, next)
    }

    private func log<R: StoredRecord>(_ db: Database, before: R?, after: R, actor: String, at: Date,
                                      origin: Operation.Origin, targetSeq: Int64?, group: Int64? = nil) throws -> Operation {
        let kind = Change(before: before, after: after).kind
        let beforeJSON = try RecordCoding.json(before), afterJSON = try RecordCoding.json(after)
        try db.cachedStatement(sql: """
            INSERT INTO op_log (session_id, at_us, actor, kind, record_type, record_id, before_json, after_json,
                                origin, undo_state, target_seq, group_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(
            arguments: [after.sessionID, at.microsecondsSince1970, actor, kind.rawValue, R.recordType,
                        after.id.uuidString, beforeJSON, afterJSON, origin.rawValue,
                        origin == .edit ? "done" : nil, targetSeq, group])
        return Operation(seq: db.lastInsertedRowID, sessionID: after.sessionID, at: at, actor: actor, kind: kind,
                         recordType: R.recordType, recordID: after.id, beforeJSON: beforeJSON, afterJSON: afterJSON,
                         origin: origin, targetSeq: targetSeq, groupSeq: group)
    }

    static func operation(_ db: Database, sql: String, _ arguments: DatabaseValueConvertible...) throws -> Operation? {
        try Row.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)).map(operation(row:))
    }

    static func operation(row: Row) -> Operation {
        Operation(seq: row["seq"], sessionID: row["session_id"], at: Date(microsecondsSince1970: row["at_us"]),
                  actor: row["actor"], kind: ChangeKind(rawValue: row["kind"]) ?? .update, recordType: row["record_type"],
                  recordID: UUID(uuidString: row["record_id"]) ?? UUID(), beforeJSON: row["before_json"],
                  afterJSON: row["after_json"], origin: Operation.Origin(rawValue: row["origin"]) ?? .edit,
                  targetSeq: row["target_seq"], groupSeq: row["group_seq"])
    }
}
