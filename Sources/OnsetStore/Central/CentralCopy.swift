import Foundation
import OnsetCore

/// Moving a central store to another database (SQLite to PostgreSQL, or back): every table
/// copied row by row in one transaction on the target, then counted and checksummed on both
/// sides. Rows keep their arrival order (records, quality-control decisions and calibration
/// results are read back in it), and the target's own `rowid`s number them anew.
extension CentralStore {
    /// The tables, parents before children, each with the order its rows are read in.
    static let tables: [(name: String, order: String)] = [
        ("project", "id"), ("annotator", "id"), ("annotator_project", "annotator, project"), ("token", "hash"),
        ("scheme", "id, version"), ("bundle", "id"), ("workstation_progress", "workstation, project"), ("session", "id, annotator"),
        ("record_revision", "rowid"), ("telemetry", "session, annotator"), ("qc_decision", "rowid"), ("wave", "project, id"),
        ("wave_item", "project, wave, item"), ("assignment", "project, wave, item, annotator"), ("calibration_rule", "project"),
        ("calibration_result", "rowid"), ("prediction_review", "id, revision"),
    ]

    public struct TableCheck: Sendable, Equatable {
        public var table: String
        public var rows: Int
        /// SHA-256 of every row's values in order (the `rowid` numbering left out).
        public var sha256: String
    }

    /// Copies every row into `target`, which must hold no data yet. All of it or nothing.
    /// `progress` hears each table as it is done.
    public func copy(to target: CentralStore, progress: (String, Int) -> Void = { _, _ in }) throws(StoreError) {
        try target.write { out in
            for (table, _) in Self.tables {
                if try out.exists("SELECT 1 FROM \(table) LIMIT 1") {
                    throw StoreError.invalid("the target already holds data (table \(table)); a store is moved into an empty one")
                }
            }
            try read { source in
                for (table, order) in Self.tables {
                    var batch = InsertBatch(table: table)
                    try source.each("SELECT * FROM \(table) ORDER BY \(order)", []) { row in
                        if try batch.add(row.row, into: out) { progress(table, batch.written) }
                    }
                    try batch.flush(into: out)
                    progress(table, batch.written)
                }
            }
        }
    }

    /// Row counts and checksums of every table: equal on two stores when they hold the same.
    public func tableChecks() throws(StoreError) -> [TableCheck] {
        try read { db in
            try Self.tables.map { table, order in
                var hash = SHA256()
                var rows = 0
                try db.each("SELECT * FROM \(table) ORDER BY \(order)", []) { cursor in
                    let row = cursor.row
                    rows += 1
                    // By column name: the two schemas may list a table's columns in another order.
                    for (column, value) in zip(row.columns, row.values).sorted(by: { $0.0 < $1.0 }) where column != "rowid" {
                        hash.update(Array(column.utf8) + [0x1D] + Self.canonical(value))
                    }
                    hash.update([0x1E])
                }
                return TableCheck(table: table, rows: rows, sha256: SHA256.hex(hash.finalize()))
            }
        }
    }

    /// A value as bytes that do not depend on the backend it came from (SQLite may hand back a
    /// whole REAL as an integer, PostgreSQL a flag as a boolean).
    static func canonical(_ value: SQLValue) -> [UInt8] {
        switch value {
        case .int(let v?): Array("i\(v)\u{1F}".utf8)
        case .double(let v?): v.rounded() == v && abs(v) < 1e15 ? Array("i\(Int64(v))\u{1F}".utf8) : Array("d\(v)\u{1F}".utf8)
        case .text(let v?): Array("t\(v.utf8.count):".utf8) + Array(v.utf8)
        case .blob(let v?): Array("b\(v.count):".utf8) + v
        default: Array("n\u{1F}".utf8)
        }
    }
}

/// Rows of one table gathered into multi-row INSERTs: a round trip per few hundred rows, not per
/// row, and never more than a few megabytes (bundle files are large) or 30,000 arguments.
private struct InsertBatch {
    let table: String
    var columns: [String] = []
    var values: [SQLValue] = []
    var rows = 0
    var bytes = 0
    var written = 0

    init(table: String) { self.table = table }

    /// Adds a row; true when a batch was written.
    mutating func add(_ row: SQLRow, into db: any SQLConnection) throws -> Bool {
        if columns.isEmpty { columns = row.columns.filter { $0 != "rowid" } }
        for (column, value) in zip(row.columns, row.values) where column != "rowid" {
            values.append(value)
            switch value {
            case .text(let t?): bytes += t.utf8.count
            case .blob(let b?): bytes += b.count
            default: bytes += 8
            }
        }
        rows += 1
        guard rows >= 500 || bytes >= 8 << 20 || values.count >= 30_000 else { return false }
        try flush(into: db)
        return true
    }

    mutating func flush(into db: any SQLConnection) throws {
        guard rows > 0 else { return }
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        try db.execute("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                       + Array(repeating: tuple, count: rows).joined(separator: ", "), values)
        written += rows
        values.removeAll(keepingCapacity: true)
        rows = 0
        bytes = 0
    }
}
