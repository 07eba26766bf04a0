import OnsetCore

/// Reviewing a model's predictions: step through them, accept, reject, or adjust and accept.
extension Reducer {
    static func review(_ state: inout AppState, _ action: ActionName, _ ctx: ReduceContext) -> [Effect] {
        // The engagement track is context, not something to decide on: stepping skips it.
        let list = state.visiblePredictions.filter { $0.layer == "signals" }
        guard !list.isEmpty else {
            state.message = state.predictions.isEmpty ? "no model predictions: `onset review import FILE --session \(state.session.id)`"
                                                      : "no prediction passes the filter (:filter all)"
            return []
        }
        switch action {
        case .nextPrediction, .previousPrediction:
            let forward = action == .nextPrediction
            let current = state.selectedPredictionValue
            // From the selected prediction (several may start together), else from the playhead.
            let next: Prediction?
            if let current, let i = list.firstIndex(where: { $0.id == current.id }) {
                next = forward ? (i + 1 < list.count ? list[i + 1] : nil) : (i > 0 ? list[i - 1] : nil)
            } else {
                next = forward ? list.first { $0.onset >= state.playhead } : list.last { $0.onset < state.playhead }
            }
            guard let next else {
                state.message = forward ? "no prediction after this one" : "no prediction before this one"
                return []
            }
            state.selectedPrediction = next.id
            state.selected = nil
            let effects = seek(&state, to: next.onset, ctx)
            state.message = describe(next, state)
            return effects
        case .rejectPrediction:
            guard let p = undecided(&state) else { return [] }
            state.decisions[p.id] = .rejected
            state.pendingWrites += 1
            state.message = "rejected \(p.type) at \(p.onset)" + progress(state)
            return [.store(.review(prediction: p.id, decision: .rejected, span: nil))]
        case .acceptPrediction:
            guard let p = undecided(&state) else { return [] }
            guard state.scheme.signal(p.type) != nil else {
                state.message = "\(p.type) is not in the scheme: adjust it (e), then press the signal it is"
                return []
            }
            return decide(&state, p, signal: p.type, onset: p.onset, offset: p.offset, decision: .accepted)
        default:
            guard let p = undecided(&state) else { return [] }
            var (onset, offset) = (p.onset, p.offset)
            if let a = state.markIn, let b = state.markOut { (onset, offset) = (min(a, b), max(a, b)) }
            state.pendingAdjust = .init(prediction: p.id, onset: onset, offset: offset)
            state.message = "adjust \(p.type) \(onset)–\(offset)\(state.markIn != nil ? " (your marks)" : ""): press a signal key (Esc cancels)"
            return []
        }
    }

    /// The signal key after `adjust-prediction`: stores the adjusted span.
    static func adjusted(_ state: inout AppState, signal: String) -> [Effect] {
        guard let adjust = state.pendingAdjust, let p = state.predictions.first(where: { $0.id == adjust.prediction }) else {
            state.pendingAdjust = nil
            return []
        }
        state.pendingAdjust = nil
        state.markIn = nil
        state.markOut = nil
        let same = signal == p.type && adjust.onset == p.onset && adjust.offset == p.offset
        return decide(&state, p, signal: signal, onset: adjust.onset, offset: adjust.offset, decision: same ? .accepted : .adjusted)
    }

    /// The selected prediction, if it still waits for a decision (else says why not).
    static func undecided(_ state: inout AppState) -> Prediction? {
        guard let p = state.selectedPredictionValue else {
            state.message = "select a prediction first (J next, K previous)"
            return nil
        }
        if let d = state.decisions[p.id] {
            state.message = "this prediction is \(d.rawValue) already (`onset review undo` takes it back)"
            return nil
        }
        guard p.layer == "signals" else {
            state.message = "\(p.type) is the model's engagement state, not a signal to review"
            return nil
        }
        return p
    }

    /// Stores the span a decision makes, then asks for its ratings as marking does.
    static func decide(_ state: inout AppState, _ p: Prediction, signal: String, onset: Timecode, offset: Timecode,
                       decision: PredictionReview.Decision) -> [Effect] {
        let span = Span(sessionID: state.session.id, signal: signal, onset: onset, offset: offset,
                        annotator: state.session.annotator, schemeID: state.scheme.id, schemeVersion: state.scheme.version)
        guard begin(&state, span) else { return [] }
        state.decisions[p.id] = decision
        // With a prompt open its question is the message; otherwise say what was decided.
        if state.prompt == nil { state.message = "\(decision.rawValue) \(p.type) → \(signal) \(onset)–\(offset)" + progress(state) }
        return [.store(.review(prediction: p.id, decision: decision, span: span))]
    }

    static func describe(_ p: Prediction, _ state: AppState) -> String {
        let decided = state.decisions[p.id].map { " [\($0.rawValue)]" } ?? ""
        return "model: \(p.type) \(p.onset)–\(p.offset) \(p.probability?.rawValue ?? "")\(decided)" + (p.rationale.isEmpty ? "" : " — \(p.rationale)")
    }

    static func progress(_ state: AppState) -> String {
        let signals = state.predictions.filter { $0.layer == "signals" }.count
        return " · \(state.decisions.count)/\(signals) decided"
    }

    /// `:filter high|medium|low|SIGNAL|all`.
    static func filter(_ state: inout AppState, _ argument: String) -> [Effect] {
        let value = argument.trimmingCharacters(in: .whitespaces)
        if value.isEmpty || value == "all" {
            state.predictionFilter = nil
            state.message = "showing every prediction"
        } else {
            state.predictionFilter = value
            let n = state.visiblePredictions.count
            state.message = n == 0 ? "no prediction is \(value) (probabilities: low, medium, high; or a signal)" : "\(n) predictions are \(value)"
        }
        return []
    }
}
