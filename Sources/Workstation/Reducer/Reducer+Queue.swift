import Foundation
import OnsetCore
import TerminalUI

/// The clip rating queue: a digit scores the focused dimension and moves on; a clip whose
/// dimensions are all scored gives way to the next clip that is not done.
extension Reducer {
    static func queueAction(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        guard var q = state.queue else { return [] }
        let dimensions = state.scheme.dimensions.count
        switch action {
        case .nextDimension, .previousDimension:
            guard dimensions > 0 else { return [] }
            q.focus = (q.focus + (action == .nextDimension ? 1 : dimensions - 1)) % dimensions
            q.awaitingConfidence = nil
            state.queue = q
            return []
        case .nextClip, .previousClip:
            let target = q.current + (action == .nextClip ? 1 : -1)
            guard q.clips.indices.contains(target) else {
                state.message = action == .nextClip ? "this is the last clip (\(q.clips.count))" : "this is the first clip"
                return []
            }
            return showClip(&state, target, ctx)
        case .nextUnratedClip:
            guard let target = q.nextUndone(after: q.current, scheme: state.scheme) else {
                state.message = "every clip is done ✓ — :submit when you are happy with the scores"
                return []
            }
            return showClip(&state, target, ctx)
        case .rateConfidence:
            guard state.scheme.confidence != nil else {
                state.message = "the scheme has no confidence scale"
                return []
            }
            // The focused score, or the one just given (the focus has moved on from it): `4 c 3`.
            let dimensions = state.scheme.dimensions
            let candidates = [q.focus, q.focus - 1].filter { dimensions.indices.contains($0) }.map { dimensions[$0] }
            guard let dimension = candidates.first(where: { q.rating(q.clip.name, $0.id) != nil }) else {
                state.message = "score the dimension first, then give its confidence"
                return []
            }
            q.awaitingConfidence = dimension.id
            state.queue = q
            return []
        case .toggleConfidencePrompt:
            guard state.scheme.confidence != nil else {
                state.message = "the scheme has no confidence scale"
                return []
            }
            q.asksConfidence.toggle()
            state.queue = q
            state.message = q.asksConfidence ? "a confidence is asked after every score" : "confidence only when asked for (c)"
            return []
        case .markBroken, .skipClip:
            let flag: ClipRating.Flag = action == .markBroken ? .broken : .skipped
            state.lineEdit = LineEdit(purpose: .clipFlag(flag), editor: LineEditor(q.flag(of: q.clip.name)?.note ?? ""))
            return []
        case .clearScore:
            return clearScore(&state)
        case .clipList:
            q.listCursor = q.listCursor == nil ? q.current : nil
            state.queue = q
            return []
        case .listDown, .listUp, .listPageDown, .listPageUp:
            let step = [ActionName.listDown: 1, .listUp: -1, .listPageDown: 10, .listPageUp: -10][action]!
            q.listCursor = min(max(0, (q.listCursor ?? q.current) + step), q.clips.count - 1)
            state.queue = q
            return []
        case .listOpen:
            let target = q.listCursor ?? q.current
            state.queue?.listCursor = nil
            return showClip(&state, target, ctx)
        case .replayClip:
            state.clock.seek(to: .zero, at: ctx.now)
            state.playhead = .zero
            if !state.clock.isPlaying { state.clock.play(at: ctx.now) }
            return pictureRequest(state, ctx)
        default:
            return []
        }
    }

    /// Opens the queue at its first clip that is not done (the first clip when all are).
    public static func openQueue(_ state: inout AppState, _ ctx: ReduceContext) -> [Effect] {
        guard let q = state.queue, !q.clips.isEmpty else { return [] }
        return showClip(&state, q.nextUndone(after: q.clips.count - 1, scheme: state.scheme) ?? 0, ctx)
    }

    static func focusedDimension(_ state: AppState) -> RatingScale? {
        guard let q = state.queue, state.scheme.dimensions.indices.contains(q.focus) else { return nil }
        return state.scheme.dimensions[q.focus]
    }

