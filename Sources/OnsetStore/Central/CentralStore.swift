import Foundation

/// The central store: every annotator's work as it arrives in bundles, with its history. The
/// server, `onset ingest` and the reports all go through this type; underneath is a SQLite file
/// (the default) or a PostgreSQL database (`OnsetPostgres`), with the same queries.
public final class CentralStore: Sendable {
    let database: any CentralDatabase

    /// The file or database it lives in, as named (for messages).
    public var path: String { database.location }

    /// A central store in a SQLite file (created when missing).
    public convenience init(path: String) throws(StoreError) {
        self.init(database: try SQLiteCentralDatabase(path: path))
    }

    public init(database: any CentralDatabase) {
        self.database = database
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T { try database.write(body) }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T { try database.read(body) }
}
