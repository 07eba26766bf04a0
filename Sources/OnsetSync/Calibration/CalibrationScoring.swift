import Foundation
import OnsetAgreement
import OnsetStore

/// `onset calibrate score`: an annotator's calibration work on the central store against the
/// project's gold annotators, decided by the project's rule, and stored.
public enum CalibrationScoring {
    public struct Scored: Sendable, Encodable {
        public var project: String
        public var annotator: String
        public var wave: String?
        public var sessions: [String]
        /// Per item, the gold annotator whose work was the reference.
        public var gold: [String: String]
        public var result: Calibration.Result
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// The project's rule, with what the caller overrides.
    public static func rule(_ store: CentralStore, project: String, gold: [String]?, measure: Calibration.Measure?, threshold: Double?,
                            iou: Double?) throws -> (gold: [String], rule: Calibration.Rule) {
        let stored = try store.calibrationRule(project: project)
        var rule = Calibration.Rule()
        if let stored {
            rule = Calibration.Rule(threshold: stored.threshold, measure: Calibration.Measure(rawValue: stored.measure) ?? .spanF1, iou: stored.iou)
        }
        if let measure { rule.measure = measure }
        if let threshold { rule.threshold = threshold }
        if let iou { rule.iou = iou }
        let goldAnnotators = gold ?? stored?.gold ?? []
        guard !goldAnnotators.isEmpty else {
            throw Failure("no gold annotators for project \(project): set them with `onset calibrate rule --project \(project) --gold EXPERT` (or pass --gold)")
        }
        return (goldAnnotators, rule)
    }

    /// Scores `annotator`'s work on `sessions` (or on every item of `wave` that both they and a
    /// gold annotator coded). With no `annotator`, the items must have exactly one who is not gold.
    public static func score(_ store: CentralStore, project: String, sessions: [String]?, wave: String?, annotator: String?,
                             gold: [String], rule: Calibration.Rule) throws -> Scored {
        var input: AgreementInput
        if let sessions {
            // Only these items, each read through the session index.
            input = AgreementInput(spanItems: [], ratings: [])
            for session in sessions {
                let one = try AgreementSource.central(store, project: project, wave: nil, includeRejected: true, session: session)
                guard !one.spanItems.isEmpty else { throw Failure("project \(project) has no work in session \(session)") }
                input.spanItems += one.spanItems
                input.ratings += one.ratings
            }
        } else {
            input = try AgreementSource.central(store, project: project, wave: wave, includeRejected: true)
        }
        var items = input.spanItems
        items = items.filter { item in gold.contains { item.coders[$0] != nil } }
        guard !items.isEmpty else { throw Failure("no item with gold work (by \(gold.joined(separator: ", ")))\(wave.map { " in wave \($0)" } ?? "")") }
        let who: String
        if let annotator {
            who = annotator
        } else {
            let others = Set(items.flatMap(\.coders.keys)).subtracting(gold).sorted()
            guard others.count == 1 else {
                throw Failure(others.isEmpty ? "only gold annotators worked on these items" : "several annotators worked on these items (\(others.joined(separator: ", "))): say whose with --annotator")
            }
            who = others[0]
        }
        guard !gold.contains(who) else { throw Failure("\(who) is a gold annotator") }
        items = items.filter { $0.coders[who] != nil }
        guard !items.isEmpty else { throw Failure("\(who) has no work on an item with gold") }
        var reference: [String: String] = [:]
        var cal: [Calibration.Item] = []
        for item in items {
            let g = gold.first { item.coders[$0] != nil }!
            reference[item.item] = g
            func spans(_ a: String) -> [Calibration.Span] { (item.coders[a] ?? []).map { .init(signal: $0.signal, start: $0.start, end: $0.end) } }
            func ratings(_ a: String) -> [Calibration.Rating] {
                input.ratings.filter { $0.session == item.item && $0.annotator == a }.map { .init(clip: $0.clip, dimension: $0.dimension, score: $0.score) }
            }
            cal.append(.init(item: item.item, spans: spans(who), goldSpans: spans(g), ratings: ratings(who), goldRatings: ratings(g)))
        }
        return Scored(project: project, annotator: who, wave: wave ?? items.first?.wave, sessions: items.map(\.item), gold: reference,
                      result: Calibration.score(cal, rule: rule))
    }

    /// Keeps a scoring (results are appended; the latest per annotator is their standing).
    public static func store(_ scored: Scored, in store: CentralStore, by: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let r = scored.result
        try store.addCalibrationResult(.init(project: scored.project, annotator: scored.annotator, wave: scored.wave, sessions: scored.sessions,
                                             measure: r.rule.measure.rawValue, threshold: r.rule.threshold, value: r.value, passed: r.passed,
                                             result: String(decoding: try encoder.encode(scored), as: UTF8.self),
                                             scored_at_us: Date().microsecondsSince1970, scored_by: by))
    }
}

extension CalibrationScoring {
    /// Scores each calibration session `annotator` has submitted since its last scoring, against
    /// the project's rule, and stores the results (by `auto`). Nothing without a rule; a session
    /// gold has not coded yet is left for a later call.
    @discardableResult
    public static func scoreFinished(_ store: CentralStore, project: String, annotator: String) throws -> [Scored] {
        guard let stored = try store.calibrationRule(project: project), !stored.gold.isEmpty, !stored.gold.contains(annotator) else { return [] }
        let (gold, rule) = try Self.rule(store, project: project, gold: nil, measure: nil, threshold: nil, iou: nil)
        var done: [Scored] = []
        for pending in try store.unscoredCalibrationSessions(project: project, annotator: annotator) {
            guard let scored = try? score(store, project: project, sessions: [pending.session], wave: pending.wave, annotator: annotator,
                                          gold: gold, rule: rule) else { continue }
            try Self.store(scored, in: store, by: "auto")
            done.append(scored)
        }
        return done
    }
}
