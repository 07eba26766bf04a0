import OnsetCore
import TerminalUI

/// The signal palette: each signal's key and label in its colour; open signals are marked ●.
struct PaletteView {
    let state: AppState

    static func entries(_ state: AppState) -> [(text: String, signal: Signal)] {
        state.scheme.signals.map { ("\($0.hotkey) \($0.label)", $0) }
    }

    /// Rows the palette needs at `width` (0 when the scheme has no signals).
    static func rows(for state: AppState, width: Int) -> Int {
        var rows = 0, used = width
        for (text, _) in entries(state) {
            let w = TextWidth.columns(of: text) + 3
            if used + w > width { rows += 1; used = 1 }
            used += w
        }
        return min(rows, 3)
    }

    func render(into buffer: inout Buffer, area: Rect) {
        var x = area.x + 1, y = area.y
        for (text, signal) in Self.entries(state) {
            let open = state.openSpans[signal.id] != nil
            let w = TextWidth.columns(of: text) + 3
            if x + w > area.maxX { x = area.x + 1; y += 1 }
            guard y < area.maxY else { break }
            let style = Style(fg: Theme.color(signal.color), bold: open, reverse: open)
            buffer.put(open ? "●" : " ", x: x, y: y, style: Style(fg: Theme.color(signal.color)))
            buffer.put(text, x: x + 1, y: y, style: style)
            x += w
        }
    }
}
