import OnsetCore
import TerminalUI

/// The cue checklist: the signal's cues by modality, ticked ones marked, the cursor highlighted.
struct ChecklistOverlay {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        guard let list = state.checklist, let span = state.spans.span(list.spanID), area.width > 30, area.height > 5 else { return }
        let label = state.scheme.signal(span.signal)?.label ?? span.signal
        buffer.fill(area)
        buffer.box(area, title: "cues for \(label) \(span.onset)–\(span.offset) — space ticks, enter saves, esc skips", style: .bold)
        let inner = area.inset(by: 1)
        var rows: [(String, Style, Int?)] = []
        var modality: Modality?
        for (i, cue) in list.cues.enumerated() {
            if cue.modality != modality {
                modality = cue.modality
                rows.append((cue.modality.rawValue.uppercased(), .bold, nil))
            }
            let mark = list.checked.contains(cue.id) ? "[x]" : "[ ]"
            rows.append(("  \(mark) \(cue.id) — \(cue.text)", i == list.cursor ? .reverse : .plain, i))
        }
        let cursorRow = rows.firstIndex { $0.2 == list.cursor } ?? 0
        let top = max(0, min(cursorRow - inner.height / 2, rows.count - inner.height))
        for (i, row) in rows.dropFirst(top).prefix(inner.height).enumerated() {
            buffer.put(TextWidth.truncate(row.0, to: inner.width), x: inner.x, y: inner.y + i, style: row.1, clip: inner)
        }
    }
}