    /// A digit in the queue: the focused dimension's score, or the confidence it waits for.
    static func queueScore(_ state: inout AppState, _ value: Int, _ ctx: ReduceContext) -> [Effect] {
        guard var q = state.queue, let dimension = focusedDimension(state) else {
            state.message = "the scheme has no clip dimensions to score"
            return []
        }
        let clip = q.clip.name
        if let waiting = q.awaitingConfidence, var rating = q.rating(clip, waiting) {
            guard let scale = state.scheme.confidence, scale.range.contains(value) else {
                state.message = "\(value) is outside the confidence scale"
                return []
            }
            rating.confidence = value
            q.awaitingConfidence = nil
            state.queue = q
            let effects = store(&state, rating)
            // Asked right after the score, the queue moves on now; asked for later, it has already.
            return dimension.id == waiting ? effects + advance(&state, ctx) : effects
        }
        guard dimension.range.contains(value) else {
            state.message = "\(value) is outside \(dimension.label) (\(dimension.range.lowerBound)–\(dimension.range.upperBound))"
            return []
        }
        let wasDone = q.isDone(clip, scheme: state.scheme)
        var effects: [Effect] = []
        // A score means the clip could be judged after all.
        if var flag = q.flag(of: clip) {
            flag.deletedAt = Date()
            effects += store(&state, flag)
            state.message = "no longer marked \(flag.flag?.word ?? "")"
        }
        var rating = q.rating(clip, dimension.id) ?? ClipRating(
            sessionID: state.session.id, clip: clip, dimension: dimension.id, score: value, annotator: state.session.annotator,
            schemeID: state.scheme.id, schemeVersion: state.scheme.version)
        rating.score = value
        effects += store(&state, rating)
        q = state.queue!
        if !wasDone, q.isDone(clip, scheme: state.scheme) {
            q.completed(at: ctx.now)
            state.telemetry.clipFinished(rushed: !q.playedThrough)
        }
        if q.asksConfidence, state.scheme.confidence != nil {
            q.awaitingConfidence = dimension.id
            state.queue = q
            return effects
        }
        state.queue = q
        return effects + advance(&state, ctx)
    }

    /// After a score: the next dimension; after the last one of a clip now done, the next clip
    /// that is not done.
    static func advance(_ state: inout AppState, _ ctx: ReduceContext) -> [Effect] {
        guard var q = state.queue else { return [] }
        let dimensions = state.scheme.dimensions
        let clip = q.clip.name
        if q.focus + 1 < dimensions.count {
            q.focus += 1
            state.queue = q
            return []
        }
        guard q.isDone(clip, scheme: state.scheme) else {
            q.focus = dimensions.firstIndex { q.rating(clip, $0.id) == nil } ?? 0
            state.queue = q
            return []
        }
        guard let next = q.nextUndone(after: q.current, scheme: state.scheme) else {
            state.queue = q
            state.message = "all \(q.clips.count) clips done ✓ — revise any with n/p, :submit when you are happy"
            return []
        }
        return showClip(&state, next, ctx)
    }

    /// Shows clip `index` playing from its start (it loops), with the first dimension it lacks in
    /// focus, and asks for the clip that would come next to be decoded in advance.
    static func showClip(_ state: inout AppState, _ index: Int, _ ctx: ReduceContext) -> [Effect] {
        guard var q = state.queue, q.clips.indices.contains(index) else { return [] }
        q.current = index
        q.awaitingConfidence = nil
        q.playedThrough = false
        let clip = q.clips[index]
        q.focus = state.scheme.dimensions.firstIndex { q.rating(clip.name, $0.id) == nil } ?? 0
        if q.startedAt == nil { q.startedAt = ctx.now }
        let following = q.nextUndone(after: index, scheme: state.scheme) ?? (index + 1 < q.clips.count ? index + 1 : nil)
        state.queue = q
        state.preview = nil
        // Until the file is open its length is unknown: the clock runs on, and the loop starts
        // once the length arrives.
        let duration = q.opened[clip.path] ?? Timecode(seconds: 24 * 3600)
        state.duration = duration
        state.clock = PlaybackClock(duration: duration)
        state.playhead = .zero
        state.clock.play(at: ctx.now)
        state.telemetry.record(.play(from: .zero, speed: 1), at: ctx.now)
        state.telemetry.clipsShown += 1
        return [.preview(.clip(path: clip.path, next: following.map { q.clips[$0].path }, width: ctx.previewWidth, height: ctx.previewHeight))]
    }

