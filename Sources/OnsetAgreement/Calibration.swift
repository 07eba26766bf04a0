/// Scoring an annotator's calibration work against gold, with a pass/fail decision and the
/// item-by-item differences an annotator learns from.
///
/// Spans are matched one-to-one per item and signal at temporal IoU ≥ `rule.iou` (best IoU
/// first); per signal and overall, precision, recall and F1 pool the matches of every item.
/// Ratings compare the annotator's score with gold's on each (clip, dimension) both rated.
/// The decision applies `rule.measure` (span F1, rating exact or rating within-one agreement,
/// all shares in 0…1) against `rule.threshold`; a measure with nothing to measure is undefined,
/// and so is the decision (never a pass by default).
public enum Calibration {
    public enum Measure: String, CaseIterable, Sendable, Codable {
        case spanF1 = "span-f1"
        case ratingExact = "rating-exact"
        case ratingWithinOne = "rating-within-one"
    }

    public struct Rule: Sendable, Equatable, Codable {
        public var threshold: Double
        public var measure: Measure
        public var iou: Double

        public init(threshold: Double = 0.85, measure: Measure = .spanF1, iou: Double = 0.5) {
            self.threshold = threshold
            self.measure = measure
            self.iou = iou
        }
    }

    public struct Span: Sendable, Equatable {
        public var signal: String
        public var start: Int64
        public var end: Int64
        public init(signal: String, start: Int64, end: Int64) {
            self.signal = signal
            self.start = start
            self.end = end
        }
    }

    public struct Rating: Sendable, Equatable {
        public var clip: String
        public var dimension: String
        public var score: Int
        public init(clip: String, dimension: String, score: Int) {
            self.clip = clip
            self.dimension = dimension
            self.score = score
        }
    }

    /// One calibration item: the annotator's work and gold's, times in microseconds.
    public struct Item: Sendable {
        public var item: String
        public var spans: [Span]
        public var goldSpans: [Span]
        public var ratings: [Rating]
        public var goldRatings: [Rating]
        public init(item: String, spans: [Span], goldSpans: [Span], ratings: [Rating] = [], goldRatings: [Rating] = []) {
            self.item = item
            self.spans = spans
            self.goldSpans = goldSpans
            self.ratings = ratings
            self.goldRatings = goldRatings
        }
    }

    public struct SignalResult: Sendable, Encodable {
        public var signal: String
        public var spans: Int
        public var gold: Int
        public var matched: Int
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
        public var onsetErrorMs: Double?
        public var offsetErrorMs: Double?
    }

    public struct DimensionResult: Sendable, Encodable {
        public var dimension: String
        public var n: Int
        public var exact: Double?
        public var withinOne: Double?
        public var meanAbsoluteError: Double?
    }

    /// A line of feedback: a matched pair, a missed gold span, an extra span, or a rating.
    public struct Difference: Sendable, Encodable {
        /// matched, missed, extra, rating.
        public var kind: String
        public var signal: String?
        public var startMs: Double?
        public var endMs: Double?
        public var goldStartMs: Double?
        public var goldEndMs: Double?
        public var iou: Double?
        public var clip: String?
        public var dimension: String?
        public var score: Int?
        public var goldScore: Int?
        /// Whether the annotator differed from gold here (a matched pair differs by its bounds).
        public var differs: Bool
    }

    public struct ItemFeedback: Sendable, Encodable {
        public var item: String
        public var differences: [Difference]
    }

    public struct Result: Sendable, Encodable {
        public var rule: Rule
        public var value: Double?
        public var passed: Bool?
        public var undefinedReason: String?
        public var overall: SignalResult
        public var signals: [SignalResult]
        public var dimensions: [DimensionResult]
        public var items: [ItemFeedback]
        public static let matching = "spans: one-to-one per item and signal at temporal IoU ≥ the rule's threshold, best IoU first; ratings: the same clip and dimension"
    }

