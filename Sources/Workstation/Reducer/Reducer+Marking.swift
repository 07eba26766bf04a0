import Foundation
import OnsetCore

extension Reducer {
    static func toggleSignal(_ state: inout AppState, _ signal: String, _ ctx: ReduceContext) -> [Effect] {
        guard let info = state.scheme.signal(signal) else { return [] }
        if state.prompt != nil {
            state.message = "rate the span first (\(scoreHint(state))) or press Esc"
            return []
        }
        // In and out points set: label that stretch.
        if let a = state.markIn, let b = state.markOut {
            state.markIn = nil
            state.markOut = nil
            return create(&state, signal, min(a, b), max(a, b), ctx)
        }
        if let onset = state.openSpans.removeValue(forKey: signal) {
            let (from, to) = (min(onset, state.playhead), max(onset, state.playhead))
            guard from < to else {
                state.message = "\(info.label) closed where it opened: no span (move the playhead first)"
                return []
            }
            return create(&state, signal, from, to, ctx)
        }
        state.openSpans[signal] = state.playhead
        state.message = "\(info.label) opened at \(state.playhead); press \(info.hotkey) again to close"
        return []
    }

    /// Stores a new span and asks for its ratings.
    static func create(_ state: inout AppState, _ signal: String, _ onset: Timecode, _ offset: Timecode, _ ctx: ReduceContext) -> [Effect] {
        guard onset < offset else {
            state.message = "the in and out points are the same: no span"
            return []
        }
        let span = Span(sessionID: state.session.id, signal: signal, onset: onset, offset: offset,
                        annotator: state.session.annotator, schemeID: state.scheme.id, schemeVersion: state.scheme.version)
        return begin(&state, span) ? [.store(.create(span))] : []
    }

    /// A new span on screen, selected, its write pending, and the rating prompt open (as the
    /// scheme asks). False, with the reason shown, when the span does not fit the scheme.
    static func begin(_ state: inout AppState, _ span: Span) -> Bool {
        do {
            try state.scheme.validate(span, mediaDuration: state.duration)
        } catch {
            state.message = "not stored: \(error)"
            return false
        }
        state.spans.upsert(span)
        state.selected = span.id
        state.pendingWrites += 1
        state.ratingJoinsCreation = true
        if state.scheme.confidence != nil {
            state.prompt = .confidence(span.id)
        } else if state.scheme.intensity != nil {
            state.prompt = .intensity(span.id)
        }
        return true
    }

    /// A digit in the rating prompt: sets the asked field and moves on to the next one.
    static func rate(_ state: inout AppState, _ score: Int, _ ctx: ReduceContext) -> [Effect] {
        guard let prompt = state.prompt, var span = state.spans.span(prompt.spanID) else {
            state.prompt = nil
            return []
        }
        let scale: RatingScale?
        switch prompt {
        case .confidence: scale = state.scheme.confidence
        case .intensity: scale = state.scheme.intensity
        }
        guard let scale, scale.range.contains(score) else {
            state.message = "\(score) is outside the scale (\(scoreHint(state)))"
            return []
        }
        switch prompt {
        case .confidence:
            span.confidence = score
            state.prompt = state.scheme.intensity != nil ? .intensity(span.id) : nil
        case .intensity:
            span.intensity = score
            state.prompt = nil
        }
        state.spans.upsert(span)
        state.pendingWrites += 1
        // A new span goes on to its cues (Enter or Esc skips them).
        if state.prompt == nil && state.ratingJoinsCreation { openChecklist(&state, for: span, partOfCreation: true) }
        return [.store(.update(span, grouped: state.ratingJoinsCreation))]
    }

    static func scoreHint(_ state: AppState) -> String {
        let scale = state.prompt.flatMap { p -> RatingScale? in
            switch p {
            case .confidence: state.scheme.confidence
            case .intensity: state.scheme.intensity
            }
        }
        return scale.map { "\($0.range.lowerBound)–\($0.range.upperBound)" } ?? "a digit"
    }

    /// Esc: leaves a prompt when the scheme allows it, else drops marks and open spans.
    static func cancel(_ state: inout AppState) -> [Effect] {
        if state.pendingAdjust != nil {
            state.pendingAdjust = nil
            state.message = "adjustment cancelled"
            return []
        }
        if state.showDefinition || state.changingSignal || state.checklist != nil {
            state.showDefinition = false
            state.changingSignal = false
            state.checklist = nil
            return []
        }
        if let prompt = state.prompt {
            let field: SpanField
            switch prompt {
            case .confidence: field = .confidence
            case .intensity: field = .intensity
            }
            // A span just made must get what the scheme requires; re-rating can be abandoned.
            if state.ratingJoinsCreation && state.scheme.required.contains(field) {
                state.message = "the scheme requires \(field.rawValue): press \(scoreHint(state)) (u undoes the span)"
                return []
            }
            state.prompt = nil
            return []
        }
        if state.markIn != nil || state.markOut != nil || !state.openSpans.isEmpty {
            state.markIn = nil
            state.markOut = nil
            state.openSpans.removeAll()
            state.message = "marks and open spans dropped"
        }
        return []
    }

