/// Parses TOML text into a `TOMLTable`. See `TOMLTable` for the supported subset.
public struct TOMLParser {
    private let file: String
    private var chars: [Character]
    private var pos = 0
    private var line = 1

    public static func parse(_ text: String, file: String) throws(FileError) -> TOMLTable {
        var parser = TOMLParser(file: file, text: text)
        return try parser.document()
    }

    private init(file: String, text: String) {
        self.file = file
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        self.chars = Array(body)
    }

    private func fail(_ message: String, line: Int? = nil) -> FileError {
        FileError(file: file, line: line ?? self.line, message)
    }

    private var current: Character? { pos < chars.count ? chars[pos] : nil }
    private func peek(_ offset: Int) -> Character? { pos + offset < chars.count ? chars[pos + offset] : nil }

    private mutating func advance() {
        if chars[pos] == "\n" || chars[pos] == "\r\n" { line += 1 }
        pos += 1
    }

    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { advance() }
    }

    private mutating func skipComment() {
        if current == "#" { while let c = current, !c.isNewline { advance() } }
    }

    /// Skips blank lines, comments and whitespace, including newlines (inside arrays, between lines).
    private mutating func skipTrivia() {
        while let c = current {
            if c == " " || c == "\t" || c.isNewline { advance() } else if c == "#" { skipComment() } else { break }
        }
    }

    private mutating func endOfLine() throws(FileError) {
        skipSpaces()
        skipComment()
        guard let c = current else { return }
        guard c.isNewline else { throw fail("expected the end of the line after a value, found `\(c)`") }
        advance()
    }

    private mutating func document() throws(FileError) -> TOMLTable {
        let root = TOMLTable(line: 1)
        var table = root
        while true {
            skipTrivia()
            guard let c = current else { break }
            if c == "[" {
                table = try header(root: root)
            } else {
                try keyValue(into: table)
            }
            try endOfLine()
        }
        return root
    }

    private mutating func header(root: TOMLTable) throws(FileError) -> TOMLTable {
        let headerLine = line
        advance()
        let isArray = current == "["
        if isArray { advance() }
        skipSpaces()
        let path = try keyPath()
        skipSpaces()
        guard current == "]" else { throw fail("expected `]` to close the table header") }
        advance()
        if isArray {
            guard current == "]" else { throw fail("expected `]]` to close the array-of-tables header") }
            advance()
        }
        var table = root
        for (i, key) in path.enumerated() {
            let last = i == path.count - 1
            if last && isArray {
                let element = TOMLTable(line: headerLine)
                if let existing = table[key] {
                    guard case .array(var items) = existing.value, items.allSatisfy({ if case .table = $0.value { true } else { false } }) else {
                        throw fail("`\(key)` was defined on line \(existing.line) as a \(existing.typeName), not an array of tables", line: headerLine)
                    }
                    items.append(TOMLNode(value: .table(element), line: headerLine))
                    table.set(key, TOMLNode(value: .array(items), line: existing.line))
                } else {
                    table.set(key, TOMLNode(value: .array([TOMLNode(value: .table(element), line: headerLine)]), line: headerLine))
                }
                return element
            }
            if let existing = table[key] {
                switch existing.value {
                case .table(let t):
                    if last {
                        guard t.isImplicit, !t.isInline else { throw fail("table `\(path.joined(separator: "."))` is defined twice (first on line \(t.line))", line: headerLine) }
                        t.isImplicit = false
                    }
                    table = t
                case .array(let items):
                    guard let lastItem = items.last, case .table(let t) = lastItem.value else {
                        throw fail("`\(key)` is an array, not a table", line: headerLine)
                    }
                    table = t
                default:
                    throw fail("`\(key)` was defined on line \(existing.line) as a \(existing.typeName), not a table", line: headerLine)
                }
            } else {
                let t = TOMLTable(line: headerLine, implicit: !last)
                table.set(key, TOMLNode(value: .table(t), line: headerLine))
                table = t
            }
        }
        return table
    }

    private mutating func keyPath() throws(FileError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            parts.append(try simpleKey())
            skipSpaces()
            if current == "." { advance() } else { return parts }
        }
    }

    private mutating func simpleKey() throws(FileError) -> String {
        guard let c = current else { throw fail("expected a key, found the end of the file") }
        if c == "\"" { return try basicString() }
        if c == "'" { return try literalString() }
        var key = ""
        while let c = current, c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") {
            key.append(c)
            advance()
        }
        guard !key.isEmpty else { throw fail("expected a key, found `\(c)`") }
        return key
    }

    private mutating func keyValue(into table: TOMLTable) throws(FileError) {
        let keyLine = line
        let path = try keyPath()
        skipSpaces()
        guard current == "=" else { throw fail("expected `=` after the key `\(path.joined(separator: "."))`") }
        advance()
        skipSpaces()
        let node = try value()
        var target = table
        for key in path.dropLast() {
            if let existing = target[key] {
                guard case .table(let t) = existing.value, !t.isInline else {
                    throw fail("`\(key)` was defined on line \(existing.line) as a \(existing.typeName), not a table", line: keyLine)
                }
                target = t
            } else {
                let t = TOMLTable(line: keyLine, implicit: true)
                target.set(key, TOMLNode(value: .table(t), line: keyLine))
                target = t
            }
        }
        let key = path[path.count - 1]
        if let existing = target[key] {
            throw fail("`\(path.joined(separator: "."))` is defined twice (first on line \(existing.line))", line: keyLine)
        }
        target.set(key, node)
    }

    private mutating func value() throws(FileError) -> TOMLNode {
        let startLine = line
        guard let c = current else { throw fail("expected a value, found the end of the file") }
        switch c {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { return TOMLNode(value: .string(try multilineBasic()), line: startLine) }
            return TOMLNode(value: .string(try basicString()), line: startLine)
        case "'":
            if peek(1) == "'" && peek(2) == "'" { return TOMLNode(value: .string(try multilineLiteral()), line: startLine) }
            return TOMLNode(value: .string(try literalString()), line: startLine)
        case "[":
            return TOMLNode(value: .array(try array()), line: startLine)
        case "{":
            return TOMLNode(value: .table(try inlineTable()), line: startLine)
        case "t", "f":
            var word = ""
            while let c = current, c.isLetter { word.append(c); advance() }
            switch word {
            case "true": return TOMLNode(value: .bool(true), line: startLine)
            case "false": return TOMLNode(value: .bool(false), line: startLine)
            default: throw fail("unknown value `\(word)`; strings need quotes")
            }
        default:
            return try number(line: startLine)
        }
    }

    private mutating func number(line startLine: Int) throws(FileError) -> TOMLNode {
        var text = ""
        while let c = current, c.isLetter || c.isNumber || c == "+" || c == "-" || c == "." || c == "_" || c == ":" {
            text.append(c)
            advance()
        }
        guard !text.isEmpty else { throw fail("expected a value, found `\(current.map(String.init) ?? "")`") }
        let clean = text.replacingOccurrences(of: "_", with: "")
        if text.contains(":") || (text.count >= 10 && text.dropFirst(4).first == "-" && text.first?.isNumber == true) {
            throw fail("dates and times are not supported here (`\(text)`); write them as strings")
        }
        if let int = Int64(clean) { return TOMLNode(value: .integer(int), line: startLine) }
        if clean.hasPrefix("0x"), let int = Int64(clean.dropFirst(2), radix: 16) { return TOMLNode(value: .integer(int), line: startLine) }
        switch clean {
        case "inf", "+inf": return TOMLNode(value: .float(.infinity), line: startLine)
        case "-inf": return TOMLNode(value: .float(-.infinity), line: startLine)
        case "nan", "+nan", "-nan": return TOMLNode(value: .float(.nan), line: startLine)
        default: break
        }
        if clean.first != ".", clean.last != ".", let d = Double(clean) { return TOMLNode(value: .float(d), line: startLine) }
        throw fail("`\(text)` is not a valid value (strings need quotes)")
    }

    private mutating func array() throws(FileError) -> [TOMLNode] {
        advance()
        var items: [TOMLNode] = []
        while true {
            skipTrivia()
            guard let c = current else { throw fail("unterminated array: expected `]`") }
            if c == "]" { advance(); return items }
            items.append(try value())
            skipTrivia()
            if current == "," { advance(); continue }
            guard current != nil else { throw fail("unterminated array: expected `]`") }
            guard current == "]" else { throw fail("expected `,` or `]` in the array") }
        }
    }

    private mutating func inlineTable() throws(FileError) -> TOMLTable {
        let table = TOMLTable(line: line)
        advance()
        skipSpaces()
        if current == "}" { advance(); table.isInline = true; return table }
        while true {
            skipSpaces()
            try keyValue(into: table)
            skipSpaces()
            guard let c = current else { throw fail("unterminated inline table: expected `}`") }
            if c == "," { advance(); continue }
            if c == "}" { advance(); table.isInline = true; return table }
            throw fail("expected `,` or `}` in the inline table, found `\(c)`")
        }
    }

    private mutating func basicString() throws(FileError) -> String {
        advance()
        var out = ""
        while true {
            guard let c = current, !c.isNewline else { throw fail("unterminated string: expected `\"` before the end of the line") }
            advance()
            if c == "\"" { return out }
            if c == "\\" { out.append(try escape()) } else { out.append(c) }
        }
    }

    private mutating func literalString() throws(FileError) -> String {
        advance()
        var out = ""
        while true {
            guard let c = current, !c.isNewline else { throw fail("unterminated string: expected `'` before the end of the line") }
            advance()
            if c == "'" { return out }
            out.append(c)
        }
    }

    private mutating func multilineBasic() throws(FileError) -> String {
        let startLine = line
        advance(); advance(); advance()
        if let c = current, c.isNewline { advance() }
        var out = ""
        while true {
            guard let c = current else { throw fail("unterminated multi-line string opened on line \(startLine)", line: startLine) }
            if c == "\"" && peek(1) == "\"" && peek(2) == "\"" {
                advance(); advance(); advance()
                while current == "\"" { out.append("\""); advance() }
                return out
            }
            advance()
            if c == "\\" {
                if let n = current, n == " " || n == "\t" || n.isNewline {
                    // A line-ending backslash trims the newline and the whitespace that follows.
                    while let w = current, w == " " || w == "\t" || w.isNewline { advance() }
                } else {
                    out.append(try escape())
                }
            } else {
                out.append(c.isNewline ? "\n" : c)
            }
        }
    }

    private mutating func multilineLiteral() throws(FileError) -> String {
        let startLine = line
        advance(); advance(); advance()
        if let c = current, c.isNewline { advance() }
        var out = ""
        while true {
            guard let c = current else { throw fail("unterminated multi-line string opened on line \(startLine)", line: startLine) }
            if c == "'" && peek(1) == "'" && peek(2) == "'" {
                advance(); advance(); advance()
                return out
            }
            advance()
            out.append(c.isNewline ? "\n" : c)
        }
    }

    private mutating func escape() throws(FileError) -> Character {
        guard let c = current else { throw fail("unterminated escape sequence") }
        advance()
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{8}"
        case "f": return "\u{C}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let h = current, h.isHexDigit else { throw fail("`\\\(c)` needs \(count) hex digits") }
                hex.append(h)
                advance()
            }
            guard let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) else { throw fail("`\\\(c)\(hex)` is not a valid Unicode scalar") }
            return Character(scalar)
        default:
            throw fail("unknown escape `\\\(c)` in a string")
        }
    }
}
