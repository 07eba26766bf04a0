import CNcursesw
import Foundation
import Synchronization
import TerminalUI

/// Set from signal handlers (async-signal-safe: a lock-free store), read by `poll`.
private let pendingSignal = Atomic<Int32>(0)

/// A real terminal through ncursesw: keys in, diffed cells out.
///
/// Only the cells that changed since the last frame are handed to ncurses, and ncurses in turn
/// sends only what changed on screen, so a paused screen costs nothing over SSH.
public final class NcursesTerminal: TerminalBackend {
    public let colorMode: ColorMode
    public let capability: ColorCapability
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var previous: Buffer?
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var maxPairs: Int32 = 0
    private var active = false
    private var escDelayMilliseconds: Int32 = 25

    private struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    /// Starts curses mode on the controlling terminal (alternate screen, raw keys, no echo).
    /// `mouse`: clicks and the wheel come as events (the terminal's own text selection then
    /// needs Shift in most terminals).
    public init(capability detected: ColorCapability, mouse: Bool = true) throws {
        if setlocale(LC_ALL, "") == nil || !Self.localeIsUTF8 {
            // Without a UTF-8 locale ncurses draws non-ASCII as blanks; C.UTF-8 always exists.
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        var cap = detected
        let termName = cap.directTerm ?? ProcessInfo.processInfo.environment["TERM"] ?? "xterm"
        var screen = newterm(termName, onset_stdout(), onset_stdin())
        if screen == nil, cap.directTerm != nil {
            cap.mode = .palette256
            cap.reason += "; opening \(termName) failed, so 256 colours"
            screen = newterm(ProcessInfo.processInfo.environment["TERM"] ?? "xterm", onset_stdout(), onset_stdin())
        }
        guard let screen else {
            throw TerminalError.cannotStart("ncurses cannot open the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")); is this a terminal?")
        }
        self.screen = screen
        set_term(screen)
        window = onset_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        if mouse { onset_enable_mouse() }
        curs_set(0)
        set_escdelay(escDelayMilliseconds)
        if cap.mode != .none && has_colors() {
            start_color()
            use_default_colors()
            maxPairs = onset_color_pairs()
            if cap.mode == .truecolor && onset_colors() < 0x1000000 {
                cap.mode = onset_colors() >= 256 ? .palette256 : .palette16
                cap.reason += "; the terminal reports \(onset_colors()) colours"
            }
        } else if cap.mode != .none {
            cap.mode = .none
            cap.reason += "; the terminal has no colours"
        }
        colorMode = cap.mode
        capability = cap
        active = true
        Self.installSignalHandlers()
    }

    public static var localeIsUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// Catches hang-up and termination so the loop can end cleanly, and unblocks them together
    /// with SIGWINCH: a blocked mask is inherited through fork and exec, so a program started by a
    /// supervisor (or a test runner's worker thread) would otherwise never hear of resizes or a
    /// dropped connection.
    private static func installSignalHandlers() {
        signal(SIGPIPE, SIG_IGN)
        let handled = [SIGHUP, SIGTERM, SIGINT, SIGQUIT]
        for sig in handled {
            signal(sig) { s in pendingSignal.store(s, ordering: .relaxed) }
        }
        var set = sigset_t()
        sigemptyset(&set)
        for sig in handled + [SIGWINCH, SIGCONT, SIGTSTP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    deinit { restore() }

    public var size: (width: Int, height: Int) {
        guard let window else { return (0, 0) }
        return (Int(onset_getmaxx(window)), Int(onset_getmaxy(window)))
    }

    public func restore() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        window = nil
    }

    public func draw(_ buffer: Buffer) {
        guard active, let window else { return }
        if pairs.count >= Int(maxPairs) - 2 {
            // Out of colour pairs (a busy video frame in true colour): start over, redraw all.
            pairs.removeAll(keepingCapacity: true)
            nextPair = 1
            previous = nil
        }
        let (w, h) = size
        for run in buffer.changes(since: previous) {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.symbol.isEmpty || x >= w || run.y >= h { continue }
                // Writing the bottom-right cell scrolls some terminals: ncurses reports ERR there
                // but draws it, which is what we want.
                put(cell, x: x, y: run.y, window: window)
            }
        }
        previous = buffer
        wnoutrefresh(window)
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int, window: UnsafeMutablePointer<WINDOW>) {
        var wide: [wchar_t] = cell.symbol.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        var attrs = onset_a_normal()
        if cell.style.bold { attrs |= onset_a_bold() }
        if cell.style.dim { attrs |= onset_a_dim() }
        if cell.style.reverse { attrs |= onset_a_reverse() }
        if cell.style.underline { attrs |= onset_a_underline() }
        let pair = colorPair(cell.style)
        _ = onset_put_cell(window, Int32(y), Int32(x), wide, attrs, pair)
    }

