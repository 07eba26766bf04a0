import Foundation
import GRDB
import GRDBSQLite

/// The operations member of a bundle: one JSON object per op-log entry, in sequence order.
enum OperationLines {
    /// The member for the op log in (after, through] of the sessions `inProject` selects, the
    /// newest operation's time, and the spans those operations touched — one pass over the op
    /// log for all three. The lines' writer is gone when this returns: a million lines are
    /// 170 MB, and the spans member is read next.
    static func member(_ db: Database, after: Int64, through: Int64, inProject: String) throws
        -> (text: [UInt8], newestUs: Int64, spans: IDSet) {
        let writer = JSONRowWriter(keys: ["seq", "session", "at_us", "actor", "kind", "record_type", "record_id", "origin"])
        var newestUs: Int64 = 0
        var spans = IDSet(capacity: Int(min(max(through - after, 0), 1 << 20)))
        let span: [UInt8] = Array("span".utf8)
        try span.withUnsafeBufferPointer { span in
            try db.eachRow("""
                SELECT seq, session_id, at_us, actor, kind, record_type, record_id, origin
                FROM op_log WHERE seq > ? AND seq <= ? AND \(inProject) ORDER BY seq
                """, arguments: [after, through]) { row in
                writer.append(row: row)
                newestUs = max(newestUs, sqlite3_column_int64(row, 2))
                if JSONRowWriter.column(row, 5, is: span) { spans.insert(JSONRowWriter.text(row, 6)) }
            }
        }
        return (writer.array(), newestUs, spans)
    }
}
