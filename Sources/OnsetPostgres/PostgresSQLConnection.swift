import Foundation
import OnsetStore
import PostgresNIO

/// One PostgreSQL connection inside a transaction, speaking the store's SQL: `?` and `?N`
/// placeholders become `$N`, each cast to its argument's type (a NULL argument must still have
/// one), and large results are read through a cursor, a batch at a time.
struct PostgresSQLConnection: SQLConnection {
    let connection: PooledConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    /// Rows fetched per round trip when stepping through a cursor.
    static let batch = 2_000

    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try query(sql, arguments).metadata.rows ?? 0
    }

    func all(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        try query(sql, arguments).rows.map(Self.row)
    }

    func each(_ sql: String, _ arguments: SQLArguments, _ body: (any SQLCursorRow) throws -> Void) throws {
        let name = "onset_cursor_\(UInt32.random(in: 0...UInt32.max))"
        try execute("DECLARE \(name) NO SCROLL CURSOR FOR \(sql)", arguments)
        do {
            while true {
                let rows = try query("FETCH FORWARD \(Self.batch) FROM \(name)", []).rows
                for row in rows { try body(PostgresCursorRow(row: Self.row(row))) }
                if rows.count < Self.batch { break }
            }
            try execute("CLOSE \(name)")
        } catch {
            _ = try? execute("CLOSE \(name)")
            throw error
        }
    }

    /// One ingest at a time across every server on the database: an annotator's bundles apply
    /// in order and no id can be claimed by two annotators at once. Held until the transaction ends.
    func lockForIngest() throws {
        try execute("SELECT pg_advisory_xact_lock(?)", [Self.ingestLockKey])
    }

    /// "onset" in ASCII: the advisory lock's key.
    static let ingestLockKey: Int64 = 0x6F_6E_73_65_74

    private func query(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        let values = arguments.map(\.sqlValue)
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .int(let v): if let v { binds.append(v) } else { binds.appendNull() }
            case .double(let v): if let v { binds.append(v) } else { binds.appendNull() }
            case .text(let v): if let v { binds.append(v) } else { binds.appendNull() }
            case .blob(let v): if let v { binds.append(ByteBuffer(bytes: v)) } else { binds.appendNull() }
            case .null: binds.appendNull()
            }
        }
        let text = try Self.translate(sql, types: values.map(Self.typeName))
        return try connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger)
    }

    /// The cast a placeholder gets; none for an untyped NULL (PostgreSQL infers it from the column).
    static func typeName(_ value: SQLValue) -> String? {
        switch value {
        case .int: "int8"
        case .double: "float8"
        case .text: "text"
        case .blob: "bytea"
        case .null: nil
        }
    }

    /// `?` (numbered in order) and `?N` outside quotes and comments become `$N::type`.
    static func translate(_ sql: String, types: [String?]) throws -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + types.count * 8)
        var next = 0
        var chars = Array(sql.unicodeScalars)[...]
        var quote: Unicode.Scalar?
        while let c = chars.popFirst() {
            if let q = quote {
                out.unicodeScalars.append(c)
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                out.unicodeScalars.append(c)
            case "?":
                var digits = ""
                while let d = chars.first, d.properties.numericType == .decimal { digits.unicodeScalars.append(d); chars.removeFirst() }
                let n: Int
                if digits.isEmpty { next += 1; n = next } else { n = Int(digits)! }
                guard n >= 1, n <= types.count else {
                    throw StoreError.database("statement placeholder ?\(n) has no argument (\(types.count) given)")
                }
                out += types[n - 1].map { "$\(n)::\($0)" } ?? "$\(n)"
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func row(_ row: PostgresRow) -> SQLRow {
        var values: [SQLValue] = []
        var columns: [String] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(value(cell))
        }
        return SQLRow(values: values, columns: columns)
    }

    static func value(_ cell: PostgresCell) -> SQLValue {
        switch cell.dataType {
        case .int2, .int4, .int8:
            guard cell.bytes != nil else { return .int(nil) }
            return .int(try? cell.decode(Int64.self))
        case .bool:
            guard cell.bytes != nil else { return .int(nil) }
            return .int((try? cell.decode(Bool.self)) == true ? 1 : 0)
        case .float4, .float8:
            guard cell.bytes != nil else { return .double(nil) }
            return .double(try? cell.decode(Double.self))
        case .bytea:
            guard let bytes = cell.bytes else { return .blob(nil) }
            return .blob(Array(bytes.readableBytesView))
        default:
            guard let bytes = cell.bytes else { return .text(nil) }
            return .text((try? cell.decode(String.self)) ?? String(decoding: bytes.readableBytesView, as: UTF8.self))
        }
    }
}

/// A cursor row from PostgreSQL: already materialised (it came in a batch).
struct PostgresCursorRow: SQLCursorRow {
    let row: SQLRow

    func isNull(_ column: Int) -> Bool { row.values[column].isNull }
    func int64(_ column: Int) -> Int64 { Int64.decode(row.values[column]) ?? 0 }

    func withText<T>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var text = String.decode(row.values[column]) ?? ""
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
