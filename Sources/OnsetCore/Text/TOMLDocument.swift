/// A parsed TOML document whose every value remembers the line it came from.
///
/// Why our own reader: schemes, sessions and keymaps are edited by hand, and an error must name the
/// file and line of the *meaning* that is wrong ("signal `stress` has 3 cues, needs 8"), not only of
/// syntax. Supports the TOML used by Onset's files: tables, arrays of tables, dotted and quoted
/// keys, basic/literal/multi-line strings, integers, floats, booleans, arrays and inline tables.
/// Dates are not supported and are reported as errors.
public final class TOMLTable {
    public private(set) var keys: [String] = []
    private var values: [String: TOMLNode] = [:]
    /// Line of the header (or inline table) that opened this table; 1-based.
    public let line: Int
    /// Tables created implicitly by a dotted header may be defined explicitly later, once.
    var isImplicit: Bool
    var isInline: Bool = false

    init(line: Int, implicit: Bool = false) {
        self.line = line
        self.isImplicit = implicit
    }

    public subscript(key: String) -> TOMLNode? { values[key] }

    func set(_ key: String, _ node: TOMLNode) {
        if values[key] == nil { keys.append(key) }
        values[key] = node
    }
}

public struct TOMLNode {
    public enum Value {
        case string(String)
        case integer(Int64)
        case float(Double)
        case bool(Bool)
        case array([TOMLNode])
        case table(TOMLTable)
    }
    public let value: Value
    public let line: Int

    public var typeName: String {
        switch value {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .bool: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// An error in a human-edited file: which file, which line, what was expected.
public struct FileError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
