import OnsetAgreement
import OnsetCore
import OnsetStore

/// Fills an agreement report's input from a store.
public enum AgreementSource {
    /// Central store: an item is a session id that one or more annotators delivered; every
    /// annotator with the session coded it (an empty list means they marked nothing).
    /// Work rejected in quality control is left out unless `includeRejected` (quality control
    /// itself reports on it).
    /// `session`: that one item only, read through the session index.
    public static func central(_ store: CentralStore, project: String, wave: String?, includeRejected: Bool = false,
                               session: String? = nil) throws(StoreError) -> AgreementInput {
        var items: [String: AgreementInput.SpanItem] = [:]
        for s in try store.sessionFacts(project: project, wave: wave, includeRejected: includeRejected, session: session) {
            var item = items[s.session] ?? AgreementInput.SpanItem(item: s.session, wave: s.wave, length: 0, coders: [:])
            item.length = max(item.length, s.mediaDurationUs ?? 0)
            item.coders[s.annotator] = item.coders[s.annotator] ?? []
            items[s.session] = item
        }
        try store.eachCurrentSpanFact(project: project, wave: wave, includeRejected: includeRejected, session: session) { f in
            guard items[f.session] != nil else { return }
            items[f.session]!.coders[f.annotator, default: []].append(
                .init(signal: f.signal, start: f.onsetUs, end: f.offsetUs, intensity: f.intensity))
            items[f.session]!.length = max(items[f.session]!.length, f.offsetUs)
        }
        let ratings = try store.currentRatingFacts(project: project, wave: wave, includeRejected: includeRejected, session: session).map {
            AgreementInput.Rating(clip: $0.clip, dimension: $0.dimension, wave: $0.wave, annotator: $0.annotator, score: $0.score, session: $0.session)
        }
        return AgreementInput(spanItems: items.keys.sorted().map { items[$0]! }, ratings: ratings)
    }

    /// Workstation store: an item is a media file (sessions without media stand alone); coders
    /// are the spans' annotators and each session's own annotator. `duration` gives a media
    /// file's length in microseconds when it can be read here (else the last offset is used).
    public static func workstation(_ store: LocalStore, project: String?, wave: String?, includeRejected: Bool = false,
                                   duration: (String) -> Int64?) throws(StoreError) -> AgreementInput {
        var items: [String: AgreementInput.SpanItem] = [:]
        var ratings: [AgreementInput.Rating] = []
        // Sessions of rejected work still make an item; their spans and ratings are left out.
        var lengths: [String: Int64?] = [:]
        let decisions = try store.qcDecisions()
        func rejected(_ session: String, _ annotator: String) -> Bool {
            !includeRejected && decisions[QCDecision.key(session, annotator)]?.status == .rejected
        }
        for session in try store.sessions() where (project == nil || session.project == project) && (wave == nil || session.wave == wave) {
            let key = session.mediaPath ?? "session:" + session.id
            var item = items[key] ?? AgreementInput.SpanItem(item: session.mediaPath ?? session.id, wave: session.wave, length: 0, coders: [:])
            if let media = session.mediaPath {
                if lengths[media] == nil { lengths[media] = .some(duration(media)) }
                item.length = max(item.length, (lengths[media] ?? nil) ?? 0)
            }
            if !rejected(session.id, session.annotator) { item.coders[session.annotator] = item.coders[session.annotator] ?? [] }
            for span in try store.spans(session: session.id) where !rejected(session.id, span.annotator) {
                item.coders[span.annotator, default: []].append(
                    .init(signal: span.signal, start: span.onset.microseconds, end: span.offset.microseconds, intensity: span.intensity))
                item.length = max(item.length, span.offset.microseconds)
            }
            items[key] = item
            for r in try store.ratings(session: session.id) where r.flag == nil && !rejected(session.id, r.annotator) {
                ratings.append(.init(clip: r.clip, dimension: r.dimension, wave: session.wave, annotator: r.annotator, score: r.score, session: session.id))
            }
        }
        return AgreementInput(spanItems: items.keys.sorted().map { items[$0]! }, ratings: ratings)
    }
}
