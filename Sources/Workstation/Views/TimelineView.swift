import OnsetCore
import TerminalUI

/// The timeline pane: a time ruler, one lane per signal in use, and the playhead.
///
/// Work is proportional to the screen: each lane asks the span index only for the spans that
/// touch the visible window. Span edges are drawn to an eighth of a cell.
struct TimelineView {
    let state: AppState

    static let labelWidth = 14

    /// Columns available for time in a pane of `width` (used by the reducer for zoom limits).
    static func trackColumns(paneWidth: Int) -> Int { max(1, paneWidth - 2 - labelWidth) }

    /// The time under column `x` of a timeline pane (the middle of the column), nil off the track.
    static func time(at x: Int, pane: Rect, viewport: Viewport) -> Timecode? {
        let trackX = pane.x + 1 + labelWidth
        let columns = trackColumns(paneWidth: pane.width)
        guard x >= trackX, x < trackX + columns else { return nil }
        let us = viewport.start.microseconds + (Int64(x - trackX) * 2 + 1) * viewport.length.microseconds / (Int64(columns) * 2)
        return Timecode(microseconds: us)
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let title = "timeline  \(state.playhead) / \(state.duration)"
            + (state.frameNumber.map { "   frame \($0)" } ?? "")
            + "   zoom \(Theme.length(state.viewport.length))"
        buffer.box(area, title: title)
        let inner = area.inset(by: 1)
        guard inner.width > Self.labelWidth + 4, inner.height >= 2 else { return }
        let track = Rect(x: inner.x + Self.labelWidth, y: inner.y, width: inner.width - Self.labelWidth, height: inner.height)
        let mapping = ColumnMapping(viewport: state.viewport, columns: track.width)
        drawRuler(into: &buffer, track: track, labelArea: Rect(x: inner.x, y: inner.y, width: Self.labelWidth, height: 1), mapping: mapping)

        var laneArea = inner
        if let envelope = state.envelope, inner.height >= 4 {
            drawAudio(envelope, into: &buffer, y: inner.y + 1, labelX: inner.x, track: track, mapping: mapping)
            laneArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        }
        let predictions = state.visiblePredictions.filter { $0.layer == "signals" }
        if !predictions.isEmpty, laneArea.height >= 4 {
            drawModel(predictions, into: &buffer, y: laneArea.y + 1, labelX: inner.x, track: track, mapping: mapping)
            laneArea = Rect(x: laneArea.x, y: laneArea.y + 1, width: laneArea.width, height: laneArea.height - 1)
        }
        let lanes = state.laneSignals
        let laneRows = laneArea.height - 1
        if lanes.isEmpty {
            buffer.put("no spans in this session yet", x: track.x + 1, y: inner.y + 2, style: .dim, clip: inner)
        }
        let first = firstVisibleLane(lanes: lanes, rows: laneRows)
        for (row, signal) in lanes.dropFirst(first).prefix(laneRows).enumerated() {
            let y = laneArea.y + 1 + row
            let hidden = row == laneRows - 1 && first + laneRows < lanes.count
            if hidden {
                buffer.put("… \(lanes.count - first - row) more lanes", x: inner.x, y: y, style: .dim, clip: inner)
                break
            }
            drawLane(signal, into: &buffer, y: y, labelX: inner.x, track: track, mapping: mapping)
        }
        drawMarks(into: &buffer, track: track, mapping: mapping)
        drawPlayhead(into: &buffer, track: track, lanes: min(laneRows, max(0, lanes.count - first)) + (laneArea.y - inner.y), mapping: mapping)
    }

    /// Loudness per column (RMS over the windows it covers) on a dB scale.
    private func drawAudio(_ envelope: AudioEnvelope, into buffer: inout Buffer, y: Int, labelX: Int, track: Rect, mapping: ColumnMapping) {
        buffer.put("audio", x: labelX, y: y, style: Theme.label)
        let levels = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let per = max(1, state.viewport.length.microseconds / Int64(max(1, track.width)))
        for c in 0..<track.width {
            let start = Timecode(microseconds: state.viewport.start.microseconds + Int64(c) * per)
            let db = AudioEnvelope.decibels(envelope.level(from: start, to: start + Timecode(microseconds: per)))
            // -60 dBFS and below is silence; 0 dBFS the full block.
            let level = Int(((db + 60) / 60 * 8).rounded(.down))
            guard level > 0 else { continue }
            buffer[track.x + c, y] = Cell(levels[min(7, level - 1)], style: Style(fg: .rgb(120, 170, 200)))
        }
    }

