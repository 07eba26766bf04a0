import Foundation
import OnsetAgreement
import OnsetCore
import OnsetStore

/// What a review of model predictions came to: per signal the decisions, and the model's
/// precision, recall and F1 against the reviewed result.
///
/// The model's detections are the predictions that were reviewed (accepted, adjusted or
/// rejected; unreviewed ones are left out until decided), at their original bounds. The
/// reference is the session's current spans: what the reviewer accepted, adjusted or marked
/// themselves. Matching: one-to-one per signal at temporal IoU ≥ `iou`, best IoU first.
public struct ReviewSummary: Encodable, Sendable {
    public struct Row: Encodable, Sendable {
        public var signal: String
        public var predictions = 0
        public var accepted = 0
        public var rejected = 0
        public var adjusted = 0
        public var unreviewed = 0
        public var referenceSpans = 0
        public var matched = 0
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
    }

    public var session: String
    public var iou: Double
    public var matching: String
    public var signals: [Row]
    public var overall: Row
    /// Prediction types the scheme does not know, with their counts.
    public var unknownTypes: [String: Int]

    public static func build(session: String, predictions: [ReviewedPrediction], spans: [Span], iou: Double = 0.5) -> ReviewSummary {
        let detections = predictions.filter { $0.prediction.layer == "signals" }
        var rows: [String: Row] = [:]
        var unknown: [String: Int] = [:]
        for p in detections {
            var row = rows[p.prediction.type] ?? Row(signal: p.prediction.type)
            row.predictions += 1
            switch p.review?.decision {
            case .accepted?: row.accepted += 1
            case .rejected?: row.rejected += 1
            case .adjusted?: row.adjusted += 1
            case nil: row.unreviewed += 1
            }
            rows[p.prediction.type] = row
            if !p.prediction.known { unknown[p.prediction.type, default: 0] += 1 }
        }
        let current = spans.filter { !$0.isDeleted }
        for s in current where rows[s.signal] == nil { rows[s.signal] = Row(signal: s.signal) }
        var total = Row(signal: "all signals")
        var matchedAll = 0, detectedAll = 0, referenceAll = 0
        for signal in rows.keys {
            let detected = detections.filter { $0.prediction.type == signal && $0.review != nil }
                .map { GoldScoring.Interval(start: $0.prediction.onset.microseconds, end: $0.prediction.offset.microseconds) }
            let reference = current.filter { $0.signal == signal }.map { GoldScoring.Interval(start: $0.onset.microseconds, end: $0.offset.microseconds) }
            let score = GoldScoring.spans(detected, gold: reference, threshold: iou)
            rows[signal]!.referenceSpans = reference.count
            rows[signal]!.matched = score.matched
            rows[signal]!.precision = score.precision
            rows[signal]!.recall = score.recall
            rows[signal]!.f1 = score.f1
            matchedAll += score.matched; detectedAll += detected.count; referenceAll += reference.count
            let r = rows[signal]!
            total.predictions += r.predictions; total.accepted += r.accepted; total.rejected += r.rejected
            total.adjusted += r.adjusted; total.unreviewed += r.unreviewed
        }
        let pooled = GoldScoring.score(spans: detectedAll, gold: referenceAll, matched: matchedAll, onsetError: 0, offsetError: 0, threshold: iou)
        total.referenceSpans = referenceAll
        total.matched = matchedAll
        total.precision = pooled.precision
        total.recall = pooled.recall
        total.f1 = pooled.f1
        return ReviewSummary(session: session, iou: iou,
                             matching: "model: reviewed predictions at their own bounds; reference: the session's current spans; one-to-one per signal at temporal IoU ≥ \(iou), best IoU first",
                             signals: rows.keys.sorted().map { rows[$0]! }, overall: total, unknownTypes: unknown)
    }
}

