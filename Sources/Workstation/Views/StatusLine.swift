import OnsetCore
import TerminalUI

/// The bottom line: mode, playhead (time and frame), pending marks, the selected span, the
/// rating prompt, saved state and the help key.
struct StatusLine {
    let state: AppState
    let helpKey: String

    var mode: String {
        if state.prompt != nil { return " RATE " }
        if state.queue?.listCursor != nil { return " LIST " }
        if state.queue?.awaitingConfidence != nil { return " CONFIDENCE " }
        if state.queue != nil { return state.isPlaying ? " CLIPS ▶ " : " CLIPS " }
        if state.changingSignal { return " SIGNAL? " }
        if state.checklist != nil { return " CUES " }
        if state.isPlaying { return " PLAY \(Reducer.format(state.clock.speed))× " }
        return " NORMAL "
    }

    func render(into buffer: inout Buffer, area: Rect) {
        buffer.fill(area, with: Cell(" ", style: Theme.status))
        if let edit = state.lineEdit {
            edit.editor.render(prompt: " " + edit.prompt, into: &buffer, x: area.x, y: area.y, width: area.width, style: Theme.status)
            return
        }
        var x = area.x
        x += buffer.put(mode, x: x, y: area.y, style: state.prompt != nil ? Theme.statusPrompt : Theme.statusMode, clip: area)
        var parts: [String] = [state.playhead.description + (state.frameNumber.map { " f\($0)" } ?? "")]
        if !state.pendingKeys.isEmpty { parts.append(Keymap.text(state.pendingKeys) + " …") }
        for (signal, onset) in state.openSpans.sorted(by: { $0.value < $1.value }) {
            parts.append("● \(state.scheme.signal(signal)?.label ?? signal) open since \(onset)")
        }
        if state.markIn != nil || state.markOut != nil {
            parts.append("mark \(state.markIn?.description ?? "…")–\(state.markOut?.description ?? "…")")
        }
        if let q = state.queue {
            parts = [state.playhead.description + (q.opened[q.clip.path].map { " / \($0)" } ?? "") + (state.frameNumber.map { " f\($0)" } ?? "")]
            if let d = Reducer.focusedDimension(state) {
                parts.append(q.awaitingConfidence != nil ? "digit: confidence, Esc skips" : "\(d.range.lowerBound)–\(d.range.upperBound) scores \(d.label)")
            }
        } else if let prompt = state.prompt, let span = state.spans.span(prompt.spanID) {
            let label = state.scheme.signal(span.signal)?.label ?? span.signal
            let (name, scale) = { () -> (String, RatingScale?) in
                switch prompt {
                case .confidence: ("confidence", state.scheme.confidence)
                case .intensity: ("intensity", state.scheme.intensity)
                }
            }()
            let anchors = scale?.anchors.map { "\($0.value) \($0.label)" }.joined(separator: " ") ?? ""
            parts.append("\(label) \(name)? \(anchors)")
        } else if let span = state.selectedSpan {
            let label = state.scheme.signal(span.signal)?.label ?? span.signal
            var fields = "\(label) \(span.onset)–\(span.offset) conf \(span.confidence.map(String.init) ?? "–") int \(span.intensity.map(String.init) ?? "–")"
            let missing = state.scheme.missingRequired(span).filter { $0 == .confidence || $0 == .intensity }
            if !missing.isEmpty { fields += " (needs \(missing.map(\.rawValue).joined(separator: ", ")))" }
            parts.append(fields)
        } else {
            // Until the whole session is read, the index holds only the opening window.
            parts.append(state.loading.contains(.spans) ? "loading spans…" : "\(state.spans.count) spans")
        }
        // Saved state and the help key are pinned to the right edge: they must never scroll away.
        let sync = state.sync.map { " │ " + $0.text } ?? ""
        let right = " " + (state.saved ? "saved ✓" : "saving…") + sync + " │ \(helpKey) help "
        let rightWidth = TextWidth.columns(of: right)
        let rightX = max(x, area.maxX - rightWidth)
        let middle = Rect(x: x, y: area.y, width: max(0, rightX - x), height: 1)
        if let message = state.message ?? state.loadProblem {
            let used = buffer.put(" " + TextWidth.truncate(message, to: max(0, middle.width - 2)) + " ", x: x, y: area.y, style: Theme.message, clip: middle)
            x += used
        }
        let rest = Rect(x: x, y: area.y, width: max(0, rightX - x), height: 1)
        buffer.put(TextWidth.truncate(" " + parts.joined(separator: " │ "), to: rest.width), x: x, y: area.y, style: Theme.status, clip: rest)
        buffer.put(right, x: rightX, y: area.y, style: state.saved ? Theme.status : Theme.message, clip: area)
    }
}