    /// Removes the focused score, or the clip's broken/skipped mark when it has one.
    static func clearScore(_ state: inout AppState) -> [Effect] {
        guard let q = state.queue else { return [] }
        let clip = q.clip.name
        if var flag = q.flag(of: clip) {
            flag.deletedAt = Date()
            state.message = "no longer marked \(flag.flag?.word ?? "")"
            return store(&state, flag)
        }
        guard let dimension = focusedDimension(state), var rating = q.rating(clip, dimension.id) else {
            state.message = "nothing to clear here"
            return []
        }
        rating.deletedAt = Date()
        if q.isDone(clip, scheme: state.scheme), q.completedThisRun > 0 { state.queue?.completedThisRun -= 1 }
        state.message = "\(dimension.label): score removed"
        return store(&state, rating)
    }

    /// The reason typed for a broken or skipped clip: stored, and the queue moves on.
    static func flagClip(_ state: inout AppState, _ flag: ClipRating.Flag, reason: String, _ ctx: ReduceContext) -> [Effect] {
        guard let q = state.queue else { return [] }
        let clip = q.clip.name
        let wasDone = q.isDone(clip, scheme: state.scheme)
        var effects: [Effect] = []
        if let other = q.flag(of: clip), other.flag != flag {
            var removed = other
            removed.deletedAt = Date()
            effects += store(&state, removed)
        }
        var marked = q.rating(clip, flag.rawValue) ?? ClipRating(
            sessionID: state.session.id, clip: clip, dimension: flag.rawValue, score: 0, annotator: state.session.annotator,
            schemeID: state.scheme.id, schemeVersion: state.scheme.version)
        marked.note = reason.trimmingCharacters(in: .whitespaces)
        effects += store(&state, marked)
        if !wasDone {
            state.queue?.completed(at: ctx.now)
            // A broken clip may be told at a glance: only a skip counts as rushed.
            state.telemetry.clipFinished(rushed: flag == .skipped && state.queue?.playedThrough == false)
        }
        state.message = "\(clip): \(flag.word)" + (marked.note.isEmpty ? "" : " (\(marked.note))")
        guard let next = state.queue?.nextUndone(after: q.current, scheme: state.scheme) else { return effects }
        return effects + showClip(&state, next, ctx)
    }

    /// Shows the rating at once and sends it to the store; the store's copy (with its revision)
    /// replaces it when it arrives.
    static func store(_ state: inout AppState, _ rating: ClipRating) -> [Effect] {
        if rating.deletedAt == nil {
            state.queue?.ratings[rating.clip, default: [:]][rating.dimension] = rating
        } else {
            state.queue?.ratings[rating.clip]?[rating.dimension] = nil
        }
        state.pendingWrites += 1
        return [.store(.rate(rating))]
    }

    /// A clip rating as the store holds it now (after a write, an undo or a redo).
    static func applyRating(_ state: inout AppState, _ rating: ClipRating, replayed: Bool?) {
        guard var q = state.queue else { return }
        let shown = q.rating(rating.clip, rating.dimension)
        if rating.deletedAt != nil {
            if replayed != nil || shown?.id == rating.id { q.ratings[rating.clip]?[rating.dimension] = nil }
        } else if replayed != nil || shown?.id == rating.id && shown?.score == rating.score && shown?.confidence == rating.confidence {
            // A score given again meanwhile stays on screen; its own answer follows.
            q.ratings[rating.clip, default: [:]][rating.dimension] = rating
        }
        state.queue = q
        guard let undo = replayed else { return }
        let label = rating.flag.map { "\($0.word) mark" } ?? state.scheme.dimension(rating.dimension)?.label ?? rating.dimension
        state.message = "\(undo ? "undone" : "redone"): \(label) of \(rating.clip)" + (rating.deletedAt != nil ? " (removed)" : " = \(rating.score)")
        if rating.clip == q.clip.name, let d = state.scheme.dimensions.firstIndex(where: { $0.id == rating.dimension }) { state.queue?.focus = d }
    }

    /// The clip loops: at its end it starts again.
    static func loopClip(_ state: inout AppState, _ ctx: ReduceContext) -> [Effect] {
        state.queue?.playedThrough = true
        state.clock.seek(to: .zero, at: ctx.now)
        state.playhead = .zero
        state.clock.play(at: ctx.now)
        return pictureRequest(state, ctx)
    }
}
