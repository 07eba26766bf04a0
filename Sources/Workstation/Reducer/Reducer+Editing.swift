import Foundation
import OnsetCore

extension Reducer {
    /// The smallest nudge: one frame, or 10 ms without a frame rate.
    static func frameStep(_ state: AppState) -> Timecode {
        state.frameRate?.frameDuration ?? Timecode(microseconds: 10_000)
    }

    static func editSelected(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        guard let span = state.selectedSpan else {
            state.message = "no span selected (tab selects the next one, s the ones under the playhead)"
            return []
        }
        let step = frameStep(state)
        // The navigation step: 1/20 of the view, so a nudge is as coarse as the zoom shows.
        let viewStep = Timecode(microseconds: max(step.microseconds, state.viewport.length.microseconds / 20))
        var edited = span
        switch action {
        case .setOnset: edited.onset = state.playhead
        case .setOffset: edited.offset = state.playhead
        case .nudgeOnsetEarlier: edited.onset = max(.zero, span.onset - step)
        case .nudgeOnsetLater: edited.onset = span.onset + step
        case .nudgeOffsetEarlier: edited.offset = span.offset - step
        case .nudgeOffsetLater: edited.offset = min(state.duration, span.offset + step)
        case .nudgeOnsetEarlierStep: edited.onset = max(.zero, span.onset - viewStep)
        case .nudgeOnsetLaterStep: edited.onset = min(span.onset + viewStep, span.offset - step)
        case .nudgeOffsetEarlierStep: edited.offset = max(span.offset - viewStep, span.onset + step)
        case .nudgeOffsetLaterStep: edited.offset = min(state.duration, span.offset + viewStep)
        case .moveEarlier, .moveLater, .moveEarlierStep, .moveLaterStep:
            let size = action == .moveEarlier || action == .moveLater ? step : viewStep
            // Whole spans move within the recording, keeping their length.
            var delta = action == .moveLater || action == .moveLaterStep ? size : Timecode.zero - size
            if span.onset + delta < .zero { delta = Timecode.zero - span.onset }
            if span.offset + delta > state.duration { delta = state.duration - span.offset }
            edited.onset = span.onset + delta
            edited.offset = span.offset + delta
        case .changeSignal:
            state.changingSignal = true
            state.message = "press the key of the new signal for this span (Esc cancels)"
            return []
        case .rateSpan:
            guard state.scheme.confidence != nil || state.scheme.intensity != nil else {
                state.message = "this scheme has no span ratings"
                return []
            }
            state.prompt = state.scheme.confidence != nil ? .confidence(span.id) : .intensity(span.id)
            state.ratingJoinsCreation = false
            return []
        case .splitSpan:
            return split(&state, span, ctx)
        case .mergeNext:
            return merge(&state, span)
        default:
            return []
        }
        return commit(&state, from: span, to: edited)
    }

    /// Validates and stores an edit of one span, keeping it selected.
    static func commit(_ state: inout AppState, from span: Span, to edited: Span, grouped: Bool = false) -> [Effect] {
        do {
            try state.scheme.validate(edited, mediaDuration: state.duration)
        } catch {
            state.message = "not changed: \(error)"
            return []
        }
        state.spans.upsert(edited, previous: span)
        state.selected = edited.id
        state.pendingWrites += 1
        return [.store(.update(edited, grouped: grouped))]
    }

    /// Gives the selected span a new signal (after `change-signal`).
    static func changeSignal(_ state: inout AppState, to signal: String) -> [Effect] {
        state.changingSignal = false
        guard let span = state.selectedSpan else { return [] }
        var edited = span
        edited.signal = signal
        // Cues belong to a signal: those the new signal does not have are dropped.
        let known = Set(state.scheme.signal(signal)?.cues.map(\.id) ?? [])
        edited.cues = span.cues.filter(known.contains)
        return commit(&state, from: span, to: edited)
    }

    /// Two spans from one: the selected span ends at the playhead and a copy starts there.
    static func split(_ state: inout AppState, _ span: Span, _ ctx: ReduceContext) -> [Effect] {
        guard span.onset < state.playhead, state.playhead < span.offset else {
            state.message = "the playhead must be inside the selected span to split it"
            return []
        }
        var first = span
        first.offset = state.playhead
        var second = span
        second.id = UUID()
        second.onset = state.playhead
        second.createdAt = Date()
        second.revision = 1
        let effects = commit(&state, from: span, to: first)
        guard !effects.isEmpty else { return [] }
        state.spans.upsert(second)
        state.pendingWrites += 1
        state.message = "split at \(state.playhead)"
        return effects + [.store(.create(second, grouped: true))]
    }

    /// The selected span extends to the end of the next span of the same signal, which goes.
    static func merge(_ state: inout AppState, _ span: Span) -> [Effect] {
        guard let next = state.spans.lane(span.signal)?.spans(from: span.onset).first(where: { $0.id != span.id && $0.offset > span.offset })
        else {
            state.message = "no later span of the same signal to merge with"
            return []
        }
        var merged = span
        merged.offset = next.offset
        merged.cues = span.cues + next.cues.filter { !span.cues.contains($0) }
        if !next.rationale.isEmpty { merged.rationale = span.rationale.isEmpty ? next.rationale : span.rationale + " / " + next.rationale }
        let effects = commit(&state, from: span, to: merged)
        guard !effects.isEmpty else { return [] }
        var gone = next
        gone.deletedAt = Date()
        state.spans.upsert(gone, previous: next)
        state.pendingWrites += 1
        state.message = "merged up to \(next.offset)"
        return effects + [.store(.delete(next.id, grouped: true))]
    }

    static func pauseJump(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        guard let envelope = state.envelope else {
            state.message = "pauses unknown: the media has no audio, or its envelope is still being computed"
            return []
        }
        let target = action == .nextPause ? envelope.pause(after: state.playhead, pauses: state.pauses)
            : envelope.pause(before: state.playhead, pauses: state.pauses)
        guard let target else {
            state.message = action == .nextPause ? "no pause after the playhead" : "no pause before the playhead"
            return []
        }
        state.message = "pause \(target.lowerBound)–\(target.upperBound)"
        return seek(&state, to: target.lowerBound, ctx)
    }
}
