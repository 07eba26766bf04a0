import OnsetCore
import TerminalUI

/// Renders the whole screen from state. Called after every message; the backend diffs frames.
public enum Screen {
    public static let minimumSize = (width: 40, height: 8)

    public static func render(_ state: AppState, keymap: Keymap, colorMode: ColorMode = .truecolor) -> Buffer {
        var buffer = Buffer(width: state.size.width, height: state.size.height)
        guard state.size.width >= minimumSize.width, state.size.height >= minimumSize.height else {
            let lines = ["terminal too small:", "\(state.size.width)×\(state.size.height)",
                         "need \(minimumSize.width)×\(minimumSize.height)", "q quits"]
            for (i, line) in lines.enumerated() { buffer.put(line, x: 0, y: i, maxWidth: state.size.width) }
            return buffer
        }
        let layout = Layout.compute(state)
        buffer.fill(layout.header, with: Cell(" ", style: Theme.header))
        let title = " onset │ \(state.session.title) │ \(state.session.mediaName) │ \(state.scheme.title) v\(state.scheme.version) │ \(state.session.annotator)"
        buffer.put(TextWidth.truncate(title, to: layout.header.width), x: 0, y: layout.header.y, style: Theme.header)
        if let preview = layout.preview { PreviewView(state: state, colorMode: colorMode).render(into: &buffer, area: preview) }
        if let transcript = layout.transcript { TranscriptView(state: state).render(into: &buffer, area: transcript) }
        if let panel = layout.queuePanel {
            QueuePanel(state: state).render(into: &buffer, area: panel)
        } else {
            TimelineView(state: state).render(into: &buffer, area: layout.timeline)
        }
        if let palette = layout.palette { PaletteView(state: state).render(into: &buffer, area: palette) }
        StatusLine(state: state, helpKey: keymap.keys(for: .toggleHelp).first ?? "?").render(into: &buffer, area: layout.status)
        if state.showDefinition { DefinitionOverlay(state: state).render(into: &buffer, area: Rect(x: 0, y: 1, width: buffer.width, height: buffer.height - 2)) }
        if state.queue?.listCursor != nil { ClipListOverlay(state: state).render(into: &buffer, area: Rect(x: 0, y: 1, width: buffer.width, height: buffer.height - 2)) }
        if state.checklist != nil { ChecklistOverlay(state: state).render(into: &buffer, area: Rect(x: 0, y: 1, width: buffer.width, height: buffer.height - 2)) }
        if state.showHelp { HelpOverlay(keymap: keymap, queue: state.queue != nil).render(into: &buffer, area: layout.timeline.isEmpty && layout.queuePanel == nil ? buffer.area : Rect(x: 0, y: 1, width: buffer.width, height: buffer.height - 2)) }
        return buffer
    }

    /// Columns of the timeline's track at the current size, for zoom limits.
    public static func timelineColumns(_ state: AppState) -> Int {
        TimelineView.trackColumns(paneWidth: Layout.compute(state).timeline.width)
    }
}
