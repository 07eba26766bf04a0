import Foundation
import OnsetStore
import PostgresNIO

/// Brings a PostgreSQL database (or its `?schema=`) to the central store's schema, refusing one
/// written by a newer Onset and one that holds tables of something else. Two servers starting
/// at once take turns (an advisory lock).
struct PostgresMigrator {
    let url: PostgresURL
    let logger: Logger

    static let lockKey: Int64 = 0x6F_6E_73_65_74_6D  // "onsetm"

    func migrate(_ connection: PooledConnection) throws {
        let db = PostgresSQLConnection(connection: connection, logger: logger)
        try db.execute("BEGIN")
        do {
            try db.execute("SELECT pg_advisory_xact_lock(?)", [Self.lockKey])
            if let schema = url.schema { try db.execute("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"") }
            let schema = url.schema ?? "public"
            let tables: [String] = try db.values("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [schema])
            if !tables.isEmpty, !tables.contains("onset_migrations") {
                throw StoreError.cannotOpen(path: url.redacted, reason: "schema \(schema) holds tables that are not a central store's "
                                            + "(\(tables.sorted().prefix(3).joined(separator: ", "))); give Onset an empty database, or a schema of its own with ?schema=onset")
            }
            try db.execute("CREATE TABLE IF NOT EXISTS onset_migrations (identifier TEXT PRIMARY KEY, applied_at_us BIGINT NOT NULL)")
            let applied = Set<String>(try db.values("SELECT identifier FROM onset_migrations"))
            let known = Set(PostgresSchema.identifiers)
            let unknown = applied.subtracting(known)
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: url.redacted, unknown: unknown.sorted()) }
            for step in PostgresSchema.steps where !step.identifiers.allSatisfy(applied.contains) {
                for statement in step.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try db.execute(statement)
                }
                for id in step.identifiers where !applied.contains(id) {
                    try db.execute("INSERT INTO onset_migrations (identifier, applied_at_us) VALUES (?, ?)", [id, Int64(Date().timeIntervalSince1970 * 1e6)])
                }
            }
            try db.execute("COMMIT")
        } catch {
            _ = try? db.execute("ROLLBACK")
            throw error
        }
    }
}
