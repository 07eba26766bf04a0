import Foundation

/// The SQL the central store's backends disagree on, as fragments the queries splice in.
public enum SQLDialect: Sendable {
    case sqlite, postgres

    /// An integer field of a JSON object held as text (NULL when absent).
    public func jsonInt(_ column: String, _ field: String) -> String {
        switch self {
        case .sqlite: "json_extract(\(column), '$.\(field)')"
        case .postgres: "((\(column))::jsonb ->> '\(field)')::bigint"
        }
    }

    /// An integer field of a JSON object nested one level (`data.active_us`).
    public func jsonInt(_ column: String, _ object: String, _ field: String) -> String {
        switch self {
        case .sqlite: "json_extract(\(column), '$.\(object).\(field)')"
        case .postgres: "((\(column))::jsonb -> '\(object)' ->> '\(field)')::bigint"
        }
    }

    public func jsonText(_ column: String, _ field: String) -> String {
        switch self {
        case .sqlite: "json_extract(\(column), '$.\(field)')"
        case .postgres: "((\(column))::jsonb ->> '\(field)')"
        }
    }

    /// Texts of a column joined by newlines, in the subquery's order.
    public func joinedLines(_ column: String) -> String {
        switch self {
        case .sqlite: "group_concat(\(column), char(10))"
        case .postgres: "string_agg(\(column), chr(10))"
        }
    }
}

/// One connection inside a read or write transaction of the central store. Statements use `?`
/// or `?N` placeholders; each backend takes them as its own.
public protocol SQLConnection {
    var dialect: SQLDialect { get }
    /// Runs a statement; returns how many rows it changed.
    @discardableResult func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int
    /// Steps through a query's rows without holding them all; `row` is valid during the call only.
    func each(_ sql: String, _ arguments: SQLArguments, _ body: (any SQLCursorRow) throws -> Void) throws
    /// Every row of a (small) query.
    func all(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]
    /// Makes bundles apply one at a time across every process writing to this database (SQLite
    /// has one writer anyway; several servers on one PostgreSQL database need the lock).
    func lockForIngest() throws
}

/// The current row of `SQLConnection.each`, read column by column without materialising it.
public protocol SQLCursorRow {
    func isNull(_ column: Int) -> Bool
    func int64(_ column: Int) -> Int64
    /// The UTF-8 bytes of a text column (valid during the call only).
    func withText<T>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T
    var row: SQLRow { get }
}

extension SQLCursorRow {
    public func text(_ column: Int) -> String { withText(column) { String(decoding: $0, as: UTF8.self) } }
    public func optionalText(_ column: Int) -> String? { isNull(column) ? nil : text(column) }
}

extension SQLConnection {
    public func lockForIngest() throws {}

    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    public func rows(_ sql: String, _ arguments: SQLArguments = []) throws -> [SQLRow] {
        try all(sql, arguments)
    }

    public func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row (nil when there is no row or it is NULL).
    public func value<T: SQLDecodable>(_ sql: String, _ arguments: SQLArguments = []) throws -> T? {
        guard let row = try row(sql, arguments) else { return nil }
        return T.decode(row.values[0])
    }

    /// The first column of every row.
    public func values<T: SQLDecodable>(_ sql: String, _ arguments: SQLArguments = []) throws -> [T] {
        try rows(sql, arguments).compactMap { T.decode($0.values[0]) }
    }

    public func exists(_ sql: String, _ arguments: SQLArguments = []) throws -> Bool {
        try row(sql, arguments) != nil
    }
}

/// A database holding a central store: SQLite (embedded, the default) or PostgreSQL.
public protocol CentralDatabase: Sendable {
    /// What the user named (a path, or the URL without its password): for messages.
    var location: String { get }
    /// Runs `body` in one transaction that commits when it returns and rolls back when it throws.
    func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T
    /// Runs `body` on a consistent snapshot.
    func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T
}