    /// The model's predictions in one lane, in their signals' colours: pending ones solid,
    /// decided ones faint (rejected ones dotted), the selected one reversed. Predictions are few
    /// (hundreds per recording), so they are filtered here rather than indexed.
    private func drawModel(_ predictions: [Prediction], into buffer: inout Buffer, y: Int, labelX: Int, track: Rect, mapping: ColumnMapping) {
        let pending = predictions.filter { state.decisions[$0.id] == nil }.count
        buffer.put(TextWidth.truncate("model \(pending)/\(predictions.count)", to: Self.labelWidth - 1), x: labelX, y: y, style: Theme.label)
        for p in predictions where p.offset > state.viewport.start && p.onset < state.viewport.end {
            let c0 = max(0, mapping.column(of: p.onset)), c1 = min(track.width - 1, max(mapping.column(of: p.offset) - 1, mapping.column(of: p.onset)))
            guard c0 <= c1 else { continue }
            let color = state.scheme.signal(p.type).map { Theme.color($0.color) } ?? .gray
            let decision = state.decisions[p.id]
            let glyph = decision == .rejected ? "┄" : "▒"
            let style = Style(fg: color, bold: decision == nil, dim: decision != nil, reverse: p.id == state.selectedPrediction)
            for c in c0...c1 { buffer[track.x + c, y] = Cell(glyph, style: style) }
        }
    }

    /// In and out points on the ruler.
    private func drawMarks(into buffer: inout Buffer, track: Rect, mapping: ColumnMapping) {
        for (mark, glyph) in [(state.markIn, "["), (state.markOut, "]")] {
            guard let mark else { continue }
            let col = mapping.column(of: mark)
            if col >= 0 && col < track.width {
                buffer[track.x + col, track.y] = Cell(glyph, style: Style(fg: Theme.playhead, bold: true))
            }
        }
    }

    /// Scrolls lanes so the selected span's lane is visible.
    private func firstVisibleLane(lanes: [String], rows: Int) -> Int {
        guard lanes.count > rows, let signal = state.selectedSpan?.signal, let i = lanes.firstIndex(of: signal) else { return 0 }
        return max(0, min(i - rows / 2, lanes.count - rows))
    }

    private func drawRuler(into buffer: inout Buffer, track: Rect, labelArea: Rect, mapping: ColumnMapping) {
        let step = mapping.tickStep(minimumColumns: 12)
        var t = (state.viewport.start.microseconds / step) * step
        if t < state.viewport.start.microseconds { t += step }
        while t < state.viewport.end.microseconds {
            let col = mapping.column(of: Timecode(microseconds: t))
            if col >= 0 && col < track.width {
                let label = Timecode(microseconds: t).formatted(fractionDigits: step < 1_000_000 ? 3 : 0)
                buffer.put("╵" + label, x: track.x + col, y: track.y, style: Theme.ruler, clip: track)
            }
            t += step
        }
    }

