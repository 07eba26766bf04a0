import OnsetCore
import TerminalUI

/// The mouse, for those who reach for it (the keyboard never needs it): on the timeline a click
/// seeks to the time under it and the wheel zooms; a click on the picture plays or pauses; in a
/// clip queue a click on a dimension focuses it, a click on an anchor gives that score, and the
/// wheel moves between dimensions; in the clip list a click opens the clip.
extension Reducer {
    public static func mouse(_ state: inout AppState, x: Int, y: Int, action: MouseAction, _ ctx: ReduceContext) -> [Effect] {
        // Overlays and text input own the screen until they close.
        guard !state.showHelp, !state.showDefinition, state.checklist == nil, state.lineEdit == nil, state.prompt == nil else { return [] }
        let layout = Layout.compute(state)
        if state.queue?.listCursor != nil {
            let area = Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)
            switch action {
            case .wheelUp: return reduce(&state, .listUp, ctx)
            case .wheelDown: return reduce(&state, .listDown, ctx)
            case .press:
                guard let row = ClipListOverlay(state: state).rows(area: area).first(where: { $0.y == y }) else { return [] }
                state.queue?.listCursor = row.clip
                return reduce(&state, .listOpen, ctx)
            }
        }
        if let panel = layout.queuePanel, panel.contains(x: x, y: y) {
            switch action {
            case .wheelUp: return reduce(&state, .previousDimension, ctx)
            case .wheelDown: return reduce(&state, .nextDimension, ctx)
            case .press:
                switch QueuePanel(state: state).target(area: panel, y: y) {
                case .dimension(let i)?:
                    state.queue?.focus = i
                    state.queue?.awaitingConfidence = nil
                    return []
                case .score(let value)?:
                    state.message = nil
                    return queueScore(&state, value, ctx)
                case nil:
                    return []
                }
            }
        }
        if let preview = layout.preview, preview.contains(x: x, y: y), action == .press {
            return reduce(&state, .playPause, ctx)
        }
        guard layout.queuePanel == nil, layout.timeline.contains(x: x, y: y) else { return [] }
        switch action {
        case .wheelUp: return reduce(&state, .zoomIn, ctx)
        case .wheelDown: return reduce(&state, .zoomOut, ctx)
        case .press:
            guard let t = TimelineView.time(at: x, pane: layout.timeline, viewport: state.viewport) else { return [] }
            state.message = nil
            let effects = seek(&state, to: t, ctx)
            state.telemetry.record(.seek(to: state.playhead, frame: frameStep(state)), at: ctx.now)
            return effects
        }
    }
}