    public static func score(_ items: [Item], rule: Rule = Rule()) -> Result {
        var perSignal: [String: (spans: Int, gold: Int, matched: Int, onset: Double, offset: Double)] = [:]
        var perDimension: [String: [(score: Double, gold: Double)]] = [:]
        var feedback: [ItemFeedback] = []
        func ms(_ us: Int64) -> Double { Double(us) / 1000 }
        for item in items {
            var lines: [Difference] = []
            let signals = Set(item.spans.map(\.signal)).union(item.goldSpans.map(\.signal)).sorted()
            for signal in signals {
                let a = item.spans.filter { $0.signal == signal }, g = item.goldSpans.filter { $0.signal == signal }
                let pairs = GoldScoring.match(a.map { .init(start: $0.start, end: $0.end) }, gold: g.map { .init(start: $0.start, end: $0.end) }, threshold: rule.iou)
                var tally = perSignal[signal] ?? (0, 0, 0, 0, 0)
                tally.spans += a.count; tally.gold += g.count; tally.matched += pairs.count
                for p in pairs {
                    tally.onset += Double(abs(a[p.span].start - g[p.gold].start))
                    tally.offset += Double(abs(a[p.span].end - g[p.gold].end))
                    lines.append(Difference(kind: "matched", signal: signal, startMs: ms(a[p.span].start), endMs: ms(a[p.span].end),
                                            goldStartMs: ms(g[p.gold].start), goldEndMs: ms(g[p.gold].end), iou: p.iou,
                                            differs: a[p.span].start != g[p.gold].start || a[p.span].end != g[p.gold].end))
                }
                perSignal[signal] = tally
                let usedA = Set(pairs.map(\.span)), usedG = Set(pairs.map(\.gold))
                for (i, s) in g.enumerated() where !usedG.contains(i) {
                    lines.append(Difference(kind: "missed", signal: signal, goldStartMs: ms(s.start), goldEndMs: ms(s.end), differs: true))
                }
                for (i, s) in a.enumerated() where !usedA.contains(i) {
                    lines.append(Difference(kind: "extra", signal: signal, startMs: ms(s.start), endMs: ms(s.end), differs: true))
                }
            }
            lines.sort { ($0.goldStartMs ?? $0.startMs ?? 0, $0.signal ?? "") < ($1.goldStartMs ?? $1.startMs ?? 0, $1.signal ?? "") }
            let gold = Dictionary(item.goldRatings.map { ("\($0.clip)\u{1F}\($0.dimension)", $0.score) }, uniquingKeysWith: { a, _ in a })
            for r in item.ratings.sorted(by: { ($0.clip, $0.dimension) < ($1.clip, $1.dimension) }) {
                guard let g = gold["\(r.clip)\u{1F}\(r.dimension)"] else { continue }
                perDimension[r.dimension, default: []].append((Double(r.score), Double(g)))
                lines.append(Difference(kind: "rating", clip: r.clip, dimension: r.dimension, score: r.score, goldScore: g, differs: r.score != g))
            }
            feedback.append(ItemFeedback(item: item.item, differences: lines))
        }
        func signalResult(_ name: String, _ t: (spans: Int, gold: Int, matched: Int, onset: Double, offset: Double)) -> SignalResult {
            let s = GoldScoring.score(spans: t.spans, gold: t.gold, matched: t.matched, onsetError: t.onset, offsetError: t.offset, threshold: rule.iou)
            return SignalResult(signal: name, spans: s.spans, gold: s.gold, matched: s.matched, precision: s.precision, recall: s.recall, f1: s.f1,
                                onsetErrorMs: s.meanOnsetError.map { $0 / 1000 }, offsetErrorMs: s.meanOffsetError.map { $0 / 1000 })
        }
        let signals = perSignal.keys.sorted().map { signalResult($0, perSignal[$0]!) }
        let total = perSignal.values.reduce((0, 0, 0, 0.0, 0.0)) { ($0.0 + $1.spans, $0.1 + $1.gold, $0.2 + $1.matched, $0.3 + $1.onset, $0.4 + $1.offset) }
        let overall = signalResult("all signals", total)
        let dimensions = perDimension.keys.sorted().map { d -> DimensionResult in
            let r = GoldScoring.ratings(perDimension[d]!)
            return DimensionResult(dimension: d, n: r.n, exact: r.exact, withinOne: r.withinOne, meanAbsoluteError: r.meanAbsoluteError)
        }
        let allRatings = perDimension.values.flatMap { $0 }
        var value: Double?, reason: String?
        switch rule.measure {
        case .spanF1:
            value = overall.f1
            if value == nil { reason = total.1 == 0 ? "the gold has no spans on these items" : "the annotator marked no spans" }
        case .ratingExact, .ratingWithinOne:
            if allRatings.isEmpty {
                reason = "no clip was rated by both the annotator and gold"
            } else {
                let r = GoldScoring.ratings(allRatings)
                value = rule.measure == .ratingExact ? r.exact : r.withinOne
            }
        }
        if items.isEmpty { reason = "no calibration item" }
        return Result(rule: rule, value: value, passed: value.map { $0 >= rule.threshold }, undefinedReason: value == nil ? reason : nil,
                      overall: overall, signals: signals, dimensions: dimensions, items: feedback)
    }
}