    private func drawLane(_ signal: String, into buffer: inout Buffer, y: Int, labelX: Int, track: Rect, mapping: ColumnMapping) {
        let info = state.scheme.signal(signal)
        let color = info.map { Theme.color($0.color) } ?? .gray
        let label = TextWidth.truncate(info?.label ?? signal, to: Self.labelWidth - 1)
        buffer.put(label, x: labelX, y: y, style: Style(fg: color, bold: state.selectedSpan?.signal == signal))
        if let onset = state.openSpans[signal] {
            // An open span grows with the playhead until its key closes it.
            let (a, b) = (min(onset, state.playhead), max(onset, state.playhead))
            let c0 = max(0, mapping.column(of: a)), c1 = min(track.width - 1, mapping.column(of: b))
            if c0 <= c1 { for c in c0...c1 { buffer[track.x + c, y] = Cell("░", style: Style(fg: color, bold: true)) } }
        }
        guard let lane = state.spans.lane(signal) else { return }
        // Zoomed far out, a lane can hold many spans per column: ask per column instead of per
        // span, so drawing costs what the screen shows.
        if lane.count(startingIn: state.viewport.start, state.viewport.end) > track.width * 4 {
            let per = max(1, state.viewport.length.microseconds / Int64(max(1, track.width)))
            for c in 0..<track.width {
                let a = Timecode(microseconds: state.viewport.start.microseconds + Int64(c) * per)
                if lane.covers(a, a + Timecode(microseconds: per)) {
                    buffer[track.x + c, y] = Cell("█", style: Style(fg: color))
                }
            }
            return
        }
        // Coverage per column in eighths, and how many spans touch each column (overlaps).
        var eighths = [Int](repeating: 0, count: track.width)
        var leftGap = [Int](repeating: 0, count: track.width)
        var touching = [Int](repeating: 0, count: track.width)
        var selectedCols = Set<Int>()
        for span in lane.spans(overlapping: state.viewport.start, state.viewport.end) {
            let (c0, f0) = mapping.position(of: span.onset)
            var (c1, f1) = mapping.position(of: span.offset)
            // An offset on a column boundary ends the span in the column before.
            if f1 == 0 && c1 > c0 { c1 -= 1; f1 = 8 }
            let from = max(0, c0), to = min(track.width - 1, c1)
            guard from <= to else { continue }
            for c in from...to {
                let start = c == c0 ? f0 : 0
                let end = c == c1 ? f1 : 8
                let covered = max(end - start, 1)
                touching[c] += 1
                if covered >= eighths[c] {
                    eighths[c] = covered
                    leftGap[c] = start > 0 && end == 8 ? start : 0
                }
                if span.id == state.selected { selectedCols.insert(c) }
            }
        }
        for c in 0..<track.width where touching[c] > 0 {
            let selected = selectedCols.contains(c)
            var cell: Cell
            if touching[c] > 1 {
                cell = Cell("▓", style: Style(fg: color, bold: true))
            } else if leftGap[c] > 0 {
                // Covered on the right only: an eighth-block of the gap, drawn reversed.
                cell = Cell(Theme.eighths[leftGap[c]], style: Style(fg: color, reverse: true))
            } else {
                cell = Cell(Theme.eighths[min(8, eighths[c])], style: Style(fg: color))
            }
            if selected { cell.style.underline = true; cell.style.bold = true }
            buffer[track.x + c, y] = cell
        }
        if !selectedCols.isEmpty, let first = selectedCols.min() {
            buffer[track.x + max(0, first - 1), y] = buffer[track.x + max(0, first - 1), y].symbol == " "
                ? Cell("▸", style: Style(fg: color, bold: true)) : buffer[track.x + max(0, first - 1), y]
        }
    }

    private func drawPlayhead(into buffer: inout Buffer, track: Rect, lanes: Int, mapping: ColumnMapping) {
        let col = mapping.column(of: state.playhead)
        guard col >= 0 && col < track.width else { return }
        let x = track.x + col
        buffer[x, track.y] = Cell("▼", style: Style(fg: Theme.playhead, bold: true))
        for row in 0..<max(lanes, 1) {
            let y = track.y + 1 + row
            guard y < track.maxY else { break }
            let cell = buffer[x, y]
            if cell.symbol == " " || cell.symbol.isEmpty {
                buffer[x, y] = Cell("│", style: Style(fg: Theme.playhead))
            } else {
                var style = cell.style
                let spanColor = style.fg
                style = Style(fg: Theme.playhead, bg: style.reverse ? .default : spanColor, bold: true)
                buffer[x, y] = Cell("┃", style: style)
            }
        }
    }
}

/// Maps media time to timeline columns, exactly, in integer microseconds.
struct ColumnMapping {
    let viewport: Viewport
    let columns: Int

    /// The column showing `t` (may be outside 0..<columns).
    func column(of t: Timecode) -> Int { position(of: t).column }

    /// The column showing `t` and how far into it `t` lies, in eighths (0–8).
    func position(of t: Timecode) -> (column: Int, eighth: Int) {
        let len = max(1, viewport.length.microseconds)
        let rel = t.microseconds - viewport.start.microseconds
        let scaled = mulDivFloor(rel, Int64(columns) * 8, len)
        let column = Int(floorDiv(scaled, 8))
        return (column, Int(scaled - Int64(column) * 8))
    }

    /// A round tick step (µs) that leaves at least `minimumColumns` between labels.
    func tickStep(minimumColumns: Int) -> Int64 {
        let steps: [Int64] = [1_000, 5_000, 10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000,
                              10_000_000, 15_000_000, 30_000_000, 60_000_000, 120_000_000, 300_000_000, 600_000_000,
                              900_000_000, 1_800_000_000, 3_600_000_000, 7_200_000_000]
        let perColumn = Double(viewport.length.microseconds) / Double(max(1, columns))
        return steps.first { Double($0) / perColumn >= Double(minimumColumns) } ?? steps.last!
    }

    private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private func mulDivFloor(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let p = a.multipliedFullWidth(by: b)
        let (q, r) = c.dividingFullWidth(p)
        return (r != 0 && (r < 0) != (c < 0)) ? q - 1 : q
    }
}