    static func edit(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        switch action {
        case .markIn:
            state.markIn = state.playhead
            state.message = "in at \(state.playhead)" + (state.markOut == nil ? "; mark the out point" : "; press a signal key")
        case .markOut:
            state.markOut = state.playhead
            state.message = "out at \(state.playhead)" + (state.markIn == nil ? "; mark the in point" : "; press a signal key")
        case .markSegment:
            guard let transcript = state.transcript, let i = transcript.segment(at: state.playhead) ?? transcript.index(at: state.playhead) else {
                state.message = state.transcript == nil ? "this session has no transcript" : "no transcript segment here"
                return []
            }
            state.markIn = transcript.segments[i].start
            state.markOut = transcript.segments[i].end
            state.message = "segment \(transcript.segments[i].start)–\(transcript.segments[i].end) marked; press a signal key"
        case .deleteSpan:
            guard let span = state.selectedSpan else {
                state.message = "no span selected (tab selects the next one)"
                return []
            }
            var deleted = span
            deleted.deletedAt = Date()
            state.spans.upsert(deleted, previous: span)
            state.selected = nil
            if state.prompt?.spanID == span.id { state.prompt = nil }
            state.pendingWrites += 1
            return [.store(.delete(span.id))]
        case .undo, .redo:
            state.prompt = nil
            state.pendingWrites += 1
            return [.store(action == .undo ? .undo : .redo)]
        default:
            break
        }
        return []
    }

    /// Applies what background work reported.
    public static func apply(_ state: inout AppState, _ message: Message) {
        switch message {
        case .stored(let span):
            state.pendingWrites = max(0, state.pendingWrites - 1)
            state.sync?.unbundledEdits += 1
            // The store's copy carries the new revision; an edit made meanwhile stays on screen.
            if let shown = state.spans.span(span.id), shown.confidence != span.confidence || shown.intensity != span.intensity { return }
            state.spans.upsert(span)
        case .replayed(let span, let undo):
            state.pendingWrites = max(0, state.pendingWrites - 1)
            if span != nil { state.sync?.unbundledEdits += 1 }
            if let span {
                state.spans.upsert(span)
                let label = state.scheme.signal(span.signal)?.label ?? span.signal
                state.message = "\(undo ? "undone" : "redone"): last edit of \(label) \(span.onset)–\(span.offset)" + (span.isDeleted ? " (span removed)" : "")
                if span.isDeleted, state.selected == span.id { state.selected = nil }
            }
        case .storeFailed(let why):
            state.pendingWrites = max(0, state.pendingWrites - 1)
            state.message = why
        case .recorded(let what):
            state.pendingWrites = max(0, state.pendingWrites - 1)
            if state.message == nil { state.message = what }
        case .rated(let rating):
            state.pendingWrites = max(0, state.pendingWrites - 1)
            state.sync?.unbundledEdits += 1
            applyRating(&state, rating, replayed: nil)
        case .ratingReplayed(let rating, let undo):
            state.pendingWrites = max(0, state.pendingWrites - 1)
            state.sync?.unbundledEdits += 1
            applyRating(&state, rating, replayed: undo)
        case .clipOpened(let path, let duration, let frameRate):
            state.queue?.opened[path] = duration
            guard state.queue?.clip.path == path else { return }
            state.duration = duration
            state.frameRate = frameRate
            state.clock = state.clock.withDuration(duration)
        case .clipFailed(let path, let reason):
            state.queue?.failed[path] = reason
            if state.queue?.clip.path == path { state.message = reason + " — b marks it broken, n goes on" }
        case .frame(let image):
            state.preview = image
        case .previewFailed(let why), .notice(let why):
            state.message = why
        case .envelope(let envelope):
            state.envelope = envelope
            state.pauses = envelope.pauses()
        case .spansLoaded(let index):
            state.spans = index
            state.laneHints = []
            finishLoading(&state, .spans)
        case .transcriptLoaded(let transcript):
            state.transcript = transcript
            finishLoading(&state, .transcript)
        case .syncStatus(let status):
            state.sync = status
        case .loadFailed(let part, let why):
            state.loading.remove(part)
            state.loadProblem = why
        }
    }

    private static func finishLoading(_ state: inout AppState, _ part: AppState.Loading) {
        state.loading.remove(part)
        if !state.isLoading, state.message?.hasPrefix("loading") == true { state.message = nil }
    }
}
