import Foundation
import GRDB
import OnsetCore

extension LocalStore {
    /// Replaces the session's telemetry for `annotator` (the caller accumulates across runs).
    public func saveTelemetry(_ telemetry: SessionTelemetry, session: String, annotator: String) throws(StoreError) {
        let json: String
        do {
            json = String(decoding: try RecordCoding.encoder.encode(telemetry), as: UTF8.self)
        } catch {
            throw .database("cannot encode telemetry: \(error)")
        }
        try write { db in
            try db.execute(sql: """
                INSERT INTO telemetry (session_id, annotator, data_json, updated_at_us) VALUES (?, ?, ?, ?)
                ON CONFLICT(session_id, annotator) DO UPDATE SET data_json = excluded.data_json, updated_at_us = excluded.updated_at_us
                """, arguments: [session, annotator, json, Date().microsecondsSince1970])
        }
    }

    public func telemetry(session: String, annotator: String) throws(StoreError) -> SessionTelemetry? {
        let json = try read { db in
            try String.fetchOne(db, sql: "SELECT data_json FROM telemetry WHERE session_id = ? AND annotator = ?", arguments: [session, annotator])
        }
        guard let json else { return nil }
        return try? RecordCoding.decode(SessionTelemetry.self, json)
    }
}
