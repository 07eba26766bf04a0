/// A key press in Onset's own terms; terminal key codes never leave the backend.
///
/// Written in keymap files as `"a"`, `"A"`, `"space"`, `"C-r"`, `"M-x"`, `"S-right"`, `"f1"`.
/// A shifted letter is its upper-case character (`"A"`), not `S-a`.
public struct KeyEvent: Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        case char(Character)
        case enter, escape, backspace, tab, backTab, space
        case up, down, left, right, home, end, pageUp, pageDown, insert, delete
        case function(Int)
    }

    public struct Modifiers: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let control = Modifiers(rawValue: 1)
        public static let alt = Modifiers(rawValue: 2)
        public static let shift = Modifiers(rawValue: 4)
    }

    public var code: Code
    public var modifiers: Modifiers

    public init(_ code: Code, _ modifiers: Modifiers = []) {
        if case .char(" ") = code { self.code = .space } else { self.code = code }
        self.modifiers = modifiers
    }

    public static func char(_ c: Character) -> KeyEvent { KeyEvent(.char(c)) }
    public static func ctrl(_ c: Character) -> KeyEvent { KeyEvent(.char(c), .control) }

    private static let names: [(String, Code)] = [
        ("enter", .enter), ("esc", .escape), ("backspace", .backspace), ("tab", .tab), ("backtab", .backTab),
        ("space", .space), ("up", .up), ("down", .down), ("left", .left), ("right", .right), ("home", .home),
        ("end", .end), ("pageup", .pageUp), ("pagedown", .pageDown), ("insert", .insert), ("delete", .delete),
    ]

    /// Parses one key as written in keymaps; nil when it is not a key.
    public static func parse(_ text: String) -> KeyEvent? {
        var mods: Modifiers = []
        var rest = Substring(text)
        while rest.count > 2, let dash = rest.dropFirst().first, dash == "-" {
            switch rest.first {
            case "C": mods.insert(.control)
            case "M", "A": mods.insert(.alt)
            case "S": mods.insert(.shift)
            default: return nil
            }
            rest = rest.dropFirst(2)
        }
        let name = String(rest)
        if name.count == 1, let c = name.first {
            if c == " " { return KeyEvent(.space, mods) }
            let lowered = mods.contains(.control) ? Character(c.lowercased()) : c
            return KeyEvent(.char(lowered), mods)
        }
        let lower = name.lowercased()
        if lower == "escape" { return KeyEvent(.escape, mods) }
        if lower == "return" { return KeyEvent(.enter, mods) }
        if let code = names.first(where: { $0.0 == lower })?.1 { return KeyEvent(code, mods) }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...24).contains(n) { return KeyEvent(.function(n), mods) }
        return nil
    }

    public var description: String {
        var s = ""
        if modifiers.contains(.control) { s += "C-" }
        if modifiers.contains(.alt) { s += "M-" }
        if modifiers.contains(.shift) { s += "S-" }
        switch code {
        case .char(let c): s += String(c)
        case .function(let n): s += "f\(n)"
        default: s += Self.names.first(where: { $0.1 == code })?.0 ?? "?"
        }
        return s
    }
}

/// What a backend reports: keys, and the terminal's new size after a resize.
public enum TerminalEvent: Hashable, Sendable {
    case key(KeyEvent)
    case resize(width: Int, height: Int)
    /// A mouse click or wheel at a cell: (x, y) and what happened.
    case mouse(x: Int, y: Int, action: MouseAction)
    /// The session must end now: the terminal hung up (SIGHUP) or was asked to stop (SIGTERM).
    case shutdown(reason: String)
}

public enum MouseAction: Hashable, Sendable {
    case press, wheelUp, wheelDown
}
