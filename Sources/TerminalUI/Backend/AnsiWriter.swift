/// Turns a buffer into text with ANSI SGR escapes, for printing a frame to stdout (`onset frame`)
/// and for measuring what a frame costs on the wire. Styles are only re-sent when they change.
public enum AnsiWriter {
    public static func render(_ buffer: Buffer, mode: ColorMode) -> String {
        var out = ""
        out.reserveCapacity(buffer.width * buffer.height * 4)
        for y in 0..<buffer.height {
            var current: Style? = nil
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.symbol.isEmpty { continue }
                if mode != .none && cell.style != current {
                    out += sgr(cell.style, mode: mode)
                    current = cell.style
                }
                out += cell.symbol
            }
            if mode != .none && current != nil { out += "\u{1B}[0m" }
            out += "\n"
        }
        return out
    }

    /// What a terminal receives for a frame diff: a cursor move per run, then the run's cells with
    /// style changes. Used to measure the bytes a redraw costs on the wire.
    public static func encode(_ runs: [CellRun], mode: ColorMode) -> String {
        var out = ""
        var current: Style? = nil
        for run in runs {
            out += "\u{1B}[\(run.y + 1);\(run.x + 1)H"
            for cell in run.cells where !cell.symbol.isEmpty {
                if mode != .none && cell.style != current {
                    out += sgr(cell.style, mode: mode)
                    current = cell.style
                }
                out += cell.symbol
            }
        }
        return out
    }

    static func sgr(_ style: Style, mode: ColorMode) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if let fg = code(style.fg, foreground: true) { codes.append(fg) }
        if let bg = code(style.bg, foreground: false) { codes.append(bg) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func code(_ color: Color, foreground: Bool) -> String? {
        switch color {
        case .default: return nil
        case .rgb(let r, let g, let b): return (foreground ? "38;2;" : "48;2;") + "\(r);\(g);\(b)"
        case .indexed(let i) where i < 8: return String((foreground ? 30 : 40) + Int(i))
        case .indexed(let i) where i < 16: return String((foreground ? 90 : 100) + Int(i) - 8)
        case .indexed(let i): return (foreground ? "38;5;" : "48;5;") + String(i)
        }
    }
}
