/// Typed reads from a TOML table that fail with the file and line of the offending value.
public struct TOMLReader {
    public let file: String
    public let table: TOMLTable

    public init(file: String, table: TOMLTable) {
        self.file = file
        self.table = table
    }

    public func fail(_ message: String, line: Int? = nil) -> FileError {
        FileError(file: file, line: line ?? table.line, message)
    }

    public func line(of key: String) -> Int { table[key]?.line ?? table.line }

    private func typed<T>(_ key: String, _ expected: String, _ extract: (TOMLNode.Value) -> T?) throws(FileError) -> T? {
        guard let node = table[key] else { return nil }
        guard let value = extract(node.value) else {
            throw fail("`\(key)` must be \(expected), found a \(node.typeName)", line: node.line)
        }
        return value
    }

    public func optionalString(_ key: String) throws(FileError) -> String? {
        try typed(key, "a string") { if case .string(let s) = $0 { s } else { nil } }
    }

    public func string(_ key: String, context: String) throws(FileError) -> String {
        guard let s = try optionalString(key) else { throw fail("\(context) is missing `\(key)`") }
        return s
    }

    public func optionalInt(_ key: String) throws(FileError) -> Int64? {
        try typed(key, "an integer") { if case .integer(let i) = $0 { i } else { nil } }
    }

    public func optionalNumber(_ key: String) throws(FileError) -> Double? {
        try typed(key, "a number") {
            switch $0 {
            case .integer(let i): Double(i)
            case .float(let d): d
            default: nil
            }
        }
    }

    public func optionalBool(_ key: String) throws(FileError) -> Bool? {
        try typed(key, "true or false") { if case .bool(let b) = $0 { b } else { nil } }
    }

    public func optionalTable(_ key: String) throws(FileError) -> TOMLReader? {
        try typed(key, "a table") { if case .table(let t) = $0 { TOMLReader(file: file, table: t) } else { nil } }
    }

    public func stringArray(_ key: String) throws(FileError) -> [String] {
        guard let items = try typed(key, "an array of strings", { if case .array(let a) = $0 { a } else { nil } }) else { return [] }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item.value else { throw fail("`\(key)` must hold strings only, found a \(item.typeName)", line: item.line) }
            out.append(s)
        }
        return out
    }

    /// Elements of an array of tables (`[[key]]`), each as a reader.
    public func tables(_ key: String) throws(FileError) -> [TOMLReader] {
        guard let items = try typed(key, "an array of tables", { if case .array(let a) = $0 { a } else { nil } }) else { return [] }
        var out: [TOMLReader] = []
        for item in items {
            guard case .table(let t) = item.value else { throw fail("`\(key)` must hold tables only, found a \(item.typeName)", line: item.line) }
            out.append(TOMLReader(file: file, table: t))
        }
        return out
    }

    /// Rejects keys this file format does not know, so a typo is not silently ignored.
    public func rejectUnknownKeys(allowed: Set<String>, context: String) throws(FileError) {
        for key in table.keys where !allowed.contains(key) {
            throw fail("unknown key `\(key)` in \(context); expected one of: \(allowed.sorted().joined(separator: ", "))", line: line(of: key))
        }
    }
}