extension ReviewSummary {
    /// A project's reviews on the central store: each reviewer's decided predictions in a
    /// session against that reviewer's current spans in the same session, pooled over sessions
    /// and reviewers. Only decided predictions travel in bundles, so `unreviewed` is 0 here.
    public static func central(_ store: CentralStore, project: String, iou: Double = 0.5) throws -> ReviewSummary {
        var groups: [String: (session: String, reviewer: String, predictions: [ReviewedPrediction])] = [:]
        for (session, reviewer, line) in try store.predictionReviewLines(project: project) {
            guard let reviewed = reviewedPrediction(line, session: session, reviewer: reviewer) else { continue }
            groups[session + "\u{0}" + reviewer, default: (session, reviewer, [])].predictions.append(reviewed)
        }
        var parts: [ReviewSummary] = []
        for key in groups.keys.sorted() {
            let group = groups[key]!
            var spans: [Span] = []
            try store.eachCurrentSpanFact(project: project, wave: nil, session: group.session) { fact in
                guard fact.annotator == group.reviewer else { return }
                spans.append(Span(sessionID: fact.session, signal: fact.signal, onset: Timecode(microseconds: fact.onsetUs),
                                  offset: Timecode(microseconds: fact.offsetUs), annotator: fact.annotator, schemeID: "", schemeVersion: 0))
            }
            parts.append(build(session: group.session, predictions: group.predictions, spans: spans, iou: iou))
        }
        return combine(parts, name: "project \(project)", iou: iou)
    }

    /// A `prediction_reviews.jsonl` line back as the prediction and its decision.
    static func reviewedPrediction(_ line: String, session: String, reviewer: String) -> ReviewedPrediction? {
        guard let o = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
              let id = o["prediction"] as? String, let type = o["type"] as? String, let layer = o["layer"] as? String,
              let on = (o["onset_us"] as? NSNumber)?.int64Value, let off = (o["offset_us"] as? NSNumber)?.int64Value,
              let decision = (o["decision"] as? String).flatMap(PredictionReview.Decision.init(rawValue:)) else { return nil }
        let p = Prediction(id: id, sessionID: session, layer: layer, type: type, onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
                           probability: (o["probability"] as? String).flatMap(Prediction.Probability.init(rawValue:)),
                           rationale: o["rationale"] as? String ?? "", known: o["known"] as? Bool ?? true)
        return ReviewedPrediction(prediction: p, review: PredictionReview(predictionID: id, decision: decision, reason: o["reason"] as? String ?? "",
                                                                          spanID: (o["span"] as? String).flatMap(UUID.init(uuidString:)), reviewer: reviewer))
    }

    /// Several summaries as one: counts added per signal, the figures computed from the sums.
    static func combine(_ parts: [ReviewSummary], name: String, iou: Double) -> ReviewSummary {
        var rows: [String: Row] = [:]
        var unknown: [String: Int] = [:]
        func add(_ r: Row, into total: inout Row) {
            total.predictions += r.predictions; total.accepted += r.accepted; total.rejected += r.rejected; total.adjusted += r.adjusted
            total.unreviewed += r.unreviewed; total.referenceSpans += r.referenceSpans; total.matched += r.matched
        }
        func scored(_ r: Row) -> Row {
            var out = r
            let s = GoldScoring.score(spans: r.accepted + r.rejected + r.adjusted, gold: r.referenceSpans, matched: r.matched,
                                      onsetError: 0, offsetError: 0, threshold: iou)
            out.precision = s.precision
            out.recall = s.recall
            out.f1 = s.f1
            return out
        }
        var total = Row(signal: "all signals")
        for part in parts {
            for r in part.signals { add(r, into: &rows[r.signal, default: Row(signal: r.signal)]) }
            add(part.overall, into: &total)
            unknown.merge(part.unknownTypes, uniquingKeysWith: +)
        }
        return ReviewSummary(session: name, iou: iou, matching: parts.first?.matching ?? build(session: name, predictions: [], spans: [], iou: iou).matching,
                             signals: rows.keys.sorted().map { scored(rows[$0]!) }, overall: scored(total), unknownTypes: unknown)
    }
}
