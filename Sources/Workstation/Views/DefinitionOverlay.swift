import OnsetCore
import TerminalUI

/// Definitions on demand: the selected (or open, or last used) signal's definition,
/// valence/arousal, observability criteria and cues by modality.
struct DefinitionOverlay {
    let state: AppState

    var signal: Signal? {
        let id = state.selectedSpan?.signal ?? state.openSpans.keys.sorted().first ?? state.scheme.signals.first?.id
        return id.flatMap { state.scheme.signal($0) }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        guard let signal, area.width > 30, area.height > 6 else { return }
        buffer.fill(area)
        buffer.box(area, title: "\(signal.hotkey) \(signal.label) — Esc or d closes", style: Style(fg: Theme.color(signal.color), bold: true))
        let inner = area.inset(by: 1)
        var lines: [(String, Style)] = []
        let wrapWidth = max(10, inner.width - 2)
        func add(_ text: String, _ style: Style = .plain, indent: String = "") {
            for line in TextWidth.wrap(text, width: wrapWidth - indent.count) { lines.append((indent + line, style)) }
        }
        add(signal.definition)
        lines.append(("", .plain))
        add("valence \(signal.valence) (\(state.scheme.valenceRange.lowerBound)…\(state.scheme.valenceRange.upperBound)), arousal \(signal.arousal) (\(state.scheme.arousalRange.lowerBound)…\(state.scheme.arousalRange.upperBound))", .dim)
        if !signal.observability.isEmpty {
            lines.append(("Observe", .bold))
            for o in signal.observability { add("• " + o, indent: "  ") }
        }
        for modality in Modality.allCases {
            let cues = signal.cues.filter { $0.modality == modality }
            guard !cues.isEmpty else { continue }
            lines.append(("Cues — \(modality.rawValue)", .bold))
            for cue in cues { add("\(cue.id): \(cue.text)", indent: "  ") }
        }
        for (i, (text, style)) in lines.prefix(inner.height).enumerated() {
            buffer.put(" " + text, x: inner.x, y: inner.y + i, style: style, clip: inner)
        }
    }
}
