/// What the application needs from a terminal. The ncurses backend implements it for real
/// terminals; `TestBackend` keeps frames in memory for tests and benchmarks.
public protocol TerminalBackend: AnyObject {
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    var colorMode: ColorMode { get }
    /// Shows `buffer`, sending only the cells that differ from the previous frame.
    func draw(_ buffer: Buffer)
    /// The next event, waiting at most `timeoutMilliseconds` (0: do not wait); nil on timeout.
    func poll(timeoutMilliseconds: Int) -> TerminalEvent?
    /// Returns the terminal to the state it was in before the backend started. Idempotent.
    func restore()
}

/// An in-memory terminal: events are queued by the test, frames are kept for inspection.
public final class TestBackend: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    public let colorMode: ColorMode
    public private(set) var frame: Buffer
    public private(set) var frames = 0
    /// Cells sent by the last draw, and in total: the diff's cost, as a real terminal would pay it.
    public private(set) var lastChangedCells = 0
    public private(set) var totalChangedCells = 0
    public var events: [TerminalEvent] = []
    public private(set) var restored = false
    private var previous: Buffer?

    public init(width: Int, height: Int, colorMode: ColorMode = .truecolor) {
        size = (width, height)
        self.colorMode = colorMode
        frame = Buffer(width: width, height: height)
    }

    public func draw(_ buffer: Buffer) {
        let runs = buffer.changes(since: previous)
        lastChangedCells = runs.reduce(0) { $0 + $1.cells.count }
        totalChangedCells += lastChangedCells
        previous = buffer
        frame = buffer
        frames += 1
    }

    public func poll(timeoutMilliseconds: Int) -> TerminalEvent? {
        events.isEmpty ? nil : events.removeFirst()
    }

    public func resize(width: Int, height: Int) {
        size = (width, height)
        events.append(.resize(width: width, height: height))
    }

    public func restore() { restored = true }
}
