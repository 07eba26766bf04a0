import TerminalUI

/// Where each pane goes at the current size. Small terminals drop panes rather than squeeze
/// them: the timeline and the status line always stay.
public struct Layout: Equatable, Sendable {
    public var header: Rect
    public var preview: Rect?
    public var transcript: Rect?
    public var timeline: Rect
    public var palette: Rect?
    public var status: Rect
    /// The clip rating panel (scales, anchors, prompt, progress) of a rating queue.
    public var queuePanel: Rect?

    public static func compute(_ state: AppState) -> Layout {
        let area = Rect(x: 0, y: 0, width: state.size.width, height: state.size.height)
        let (header, rest) = area.splitTop(1)
        var (main, status) = rest.splitBottom(1)
        if state.queue != nil { return queue(state, header: header, main: main, status: status) }
        var palette: Rect?
        if main.height >= 12 {
            let rows = TimelineView.labelWidth + 1 < area.width ? PaletteView.rows(for: state, width: area.width) : 0
            let split = main.splitBottom(rows)
            main = split.rest
            palette = rows > 0 ? split.bottom : nil
        }
        var preview: Rect?, transcript: Rect?
        let wantsTop = state.showPreview && (state.hasVideo || state.transcript != nil)
        if wantsTop, main.height >= 16 {
            let lanes = max(3, state.laneSignals.count + 3)
            let topHeight = max(6, min(main.height - lanes, main.height * 11 / 20))
            let (top, bottom) = main.splitTop(topHeight)
            main = bottom
            if state.hasVideo {
                // Cells are about twice as tall as wide; half blocks make pixels square.
                let aspect = state.preview.map { Double($0.width) / Double(max(1, $0.height)) } ?? (4.0 / 3.0)
                let wanted = Int((Double(top.height - 2) * 2 * aspect).rounded()) + 2
                let width = state.transcript == nil ? top.width : min(max(20, wanted), top.width * 3 / 5)
                let split = top.splitLeft(width)
                preview = split.left
                transcript = state.transcript == nil ? nil : split.rest
            } else {
                transcript = top
            }
        }
        return Layout(header: header, preview: preview, transcript: transcript, timeline: main, palette: palette, status: status)
    }

    /// A rating queue: the clip on the left (at most half the width, so the anchors stay
    /// readable), the scales on the right; without room for both, the scales win.
    static func queue(_ state: AppState, header: Rect, main: Rect, status: Rect) -> Layout {
        let panelMinimum = 36
        var preview: Rect?
        var panel = main
        if state.showPreview, main.height >= 6, main.width - panelMinimum >= 16 {
            let aspect = state.preview.map { Double($0.width) / Double(max(1, $0.height)) } ?? (16.0 / 9.0)
            let wanted = Int((Double(main.height - 2) * 2 * aspect).rounded()) + 2
            let width = min(max(16, wanted), main.width / 2, main.width - panelMinimum)
            let split = main.splitLeft(width)
            preview = split.left
            panel = split.rest
        }
        return Layout(header: header, preview: preview, transcript: nil, timeline: Rect(x: 0, y: main.y, width: 0, height: 0),
                      palette: nil, status: status, queuePanel: panel)
    }

    /// Pixels the preview picture may use (inside the border; two pixels per cell row).
    public var previewPixels: (width: Int, height: Int) {
        guard let p = preview, p.width > 2, p.height > 2 else { return (0, 0) }
        return (p.width - 2, (p.height - 2) * 2)
    }
}
