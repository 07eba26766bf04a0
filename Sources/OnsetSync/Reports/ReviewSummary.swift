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
