import Foundation
import GRDB
import GRDBSQLite

/// The central store in one SQLite file (GRDB): the embedded default.
final class SQLiteCentralDatabase: CentralDatabase {
    let location: String
    let pool: DatabasePool

    init(path: String) throws(StoreError) {
        location = path
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

    func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try pool.write { try body(SQLiteConnection(db: $0)) } } catch let error as StoreError { throw error } catch {
            throw LocalStore.map(error, path: location)
        }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do { return try pool.read { try body(SQLiteConnection(db: $0)) } } catch let error as StoreError { throw error } catch {
            throw LocalStore.map(error, path: location)
        }
    }
}

/// Statements are prepared once per connection and kept (GRDB's statement cache): ingest runs
/// the same few a million times.
struct SQLiteConnection: SQLConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func each(_ sql: String, _ arguments: SQLArguments, _ body: (any SQLCursorRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(Self.arguments(arguments))
        var row: SQLiteCursorRow?
        try db.eachRow(of: statement) { s in
            // The columns as SQLite has them now: a step after another connection changed the
            // schema re-prepares the statement, and `SELECT *` may then have more columns than
            // when it was first prepared.
            if row == nil {
                row = SQLiteCursorRow(statement: s, columns: (0..<sqlite3_column_count(s)).map { String(cString: sqlite3_column_name(s, $0)) })
            }
            try body(row!)
        }
    }

    func all(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try each(sql, arguments) { rows.append($0.row) }
        return rows
    }

    static func arguments(_ values: SQLArguments) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value.sqlValue {
            case .int(let v): v
            case .double(let v): v
            case .text(let v): v
            case .blob(let v): v.map { Data($0) }
            case .null: nil
            }
        })
    }
}

/// Columns read straight off SQLite's statement: no value wrapped per column.
struct SQLiteCursorRow: SQLCursorRow {
    let statement: SQLiteStatement
    let columns: [String]

    func isNull(_ column: Int) -> Bool { sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL }
    func int64(_ column: Int) -> Int64 { sqlite3_column_int64(statement, Int32(column)) }

    func withText<T>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        guard let p = sqlite3_column_text(statement, Int32(column)) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, Int32(column)))))
    }

    var row: SQLRow {
        SQLRow(values: (0..<columns.count).map { i -> SQLValue in
            let c = Int32(i)
            switch sqlite3_column_type(statement, c) {
            case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, c))
            case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, c))
            case SQLITE_TEXT: return .text(text(i))
            case SQLITE_BLOB:
                let n = Int(sqlite3_column_bytes(statement, c))
                guard let p = sqlite3_column_blob(statement, c) else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
            default: return .null
            }
        }, columns: columns)
    }
}
