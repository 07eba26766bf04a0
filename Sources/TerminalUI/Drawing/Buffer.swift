/// A frame of terminal cells. Views draw into it; backends send only what differs from the
/// previous frame. Drawing outside the buffer or a given clip is ignored, never a crash.
public struct Buffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { x >= 0 && y >= 0 && x < width && y < height ? cells[y * width + x] : .blank }
        set { if x >= 0 && y >= 0 && x < width && y < height { cells[y * width + x] = newValue } }
    }

    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let x0 = max(0, rect.x), y0 = max(0, rect.y), x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { cells[y * width + x] = cell } }
    }

    /// Applies `change` to the style of every cell in `rect` (e.g. to highlight a row).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let x0 = max(0, rect.x), y0 = max(0, rect.y), x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { change(&cells[y * width + x].style) } }
    }

    /// Writes `text` from (x, y), at most `maxWidth` columns and never past `clip`'s right edge.
    /// Control characters are shown as `�` so that hostile text cannot move the cursor.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil, clip: Rect? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        if let clip, y < clip.y || y >= clip.maxY { return 0 }
        let right = min(width, clip?.maxX ?? width, maxWidth.map { x + $0 } ?? Int.max)
        var col = x
        for ch in text {
            var symbol = String(ch)
            var w = TextWidth.columns(of: ch)
            if ch.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) {
                symbol = "�"
                w = 1
            } else if w == 0 {
                // A lone combining mark attaches to the previous cell.
                if col > max(0, clip?.x ?? 0), col - 1 < right, col - 1 < width, col - 1 >= 0 { self[col - 1, y].symbol += symbol }
                continue
            }
            if col + w > right { break }
            if col >= 0 {
                self[col, y] = Cell(symbol, style: style)
                if w == 2 { self[col + 1, y] = Cell(Cell.continuation.symbol, style: style) }
            }
            col += w
        }
        return col - x
    }

    /// The buffer's text, one string per row, trailing spaces trimmed: what tests compare.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width { s += cells[y * width + x].symbol }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    public var text: String { lines.joined(separator: "\n") }

    /// Draws a box with a title on the top border.
    public mutating func box(_ rect: Rect, title: String = "", style: Style = .dim, titleStyle: Style = .bold) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        for x in rect.x + 1..<rect.maxX - 1 {
            self[x, rect.y] = Cell("─", style: style)
            self[x, rect.maxY - 1] = Cell("─", style: style)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            self[rect.x, y] = Cell("│", style: style)
            self[rect.maxX - 1, y] = Cell("│", style: style)
        }
        self[rect.x, rect.y] = Cell("┌", style: style)
        self[rect.maxX - 1, rect.y] = Cell("┐", style: style)
        self[rect.x, rect.maxY - 1] = Cell("└", style: style)
        self[rect.maxX - 1, rect.maxY - 1] = Cell("┘", style: style)
        if !title.isEmpty, rect.width > 4 {
            put(" " + TextWidth.truncate(title, to: rect.width - 4) + " ", x: rect.x + 1, y: rect.y, style: titleStyle, maxWidth: rect.width - 2)
        }
    }
}

/// A run of changed cells on one row, as a backend writes it.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
}

extension Buffer {
    /// The runs of cells that differ from `previous` (everything, when the sizes differ).
    /// A wide character's continuation travels with its left half so the pair is redrawn whole.
    public func changes(since previous: Buffer?) -> [CellRun] {
        let full = previous == nil || previous!.width != width || previous!.height != height
        var runs: [CellRun] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                let i = y * width + x
                if full || cells[i] != previous!.cells[i] {
                    var run = CellRun(x: x, y: y, cells: [])
                    while x < width {
                        let j = y * width + x
                        if !(full || cells[j] != previous!.cells[j] || cells[j].symbol.isEmpty) { break }
                        run.cells.append(cells[j])
                        x += 1
                    }
                    if run.x > 0 && run.cells.first?.symbol.isEmpty == true {
                        run.x -= 1
                        run.cells.insert(cells[y * width + run.x], at: 0)
                    }
                    runs.append(run)
                } else {
                    x += 1
                }
            }
        }
        return runs
    }
}
