/// A cell colour, independent of what the terminal can show; backends reduce it to their palette.
public enum Color: Hashable, Sendable {
    case `default`
    case rgb(UInt8, UInt8, UInt8)
    /// An xterm palette index (0–15 the basic colours, 16–231 the cube, 232–255 greys).
    case indexed(UInt8)

    public static let black = Color.indexed(0), red = Color.indexed(1), green = Color.indexed(2), yellow = Color.indexed(3)
    public static let blue = Color.indexed(4), magenta = Color.indexed(5), cyan = Color.indexed(6), white = Color.indexed(7)
    public static let gray = Color.indexed(8), brightWhite = Color.indexed(15)
}

/// How many colours the terminal can show; decided once at start-up.
public enum ColorMode: String, Hashable, Sendable, CaseIterable {
    case truecolor
    case palette256 = "256"
    case palette16 = "16"
    case none
}

public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(fg: Color = .default, bg: Color = .default, bold: Bool = false, dim: Bool = false,
                reverse: Bool = false, underline: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let reverse = Style(reverse: true)
}

/// One terminal cell: a grapheme and its style. A wide grapheme occupies its cell and the next;
/// the next cell then holds `Cell.continuation`.
public struct Cell: Hashable, Sendable {
    public var symbol: String
    public var style: Style

    public init(_ symbol: String = " ", style: Style = .plain) {
        self.symbol = symbol
        self.style = style
    }

    public static let blank = Cell()
    /// Placeholder for the right half of a wide character.
    public static let continuation = Cell("")
}