    private func colorPair(_ style: Style) -> Int32 {
        guard colorMode != .none else { return 0 }
        let key = PairKey(fg: colorNumber(style.fg), bg: colorNumber(style.bg))
        if key.fg == -1 && key.bg == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        let pair = nextPair
        nextPair += 1
        init_extended_pair(pair, key.fg, key.bg)
        pairs[key] = pair
        return pair
    }

    private func colorNumber(_ color: Color) -> Int32 {
        switch color {
        case .default:
            return -1
        case .indexed(let i):
            if colorMode == .palette16 && i >= 16 {
                let (r, g, b) = Palette.rgb(ofIndex: i)
                return Int32(Palette.index16(UInt8(r), UInt8(g), UInt8(b)))
            }
            if colorMode == .truecolor {
                let (r, g, b) = Palette.rgb(ofIndex: i)
                return directColor(UInt8(r), UInt8(g), UInt8(b))
            }
            return Int32(i)
        case .rgb(let r, let g, let b):
            switch colorMode {
            case .truecolor: return directColor(r, g, b)
            case .palette256: return Int32(Palette.index256(r, g, b))
            case .palette16: return Int32(Palette.index16(r, g, b))
            case .none: return -1
            }
        }
    }

    /// Direct-colour terminfo treats values below 8 as the ANSI colours; nudge near-black up.
    private func directColor(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int32 {
        let v = Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        return v < 8 ? 8 : v
    }

    public func poll(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard active, let window else { return nil }
        let sig = pendingSignal.exchange(0, ordering: .relaxed)
        if sig != 0 { return .shutdown(reason: Self.signalName(sig)) }
        wtimeout(window, Int32(timeoutMilliseconds))
        var ch: wint_t = 0
        let status = wget_wch(window, &ch)
        if status == ERR {
            let sig = pendingSignal.exchange(0, ordering: .relaxed)
            return sig != 0 ? .shutdown(reason: Self.signalName(sig)) : nil
        }
        if status == onset_key_code_yes() { return keyCode(Int32(ch)) }
        return character(UInt32(ch), window: window)
    }

    private static func signalName(_ sig: Int32) -> String {
        switch sig {
        case SIGHUP: "SIGHUP (the terminal hung up)"
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        default: "signal \(sig)"
        }
    }

    private func character(_ value: UInt32, window: UnsafeMutablePointer<WINDOW>) -> TerminalEvent? {
        switch value {
        case 27:
            // ESC alone, or the first byte of Alt+key.
            wtimeout(window, 0)
            var next: wint_t = 0
            let status = wget_wch(window, &next)
            if status == OK, let scalar = Unicode.Scalar(UInt32(next)), next >= 32, next != 127 {
                return .key(KeyEvent(.char(Character(scalar)), .alt))
            }
            if status == onset_key_code_yes(), case .key(var key)? = keyCode(Int32(next)) {
                key.modifiers.insert(.alt)
                return .key(key)
            }
            return .key(KeyEvent(.escape))
        case 9: return .key(KeyEvent(.tab))
        case 10, 13: return .key(KeyEvent(.enter))
        case 8, 127: return .key(KeyEvent(.backspace))
        case 0: return .key(KeyEvent(.space, .control))
        case 1...26: return .key(KeyEvent(.char(Character(Unicode.Scalar(value + 96)!)), .control))
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(KeyEvent(.char(Character(scalar))))
        }
    }

    private func keyCode(_ code: Int32) -> TerminalEvent? {
        if code == onset_key_mouse() {
            var x: Int32 = 0, y: Int32 = 0
            switch onset_read_mouse(&x, &y) {
            case 1: return .mouse(x: Int(x), y: Int(y), action: .press)
            case 2: return .mouse(x: Int(x), y: Int(y), action: .wheelUp)
            case 3: return .mouse(x: Int(x), y: Int(y), action: .wheelDown)
            default: return nil
            }
        }
        switch code {
        case KEY_RESIZE:
            let (w, h) = size
            previous = nil
            return .resize(width: w, height: h)
        case KEY_UP: return .key(KeyEvent(.up))
        case KEY_DOWN: return .key(KeyEvent(.down))
        case KEY_LEFT: return .key(KeyEvent(.left))
        case KEY_RIGHT: return .key(KeyEvent(.right))
        case KEY_SLEFT: return .key(KeyEvent(.left, .shift))
        case KEY_SRIGHT: return .key(KeyEvent(.right, .shift))
        case KEY_SR: return .key(KeyEvent(.up, .shift))
        case KEY_SF: return .key(KeyEvent(.down, .shift))
        case KEY_HOME: return .key(KeyEvent(.home))
        case KEY_END: return .key(KeyEvent(.end))
        case KEY_PPAGE: return .key(KeyEvent(.pageUp))
        case KEY_NPAGE: return .key(KeyEvent(.pageDown))
        case KEY_DC: return .key(KeyEvent(.delete))
        case KEY_IC: return .key(KeyEvent(.insert))
        case KEY_BTAB: return .key(KeyEvent(.backTab))
        case KEY_ENTER: return .key(KeyEvent(.enter))
        case KEY_BACKSPACE: return .key(KeyEvent(.backspace))
        default:
            if code >= onset_key_f(1) && code <= onset_key_f(24) { return .key(KeyEvent(.function(Int(code - onset_key_f(0))))) }
            return extendedKey(code)
        }
    }

    /// Modified arrows arrive as terminfo extended keys named like `kLFT5` (5 = Ctrl, 3 = Alt,
    /// 2 = Shift, sums for combinations).
    private func extendedKey(_ code: Int32) -> TerminalEvent? {
        guard let namePtr = keyname(code) else { return nil }
        let name = String(cString: namePtr)
        let bases: [(String, KeyEvent.Code)] = [("kLFT", .left), ("kRIT", .right), ("kUP", .up), ("kDN", .down),
                                                 ("kHOM", .home), ("kEND", .end), ("kDC", .delete), ("kPRV", .pageUp), ("kNXT", .pageDown)]
        for (prefix, base) in bases where name.hasPrefix(prefix) {
            guard let n = Int(name.dropFirst(prefix.count)), n >= 2 else { continue }
            var mods: KeyEvent.Modifiers = []
            let bits = n - 1
            if bits & 1 != 0 { mods.insert(.shift) }
            if bits & 2 != 0 { mods.insert(.alt) }
            if bits & 4 != 0 { mods.insert(.control) }
            return .key(KeyEvent(base, mods))
        }
        return nil
    }

    /// The ncurses library version, e.g. "ncurses 6.4.20221231".
    public static var version: String { String(cString: curses_version()) }

    /// Whether a terminfo entry is installed (used before curses starts, for colour detection).
    public static func terminfoExists(_ name: String) -> Bool {
        let dirs = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo",
                    (ProcessInfo.processInfo.environment["HOME"] ?? "") + "/.terminfo"]
            + (ProcessInfo.processInfo.environment["TERMINFO"].map { [$0] } ?? [])
        guard let first = name.first else { return false }
        let hex = String(first.asciiValue ?? 0, radix: 16)
        return dirs.contains { FileManager.default.fileExists(atPath: "\($0)/\(first)/\(name)") || FileManager.default.fileExists(atPath: "\($0)/\(hex)/\(name)") }
    }
}

public enum TerminalError: Error, CustomStringConvertible {
    case cannotStart(String)

    public var description: String {
        switch self {
        case .cannotStart(let why): why
        }
    }
}
