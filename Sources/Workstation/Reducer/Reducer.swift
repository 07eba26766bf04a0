import OnsetCore
import TerminalUI

/// What the reducer needs from outside the state: the time (injected, so tests advance a number)
/// and the sizes the current layout gives the timeline and the preview.
public struct ReduceContext: Sendable {
    /// Microseconds of a monotonic clock.
    public var now: Int64
    public var timelineColumns: Int
    /// Pixels available to the preview picture (0×0 when the pane is hidden).
    public var previewWidth: Int
    public var previewHeight: Int

    public init(now: Int64, timelineColumns: Int = 80, previewWidth: Int = 0, previewHeight: Int = 0) {
        self.now = now
        self.timelineColumns = timelineColumns
        self.previewWidth = previewWidth
        self.previewHeight = previewHeight
    }
}

/// Turns actions into state changes. Pure: no I/O, no drawing; effects are returned.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        let effects = perform(&state, action, ctx)
        recordTelemetry(&state, action, ctx)
        return effects
    }

    /// What the action did to the timeline, for quality control (seeks, scrubs, playback, edits).
    static func recordTelemetry(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) {
        let frame = frameStep(state)
        switch action {
        case .stepForward, .stepBackward, .stepFrameForward, .stepFrameBackward:
            state.telemetry.record(.scrub(to: state.playhead, frame: frame), at: ctx.now)
        case .jumpForward, .jumpBackward, .goStart, .goEnd, .nextSpan, .previousSpan, .nextSegment, .previousSegment,
             .nextPause, .previousPause, .nextSameSignal, .previousSameSignal, .nextPrediction, .previousPrediction:
            state.telemetry.record(.seek(to: state.playhead, frame: frame), at: ctx.now)
        case .playPause:
            state.telemetry.record(state.isPlaying ? .play(from: state.playhead, speed: state.clock.speed) : .pause(at: state.playhead), at: ctx.now)
        case .faster, .slower:
            state.telemetry.record(.speed(state.clock.speed, at: state.playhead), at: ctx.now)
        case .zoomIn, .zoomOut, .zoomFit, .selectNextAtPlayhead, .clearSelection, .markIn, .markOut, .markSegment, .deleteSpan,
             .setOnset, .setOffset, .nudgeOnsetEarlier, .nudgeOnsetLater, .nudgeOffsetEarlier, .nudgeOffsetLater, .changeSignal,
             .splitSpan, .mergeNext, .moveEarlier, .moveLater, .nudgeOnsetEarlierStep, .nudgeOnsetLaterStep, .nudgeOffsetEarlierStep,
             .nudgeOffsetLaterStep, .moveEarlierStep, .moveLaterStep:
            state.telemetry.record(.timeline, at: ctx.now)
        default:
            break
        }
    }

    static func perform(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        state.message = nil
        if let score = action.score { return state.queue != nil && state.prompt == nil ? queueScore(&state, score, ctx) : rate(&state, score, ctx) }
        switch action {
        case .quit:
            state.shouldQuit = true
            return [.quit]
        case .toggleHelp:
            state.showHelp.toggle()
            return []
        case .cancel:
            state.showHelp = false
            state.pendingKeys = []
            if state.queue?.listCursor != nil {
                state.queue?.listCursor = nil
                return []
            }
            if state.queue?.awaitingConfidence != nil, !state.showDefinition {
                // The confidence is optional: Esc leaves it out and the queue moves on.
                state.queue?.awaitingConfidence = nil
                return advance(&state, ctx)
            }
            return cancel(&state)
        case .togglePreview:
            state.showPreview.toggle()
            return []
        case .zoomIn, .zoomOut, .zoomFit:
            zoom(&state, action, ctx)
            return []
        case .nextSpan, .previousSpan, .selectNextAtPlayhead, .clearSelection, .nextSameSignal, .previousSameSignal:
            return select(&state, action, ctx)
        case .playPause, .faster, .slower:
            return playback(&state, action, ctx)
        case .markIn, .markOut, .markSegment, .deleteSpan, .undo, .redo:
            return edit(&state, action, ctx)
        case .setOnset, .setOffset, .nudgeOnsetEarlier, .nudgeOnsetLater, .nudgeOffsetEarlier, .nudgeOffsetLater,
             .changeSignal, .rateSpan, .splitSpan, .mergeNext, .moveEarlier, .moveLater, .nudgeOnsetEarlierStep, .nudgeOnsetLaterStep,
             .nudgeOffsetEarlierStep, .nudgeOffsetLaterStep, .moveEarlierStep, .moveLaterStep:
            return editSelected(&state, action, ctx)
        case .showDefinition:
            state.showDefinition.toggle()
            return []
        case .editCues, .checklistDown, .checklistUp, .checklistToggle, .checklistDone:
            return checklist(&state, action)
        case .commandLine, .search, .editRationale:
            return openLine(&state, action)
        case .searchNext, .searchPrevious:
            return searchJump(&state, forward: action == .searchNext, ctx)
        case .nextPause, .previousPause:
            return pauseJump(&state, action, ctx)
        case .nextPrediction, .previousPrediction, .acceptPrediction, .rejectPrediction, .adjustPrediction:
            return review(&state, action, ctx)
        case .nextDimension, .previousDimension, .nextClip, .previousClip, .nextUnratedClip, .rateConfidence, .toggleConfidencePrompt,
             .markBroken, .skipClip, .clearScore, .replayClip, .clipList, .listDown, .listUp, .listPageDown, .listPageUp, .listOpen:
            return queueAction(&state, action, ctx)
        default:
            return navigate(&state, action, ctx)
        }
    }

    /// A signal's palette key: opens a span at the playhead, or closes the open one; with an in
    /// and out point set, labels that stretch instead.
    public static func signalKey(_ state: inout AppState, _ signal: String, _ ctx: ReduceContext) -> [Effect] {
        state.message = nil
        state.telemetry.record(.timeline, at: ctx.now)
        if state.changingSignal { return changeSignal(&state, to: signal) }
        if state.pendingAdjust != nil { return adjusted(&state, signal: signal) }
        return toggleSignal(&state, signal, ctx)
    }

    /// Advances the playhead to the clock while playing; called on every tick of the loop.
    @discardableResult
    public static func tick(_ state: inout AppState, _ ctx: ReduceContext) -> [Effect] {
        guard state.isPlaying else { return [] }
        state.playhead = state.clock.position(at: ctx.now)
        state.viewport.follow(state.playhead, duration: state.duration)
        if state.clock.reachedEnd(at: ctx.now) {
            if state.queue != nil { return loopClip(&state, ctx) }
            state.clock.pause(at: ctx.now)
            state.telemetry.record(.pause(at: state.playhead), at: ctx.now)
            state.message = "end of the recording"
        }
        return []
    }
}
