import Foundation

/// A value crossing into or out of the central store's database. A NULL keeps its type: a
/// PostgreSQL parameter must have one even when it has no value.
public enum SQLValue: Sendable, Equatable {
    case int(Int64?)
    case double(Double?)
    case text(String?)
    case blob([UInt8]?)
    /// A NULL read out of a database, whose column type is not known here: as an argument, the
    /// database infers its type from where it goes.
    case null

    public var isNull: Bool {
        switch self {
        case .int(let v): v == nil
        case .double(let v): v == nil
        case .text(let v): v == nil
        case .blob(let v): v == nil
        case .null: true
        }
    }
}

/// A value read from one store, written to another as it is (`CentralCopy`).
extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
    public static var sqlNull: SQLValue { .null }
}

/// What can be passed as a statement argument.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
    static var sqlNull: SQLValue { get }
}

/// Statement arguments, written as an array literal of Swift values (`[project, wave, 1]`).
public typealias SQLArguments = [any SQLBindable]

extension String: SQLBindable {
    public var sqlValue: SQLValue { .text(self) }
    public static var sqlNull: SQLValue { .text(nil) }
}
extension Int: SQLBindable {
    public var sqlValue: SQLValue { .int(Int64(self)) }
    public static var sqlNull: SQLValue { .int(nil) }
}
extension Int64: SQLBindable {
    public var sqlValue: SQLValue { .int(self) }
    public static var sqlNull: SQLValue { .int(nil) }
}
extension Double: SQLBindable {
    public var sqlValue: SQLValue { .double(self) }
    public static var sqlNull: SQLValue { .double(nil) }
}
/// Booleans are stored as 0 and 1 on every backend (the schema's INTEGER flags).
extension Bool: SQLBindable {
    public var sqlValue: SQLValue { .int(self ? 1 : 0) }
    public static var sqlNull: SQLValue { .int(nil) }
}
extension Data: SQLBindable {
    public var sqlValue: SQLValue { .blob(Array(self)) }
    public static var sqlNull: SQLValue { .blob(nil) }
}
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? Wrapped.sqlNull }
    public static var sqlNull: SQLValue { Wrapped.sqlNull }
}

/// What can be read out of a result column. Reading NULL into a non-optional type is a
/// programming error (the query promised a value), as in GRDB.
public protocol SQLDecodable {
    static func decode(_ value: SQLValue) -> Self?
}

extension SQLValue {
    var int64: Int64? {
        switch self {
        case .int(let v): v
        case .double(let v): v.map { Int64($0) }
        case .text(let v): v.flatMap { Int64($0) ?? Double($0).map { Int64($0) } }
        case .blob, .null: nil
        }
    }
}

extension String: SQLDecodable {
    public static func decode(_ value: SQLValue) -> String? {
        switch value {
        case .text(let v): v
        case .int(let v): v.map { String($0) }
        case .double(let v): v.map { String($0) }
        case .blob(let v): v.map { String(decoding: $0, as: UTF8.self) }
        case .null: nil
        }
    }
}
extension Int64: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Int64? { value.int64 }
}
extension Int: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Int? { value.int64.map { Int($0) } }
}
extension Double: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case .double(let v): v
        case .int(let v): v.map { Double($0) }
        case .text(let v): v.flatMap { Double($0) }
        case .blob, .null: nil
        }
    }
}
extension Bool: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Bool? { value.int64.map { $0 != 0 } }
}
extension Data: SQLDecodable {
    public static func decode(_ value: SQLValue) -> Data? {
        if case .blob(let v) = value { return v.map { Data($0) } }
        return nil
    }
}

/// A result row, materialised.
public struct SQLRow: Sendable {
    public let values: [SQLValue]
    public let columns: [String]

    public init(values: [SQLValue], columns: [String]) {
        self.values = values
        self.columns = columns
    }

    public subscript<T: SQLDecodable>(_ index: Int) -> T {
        guard let v = T.decode(values[index]) else { fatalError("column \(columns[index]) is NULL or not a \(T.self)") }
        return v
    }

    public subscript<T: SQLDecodable>(_ index: Int) -> T? { T.decode(values[index]) }

    public subscript<T: SQLDecodable>(_ name: String) -> T {
        guard let i = columns.firstIndex(of: name) else { fatalError("no column \(name)") }
        return self[i]
    }

    public subscript<T: SQLDecodable>(_ name: String) -> T? {
        guard let i = columns.firstIndex(of: name) else { fatalError("no column \(name)") }
        return self[i]
    }
}
