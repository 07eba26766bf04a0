import OnsetCore
import TerminalUI

/// Work the reducer asks for; it runs off the UI thread and reports back as a message.
public enum Effect: Equatable, Sendable {
    case quit
}

/// Turns actions into state changes. Pure: no I/O, no drawing; effects are returned.
public enum Reducer {
    /// The shortest zoom: one frame per timeline column, or 1 ms per column without a frame rate.
    static func minimumZoom(_ state: AppState, columns: Int) -> Timecode {
        let perColumn = state.frameRate?.frameDuration.microseconds ?? 1000
        return Timecode(microseconds: max(1000, perColumn * Int64(max(1, columns))))
    }

    public static func reduce(_ state: inout AppState, _ action: ActionName, timelineColumns: Int = 80) -> [Effect] {
        state.message = nil
        let view = state.viewport.length.microseconds
        switch action {
        case .quit:
            state.shouldQuit = true
            return [.quit]
        case .toggleHelp:
            state.showHelp.toggle()
        case .cancel:
            state.showHelp = false
            state.pendingKeys = []
        case .stepForward: move(&state, by: max(1, view / 20))
        case .stepBackward: move(&state, by: -max(1, view / 20))
        case .jumpForward: move(&state, by: max(1, view / 2))
        case .jumpBackward: move(&state, by: -max(1, view / 2))
        case .stepFrameForward, .stepFrameBackward:
            guard let rate = state.frameRate else {
                state.message = "no frame rate: this media has no video"
                return []
            }
            let frame = rate.frame(at: state.playhead) + (action == .stepFrameForward ? 1 : -1)
            seek(&state, to: rate.time(ofFrame: max(0, frame)))
        case .goStart: seek(&state, to: .zero)
        case .goEnd: seek(&state, to: lastInstant(state))
        case .zoomIn:
            let target = max(minimumZoom(state, columns: timelineColumns).microseconds, view / 2)
            zoom(&state, to: Timecode(microseconds: target))
        case .zoomOut:
            zoom(&state, to: Timecode(microseconds: min(state.duration.microseconds, view * 2)))
        case .zoomFit:
            state.viewport = Viewport(start: .zero, length: state.duration)
        case .nextSpan:
            if let span = state.spans.next(after: state.playhead) {
                state.selected = span.id
                seek(&state, to: span.onset)
            } else {
                state.message = "no span after \(state.playhead)"
            }
        case .previousSpan:
            if let span = state.spans.previous(before: state.playhead) {
                state.selected = span.id
                seek(&state, to: span.onset)
            } else {
                state.message = "no span before \(state.playhead)"
            }
        case .selectNextAtPlayhead:
            let here = state.spans.spans(at: state.playhead)
            guard !here.isEmpty else {
                state.message = "no span under the playhead"
                return []
            }
            let current = here.firstIndex { $0.id == state.selected }
            state.selected = here[current.map { ($0 + 1) % here.count } ?? 0].id
        case .clearSelection:
            state.selected = nil
        }
        return []
    }

    /// The last instant of the media that still shows a picture (one frame, or 1 ms, before the end).
    static func lastInstant(_ state: AppState) -> Timecode {
        let tail = state.frameRate?.frameDuration.microseconds ?? 1000
        return Timecode(microseconds: max(0, state.duration.microseconds - tail))
    }

    static func move(_ state: inout AppState, by microseconds: Int64) {
        seek(&state, to: Timecode(microseconds: state.playhead.microseconds + microseconds))
    }

    static func seek(_ state: inout AppState, to t: Timecode) {
        state.playhead = min(max(.zero, t), lastInstant(state))
        state.viewport.follow(state.playhead, duration: state.duration)
    }

    /// Zooms around the playhead, keeping it at the same place on screen.
    static func zoom(_ state: inout AppState, to length: Timecode) {
        let old = state.viewport
        let ratio = old.length.microseconds > 0
            ? Double(state.playhead.microseconds - old.start.microseconds) / Double(old.length.microseconds) : 0.5
        let clampedRatio = min(max(ratio, 0), 1)
        let start = state.playhead.microseconds - Int64(Double(length.microseconds) * clampedRatio)
        state.viewport = Viewport(start: Timecode(microseconds: start), length: length)
        state.viewport.clamp(duration: state.duration)
    }
}
