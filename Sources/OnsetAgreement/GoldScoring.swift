/// Scoring an annotator against gold (reference) annotations.
public enum GoldScoring {
    public struct Interval: Equatable, Sendable {
        public var start: Int64
        public var end: Int64
        public init(start: Int64, end: Int64) {
            self.start = start
            self.end = end
        }
    }

    /// Span detection against gold, for one signal: spans are matched one-to-one to gold spans
    /// with temporal IoU ≥ `threshold`, best IoU first (ties: earlier onset). Precision =
    /// matched / annotator spans, recall = matched / gold spans, F1 their harmonic mean; onset
    /// and offset errors are mean absolute differences over matched pairs (same time unit).
    public struct SpanScore: Equatable, Sendable {
        public var threshold: Double
        public var spans: Int
        public var gold: Int
        public var matched: Int
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
        public var meanOnsetError: Double?
        public var meanOffsetError: Double?

        public static let measure = "temporal IoU matching (one-to-one, best IoU first)"
    }

    public static func iou(_ a: Interval, _ b: Interval) -> Double {
        let common = min(a.end, b.end) - max(a.start, b.start)
        guard common > 0 else { return 0 }
        let union = max(a.end, b.end) - min(a.start, b.start)
        return Double(common) / Double(union)
    }

    /// The one-to-one matching itself: pairs of indices into `spans` and `gold` (as given) with
    /// their IoU, best IoU first (ties: earlier onsets).
    public static func match(_ spans: [Interval], gold: [Interval], threshold: Double = 0.5) -> [(span: Int, gold: Int, iou: Double)] {
        let a = spans.indices.sorted { spans[$0].start < spans[$1].start }, g = gold.indices.sorted { gold[$0].start < gold[$1].start }
        // Candidate pairs: overlapping spans found with a sweep over gold sorted by onset.
        var candidates: [(iou: Double, a: Int, g: Int)] = []
        var lo = 0
        for i in a {
            let s = spans[i]
            // Spans come by onset: a gold span over before this one starts is over for the rest.
            while lo < g.count, gold[g[lo]].end <= s.start { lo += 1 }
            var j = lo
            while j < g.count, gold[g[j]].start < s.end {
                let v = iou(s, gold[g[j]])
                if v > 0, v >= threshold { candidates.append((v, i, g[j])) }
                j += 1
            }
        }
        candidates.sort { $0.iou != $1.iou ? $0.iou > $1.iou : (spans[$0.a].start, gold[$0.g].start) < (spans[$1.a].start, gold[$1.g].start) }
        var usedA = Set<Int>(), usedG = Set<Int>()
        var pairs: [(span: Int, gold: Int, iou: Double)] = []
        for c in candidates where !usedA.contains(c.a) && !usedG.contains(c.g) {
            usedA.insert(c.a); usedG.insert(c.g)
            pairs.append((c.a, c.g, c.iou))
        }
        return pairs
    }

    public static func spans(_ spans: [Interval], gold: [Interval], threshold: Double = 0.5) -> SpanScore {
        let pairs = match(spans, gold: gold, threshold: threshold)
        var onset = 0.0, offset = 0.0
        for p in pairs {
            onset += Double(abs(spans[p.span].start - gold[p.gold].start))
            offset += Double(abs(spans[p.span].end - gold[p.gold].end))
        }
        return score(spans: spans.count, gold: gold.count, matched: pairs.count, onsetError: onset, offsetError: offset, threshold: threshold)
    }

    /// The score from counts and summed absolute errors (pooling several items or signals).
    public static func score(spans: Int, gold: Int, matched: Int, onsetError: Double, offsetError: Double, threshold: Double) -> SpanScore {
        let precision = spans == 0 ? nil : Double(matched) / Double(spans)
        let recall = gold == 0 ? nil : Double(matched) / Double(gold)
        var f1: Double?
        if let p = precision, let r = recall { f1 = p + r > 0 ? 2 * p * r / (p + r) : 0 }
        return SpanScore(threshold: threshold, spans: spans, gold: gold, matched: matched, precision: precision, recall: recall, f1: f1,
                         meanOnsetError: matched > 0 ? onsetError / Double(matched) : nil,
                         meanOffsetError: matched > 0 ? offsetError / Double(matched) : nil)
    }

    /// Ratings against gold on one scale: exact and within-one rates, mean absolute error and
    /// weighted Cohen's kappa (annotator vs gold; quadratic weights unless stated).
    public struct RatingScore: Equatable, Sendable {
        public var n: Int
        public var exact: Double?
        public var withinOne: Double?
        public var meanAbsoluteError: Double?
        public var kappa: Kappa.Result
    }

    /// `pairs`: (annotator score, gold score) for every item both rated.
    public static func ratings(_ pairs: [(score: Double, gold: Double)], weights: Kappa.Weights = .quadratic) -> RatingScore {
        let n = pairs.count
        let exact = pairs.filter { $0.score == $0.gold }.count
        let close = pairs.filter { abs($0.score - $0.gold) <= 1 }.count
        let error = pairs.reduce(0.0) { $0 + abs($1.score - $1.gold) }
        let kappa = Kappa.cohen(pairs.map { .init($0.score) }, pairs.map { .init($0.gold) }, weights: weights)
        return RatingScore(n: n, exact: n > 0 ? Double(exact) / Double(n) : nil, withinOne: n > 0 ? Double(close) / Double(n) : nil,
                           meanAbsoluteError: n > 0 ? error / Double(n) : nil, kappa: kappa)
    }
}
