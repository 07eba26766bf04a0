/// The colour mode to use and why, decided once at start-up from the environment.
///
/// ncurses only does 24-bit colour through a `*-direct` terminfo entry and ignores `COLORTERM`,
/// so when `COLORTERM` promises true colour under a `*-256color` TERM we name the matching
/// direct entry (`directTerm`) for the backend to open instead.
public struct ColorCapability: Hashable, Sendable {
    public var mode: ColorMode
    public var reason: String
    /// A terminfo name to open instead of TERM to get true colour, when one should be tried.
    public var directTerm: String?

    public init(mode: ColorMode, reason: String, directTerm: String? = nil) {
        self.mode = mode
        self.reason = reason
        self.directTerm = directTerm
    }

    /// - Parameters:
    ///   - forced: an explicit `--color` choice, which wins.
    ///   - terminfoExists: whether a terminfo entry of that name is installed.
    public static func detect(environment env: [String: String], forced: ColorMode? = nil,
                              terminfoExists: (String) -> Bool) -> ColorCapability {
        let term = env["TERM"] ?? ""
        let colorterm = (env["COLORTERM"] ?? "").lowercased()
        if let forced {
            var cap = ColorCapability(mode: forced, reason: "chosen with --color \(forced.rawValue)")
            if forced == .truecolor && !term.hasSuffix("-direct") { cap.directTerm = directName(for: term, terminfoExists) }
            return cap
        }
        if let noColor = env["NO_COLOR"], !noColor.isEmpty {
            return ColorCapability(mode: .none, reason: "NO_COLOR is set")
        }
        if term.isEmpty || term == "dumb" {
            return ColorCapability(mode: .none, reason: term.isEmpty ? "TERM is not set" : "TERM=dumb")
        }
        if term.hasSuffix("-direct") {
            return ColorCapability(mode: .truecolor, reason: "TERM=\(term) is a direct-colour terminfo entry")
        }
        if colorterm == "truecolor" || colorterm == "24bit" {
            if let direct = directName(for: term, terminfoExists) {
                return ColorCapability(mode: .truecolor, reason: "COLORTERM=\(colorterm); using terminfo \(direct) for TERM=\(term)", directTerm: direct)
            }
            return ColorCapability(mode: .palette256, reason: "COLORTERM=\(colorterm), but no *-direct terminfo entry matches TERM=\(term) (install ncurses-term); using 256 colours")
        }
        if term.contains("256color") {
            return ColorCapability(mode: .palette256, reason: "TERM=\(term); set COLORTERM=truecolor or TERM=xterm-direct for 24-bit colour")
        }
        if term.hasPrefix("linux") || term.contains("color") || term.hasPrefix("xterm") || term.hasPrefix("screen") || term.hasPrefix("tmux") || term.hasPrefix("rxvt") {
            return ColorCapability(mode: .palette16, reason: "TERM=\(term) announces basic colours only")
        }
        return ColorCapability(mode: .none, reason: "TERM=\(term) is not known to support colour")
    }

    private static func directName(for term: String, _ exists: (String) -> Bool) -> String? {
        let base = term.split(separator: "-").first.map(String.init) ?? term
        let candidates = [base + "-direct", term.hasPrefix("tmux") || term.hasPrefix("screen") ? "tmux-direct" : "xterm-direct"]
        return candidates.first(where: exists)
    }
}
