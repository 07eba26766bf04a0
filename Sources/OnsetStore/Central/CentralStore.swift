import Foundation
import GRDB

/// The central store: every annotator's work as it arrives in bundles, with its history. One
/// file, one owner; the server and `onset ingest` both go through this type.
public final class CentralStore: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws(StoreError) {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // A bundle of a million records touches far more pages than SQLite's default 2 MB cache.
            try db.execute(sql: "PRAGMA cache_size = -131072")
        }
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            pool = try DatabasePool(path: path, configuration: config)
            let migrator = CentralMigrations.migrator
            let applied = try pool.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            if applied.contains(where: { !$0.hasPrefix("central-") }) {
                throw StoreError.cannotOpen(path: path, reason: "this is a workstation store, not a central store")
            }
            let unknown = applied.filter { !migrator.migrations.contains($0) }
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown) }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw LocalStore.map(error, path: path)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch let error as StoreError { throw error } catch { throw LocalStore.map(error, path: path) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch let error as StoreError { throw error } catch { throw LocalStore.map(error, path: path) }
    }
}
