import Foundation
import GRDB
import OnsetCore

/// The workstation's SQLite store: the one owner of the database file.
///
/// WAL mode lets a CLI read while the workstation writes. Every edit is one transaction that also
/// appends to the operation log; `synchronous = FULL` makes a commit durable before it returns, so
/// whatever the UI reported as saved survives a crash, `kill -9` or a power cut.
public final class LocalStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed) the store at `path` and migrates it.
    /// Refuses a file that is not a store, or one written by a newer schema, without changing it.
    public init(path: String) throws(StoreError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create the folder \(folder) (\(error.localizedDescription))")
            }
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            let migrator = Migrations.migrator
            let unknown = try pool.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else { return [] }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let known = Set(migrator.migrations)
                return applied.filter { !known.contains($0) }
            }
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown) }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    static func map(_ error: any Error, path: String) -> StoreError {
        guard let dbError = error as? DatabaseError else { return .database(String(describing: error)) }
        switch dbError.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .notAStore(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return .cannotOpen(path: path, reason: dbError.message ?? "permission denied or no such folder")
        case .SQLITE_FULL:
            return .cannotOpen(path: path, reason: "the disk is full")
        default:
            return .database(dbError.message ?? "\(dbError)")
        }
    }

    /// Runs a write transaction, mapping database errors to `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// The store's default location: `$ONSET_STORE`, else `$XDG_DATA_HOME/onset/onset.sqlite`,
    /// else `~/.local/share/onset/onset.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["ONSET_STORE"], !explicit.isEmpty { return explicit }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/onset/onset.sqlite"
    }

    /// Checkpoints the WAL into the main file so a copy of the store is self-contained.
    public func checkpoint() throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw Self.map(error, path: path)
        }
    }
}

extension Bool {
    init(exists db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        self = try Int.fetchOne(db, sql: sql, arguments: arguments) != nil
    }
}
