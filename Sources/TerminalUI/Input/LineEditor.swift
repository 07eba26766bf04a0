/// A one-line text editor: UTF-8 text of any script, a cursor that moves by grapheme, and the
/// editing keys every shell offers (C-a/C-e, C-w, C-u, C-k, arrows, home/end, delete).
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// Cursor position in characters (graphemes), 0…count.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    public enum Outcome: Equatable, Sendable {
        case editing
        case submit(String)
        case cancel
    }

    /// Applies one key. Printable characters insert; Enter submits; Esc cancels.
    public mutating func handle(_ key: KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(.control)
        switch key.code {
        case .enter: return .submit(text)
        case .escape: return .cancel
        case .left: if cursor > 0 { cursor -= 1 }
        case .right: if cursor < characters.count { cursor += 1 }
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .space: insert(" ")
        case .char(let c) where ctrl:
            switch c {
            case "a": cursor = 0
            case "e": cursor = characters.count
            case "b": if cursor > 0 { cursor -= 1 }
            case "f": if cursor < characters.count { cursor += 1 }
            case "u":
                characters.removeSubrange(0..<cursor)
                cursor = 0
            case "k": characters.removeSubrange(cursor...)
            case "w": deleteWordBackward()
            case "h":
                if cursor > 0 {
                    characters.remove(at: cursor - 1)
                    cursor -= 1
                }
            default: break
            }
        case .char(let c) where !key.modifiers.contains(.alt):
            insert(c)
        default:
            break
        }
        return .editing
    }

    public mutating func insert(_ c: Character) {
        guard !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return }
        characters.insert(c, at: cursor)
        cursor += 1
    }

    mutating func deleteWordBackward() {
        var i = cursor
        while i > 0, characters[i - 1] == " " { i -= 1 }
        while i > 0, characters[i - 1] != " " { i -= 1 }
        characters.removeSubrange(i..<cursor)
        cursor = i
    }

    /// Draws `prompt` and the text into one row of `width` columns, scrolled so the cursor shows;
    /// the cursor is a reversed cell. Returns the column of the cursor.
    @discardableResult
    public func render(prompt: String, into buffer: inout Buffer, x: Int, y: Int, width: Int, style: Style = .plain) -> Int {
        let promptWidth = TextWidth.columns(of: prompt)
        buffer.put(prompt, x: x, y: y, style: style, maxWidth: width)
        let room = max(1, width - promptWidth - 1)
        // Scroll: show as much as fits, ending at the cursor when the text is too long.
        var start = 0
        var used = characters[..<cursor].reduce(0) { $0 + TextWidth.columns(of: $1) }
        while used > room - 1, start < cursor {
            used -= TextWidth.columns(of: characters[start])
            start += 1
        }
        var col = x + promptWidth
        var cursorColumn = col
        for (i, ch) in characters.enumerated().dropFirst(start) {
            let w = TextWidth.columns(of: ch)
            if col + w > x + width - 1 { break }
            if i == cursor { cursorColumn = col }
            buffer.put(String(ch), x: col, y: y, style: i == cursor ? Style(fg: style.fg, bg: style.bg, reverse: true) : style)
            col += w
        }
        if cursor == characters.count {
            cursorColumn = col
            buffer[col, y] = Cell(" ", style: Style(fg: style.fg, bg: style.bg, reverse: true))
        }
        return cursorColumn
    }
}
