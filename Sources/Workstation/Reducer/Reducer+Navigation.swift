import OnsetCore

extension Reducer {
    /// The shortest zoom: one frame per timeline column, or 1 ms per column without a frame rate.
    static func minimumZoom(_ state: AppState, columns: Int) -> Timecode {
        let perColumn = state.frameRate?.frameDuration.microseconds ?? 1000
        return Timecode(microseconds: max(1000, perColumn * Int64(max(1, columns))))
    }

    static func navigate(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        let view = state.viewport.length.microseconds
        switch action {
        case .stepForward: return seek(&state, to: state.playhead + Timecode(microseconds: max(1, view / 20)), ctx)
        case .stepBackward: return seek(&state, to: state.playhead - Timecode(microseconds: max(1, view / 20)), ctx)
        case .jumpForward: return seek(&state, to: state.playhead + Timecode(microseconds: max(1, view / 2)), ctx)
        case .jumpBackward: return seek(&state, to: state.playhead - Timecode(microseconds: max(1, view / 2)), ctx)
        case .stepFrameForward, .stepFrameBackward:
            guard let rate = state.frameRate else {
                state.message = "no frame rate: this media has no video"
                return []
            }
            let frame = rate.frame(at: state.playhead) + (action == .stepFrameForward ? 1 : -1)
            return seek(&state, to: rate.time(ofFrame: max(0, frame)), ctx)
        case .goStart: return seek(&state, to: .zero, ctx)
        case .goEnd: return seek(&state, to: lastInstant(state), ctx)
        case .nextSegment, .previousSegment:
            guard let transcript = state.transcript else {
                state.message = "this session has no transcript"
                return []
            }
            let i = action == .nextSegment ? transcript.next(after: state.playhead) : transcript.previous(before: state.playhead)
            guard let i else {
                state.message = action == .nextSegment ? "no segment after the playhead" : "no segment before the playhead"
                return []
            }
            return seek(&state, to: transcript.segments[i].start, ctx)
        default:
            return []
        }
    }

    /// The last instant of the media that still shows a picture (one frame, or 1 ms, before the end).
    static func lastInstant(_ state: AppState) -> Timecode {
        let tail = state.frameRate?.frameDuration.microseconds ?? 1000
        return Timecode(microseconds: max(0, state.duration.microseconds - tail))
    }

    /// Moves the playhead (and the clock), scrolls the view, and asks for the picture there.
    static func seek(_ state: inout AppState, to t: Timecode, _ ctx: ReduceContext) -> [Effect] {
        state.playhead = min(max(.zero, t), lastInstant(state))
        state.clock.seek(to: state.playhead, at: ctx.now)
        state.viewport.follow(state.playhead, duration: state.duration)
        return pictureRequest(state, ctx)
    }

    static func pictureRequest(_ state: AppState, _ ctx: ReduceContext) -> [Effect] {
        guard state.hasVideo, ctx.previewWidth > 0, ctx.previewHeight > 0 else { return [] }
        if state.isPlaying {
            return [.preview(.play(from: state.playhead, speed: state.clock.speed, width: ctx.previewWidth, height: ctx.previewHeight))]
        }
        return [.preview(.show(state.playhead, width: ctx.previewWidth, height: ctx.previewHeight))]
    }

    static func zoom(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) {
        let view = state.viewport.length.microseconds
        switch action {
        case .zoomIn: zoom(&state, to: Timecode(microseconds: max(minimumZoom(state, columns: ctx.timelineColumns).microseconds, view / 2)))
        case .zoomOut: zoom(&state, to: Timecode(microseconds: min(state.duration.microseconds, view * 2)))
        default: state.viewport = Viewport(start: .zero, length: state.duration)
        }
    }

    /// Zooms around the playhead, keeping it at the same place on screen.
    static func zoom(_ state: inout AppState, to length: Timecode) {
        let old = state.viewport
        let ratio = old.length.microseconds > 0
            ? Double(state.playhead.microseconds - old.start.microseconds) / Double(old.length.microseconds) : 0.5
        let start = state.playhead.microseconds - Int64(Double(length.microseconds) * min(max(ratio, 0), 1))
        state.viewport = Viewport(start: Timecode(microseconds: start), length: length)
        state.viewport.clamp(duration: state.duration)
    }

    static func select(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        switch action {
        case .nextSpan, .previousSpan, .nextSameSignal, .previousSameSignal:
            let next = action == .nextSpan || action == .nextSameSignal
            var signal: String?
            if action == .nextSameSignal || action == .previousSameSignal {
                guard let current = state.selectedSpan?.signal else {
                    state.message = "select a span first: this jumps between spans of its signal"
                    return []
                }
                signal = current
            }
            guard let span = next ? state.spans.next(after: state.playhead, signal: signal) : state.spans.previous(before: state.playhead, signal: signal) else {
                let which = signal.map { "\(state.scheme.signal($0)?.label ?? $0) span" } ?? "span"
                state.message = next ? "no \(which) after \(state.playhead)" : "no \(which) before \(state.playhead)"
                return []
            }
            state.selected = span.id
            return seek(&state, to: span.onset, ctx)
        case .selectNextAtPlayhead:
            let here = state.spans.spans(at: state.playhead)
            guard !here.isEmpty else {
                state.message = "no span under the playhead"
                return []
            }
            let current = here.firstIndex { $0.id == state.selected }
            state.selected = here[current.map { ($0 + 1) % here.count } ?? 0].id
        default:
            state.selected = nil
        }
        return []
    }

    static func playback(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        switch action {
        case .playPause:
            if state.isPlaying {
                state.clock.pause(at: ctx.now)
                state.playhead = state.clock.position(at: ctx.now)
                return [.preview(.pause)] + pictureRequest(state, ctx)
            }
            if state.playhead >= lastInstant(state) { state.playhead = .zero }
            state.clock.seek(to: state.playhead, at: ctx.now)
            state.clock.play(at: ctx.now)
            return pictureRequest(state, ctx)
        default:
            let steps: [Double] = [0.1, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4]
            let current = state.clock.speed
            let next = action == .faster ? steps.first { $0 > current + 1e-9 } : steps.last { $0 < current - 1e-9 }
            guard let speed = next else {
                state.message = "speed is already \(action == .faster ? "the highest" : "the lowest") (\(format(current))×)"
                return []
            }
            state.clock.setSpeed(speed, at: ctx.now)
            state.message = "speed \(format(speed))×"
            return state.isPlaying ? pictureRequest(state, ctx) : []
        }
    }

    static func format(_ speed: Double) -> String {
        speed == speed.rounded() ? String(Int(speed)) : String(speed)
    }
}
