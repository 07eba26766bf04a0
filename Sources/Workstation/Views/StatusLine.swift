import OnsetCore
import TerminalUI

/// The bottom line: mode, playhead (time and frame), the selected span, saved state, hints.
struct StatusLine {
    let state: AppState
    let helpKey: String

    func render(into buffer: inout Buffer, area: Rect) {
        buffer.fill(area, with: Cell(" ", style: Theme.status))
        var x = area.x
        x += buffer.put(" NORMAL ", x: x, y: area.y, style: Theme.statusMode, clip: area)
        var parts: [String] = []
        if !state.pendingKeys.isEmpty { parts.append(Keymap.text(state.pendingKeys) + " …") }
        if let span = state.selectedSpan {
            let label = state.scheme.signal(span.signal)?.label ?? span.signal
            parts.append("\(label) \(span.onset)–\(span.offset) conf \(span.confidence.map(String.init) ?? "–") int \(span.intensity.map(String.init) ?? "–")")
        } else {
            parts.append("\(state.spans.count) spans")
        }
        parts.append(state.saved ? "saved ✓" : "saving…")
        parts.append("\(helpKey) help")
        let text = " " + parts.joined(separator: " │ ")
        if let message = state.message {
            x += buffer.put(" " + message + " ", x: x, y: area.y, style: Theme.message, clip: area)
        }
        buffer.put(text, x: x, y: area.y, style: Theme.status, clip: area)
    }
}
