import GRDB
import GRDBSQLite

extension Database {
    /// Steps through the rows of `sql`, handing SQLite's statement to `body` while each row is
    /// current, so columns are read in place (no GRDB row per line).
    func eachRow(_ sql: String, arguments: StatementArguments, _ body: (OpaquePointer) throws -> Void) throws {
        let statement = try makeStatement(sql: sql)
        try statement.setArguments(arguments)
        try eachRow(of: statement, body)
    }

    /// The same for a statement already prepared, its arguments set.
    func eachRow(of statement: Statement, _ body: (OpaquePointer) throws -> Void) throws {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: statement.sql)
            }
            try body(s)
        }
    }
}
