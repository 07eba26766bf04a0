import OnsetCore

extension Reducer {
    static func openChecklist(_ state: inout AppState, for span: Span, partOfCreation: Bool) {
        guard let signal = state.scheme.signal(span.signal), !signal.cues.isEmpty else { return }
        let ordered = Modality.allCases.flatMap { m in signal.cues.filter { $0.modality == m } }
        state.checklist = CueChecklist(spanID: span.id, cues: ordered, checked: Set(span.cues), partOfCreation: partOfCreation)
    }

    static func checklist(_ state: inout AppState, _ action: ActionName) -> [Effect] {
        if action == .editCues {
            guard let span = state.selectedSpan else {
                state.message = "no span selected (tab selects the next one)"
                return []
            }
            openChecklist(&state, for: span, partOfCreation: false)
            if state.checklist == nil { state.message = "this signal has no cues in the scheme" }
            return []
        }
        guard var list = state.checklist else { return [] }
        switch action {
        case .checklistDown: list.cursor = min(list.cues.count - 1, list.cursor + 1)
        case .checklistUp: list.cursor = max(0, list.cursor - 1)
        case .checklistToggle:
            let id = list.cues[list.cursor].id
            if list.checked.contains(id) { list.checked.remove(id) } else { list.checked.insert(id) }
        case .checklistDone:
            state.checklist = nil
            guard let span = state.spans.span(list.spanID) else { return [] }
            var edited = span
            // Keep the scheme's order, so the same ticks always store the same list.
            edited.cues = list.cues.map(\.id).filter(list.checked.contains)
            if state.scheme.required.contains(.cues) && edited.cues.isEmpty {
                state.checklist = list
                state.message = "the scheme requires at least one cue"
                return []
            }
            return edited.cues == span.cues ? [] : commit(&state, from: span, to: edited, grouped: list.partOfCreation)
        default:
            break
        }
        state.checklist = list
        return []
    }
}
