/// Quality control per annotator and session: time on task against the media's duration,
/// coverage, timeline interactions, annotations per minute, agreement with peers and with gold,
/// and the flags that configurable rules raise.
public struct QualityReport: Encodable, Sendable {
    /// One annotator's work in one session, with what the workstation's telemetry recorded.
    public struct Work: Sendable {
        public var session: String
        public var annotator: String
        public var wave: String?
        /// The `AgreementInput` item this work belongs to.
        public var item: String
        public var mediaDurationUs: Int64?
        public var telemetry: Telemetry?
        /// `accepted`, `rejected` or nil (no decision yet), with the reason.
        public var decision: String?
        public var reason: String?
        /// Clip rating (a queue of clips) rather than spans on one recording: time against the
        /// media and the timeline do not apply; rushing through clips does.
        public var rating: Bool

        public struct Telemetry: Sendable {
            public var activeUs: Int64
            public var coveredUs: Int64
            public var timelineInteractions: Int
            public var clipsFinished: Int
            public var clipsRushed: Int
            public init(activeUs: Int64, coveredUs: Int64, timelineInteractions: Int, clipsFinished: Int = 0, clipsRushed: Int = 0) {
                self.activeUs = activeUs
                self.coveredUs = coveredUs
                self.timelineInteractions = timelineInteractions
                self.clipsFinished = clipsFinished
                self.clipsRushed = clipsRushed
            }
        }

        public init(session: String, annotator: String, wave: String?, item: String, mediaDurationUs: Int64?, telemetry: Telemetry?,
                    decision: String? = nil, reason: String? = nil, rating: Bool = false) {
            self.rating = rating
            self.session = session
            self.annotator = annotator
            self.wave = wave
            self.item = item
            self.mediaDurationUs = mediaDurationUs
            self.telemetry = telemetry
            self.decision = decision
            self.reason = reason
        }
    }

    /// A rule's threshold of 0 (or `false`) turns it off.
    public struct Rules: Encodable, Sendable {
        /// Flag when time on task < this × media duration.
        public var minTimeOnTask = 1.0
        public var requireTimelineInteraction = true
        /// Span F1 against gold (IoU matching at `iouThreshold`).
        public var minGoldF1 = 0.5
        /// Exact agreement with gold ratings.
        public var minGoldExact = 0.75
        public var minPeerF1 = 0.0
        /// Share of the media seen (played or shown).
        public var minCoverage = 0.0
        public var iouThreshold = 0.5
        /// Clip rating: flag when more than this share of the finished clips were finished
        /// before they had played through once.
        public var maxRushedClips = 0.25

        public init() {}
    }

    public struct Flag: Encodable, Sendable, Equatable {
        public var rule: String
        public var message: String
    }

    public struct SessionQuality: Encodable, Sendable {
        public var session: String
        public var annotator: String
        public var wave: String?
        public var decision: String?
        public var reason: String?
        public var mediaDurationS: Double?
        public var timeOnTaskS: Double?
        /// Time on task ÷ media duration.
        public var timeRatio: Double?
        /// Share of the media seen.
        public var coverage: Double?
        public var timelineInteractions: Int?
        /// Clip rating: clips finished, and of those finished before they had played through.
        public var clipsFinished: Int?
        public var clipsRushed: Int?
        public var annotations: Int
        public var annotationsPerMinute: Double?
        public var peerF1: Double?
        public var peerExact: Double?
        public var goldF1: Double?
        public var goldPrecision: Double?
        public var goldRecall: Double?
        public var goldOnsetErrorMs: Double?
        public var goldOffsetErrorMs: Double?
        public var goldExact: Double?
        public var goldWithinOne: Double?
        public var goldMeanAbsoluteError: Double?
        public var flags: [Flag]

        public func encode(to encoder: Encoder) throws {
            // Every field, `null` when it cannot be measured (no telemetry, no peer, no gold).
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(session, forKey: .session); try c.encode(annotator, forKey: .annotator); try c.encode(wave, forKey: .wave)
            try c.encode(decision, forKey: .decision); try c.encode(reason, forKey: .reason)
            try c.encode(mediaDurationS, forKey: .mediaDurationS); try c.encode(timeOnTaskS, forKey: .timeOnTaskS)
            try c.encode(timeRatio, forKey: .timeRatio); try c.encode(coverage, forKey: .coverage)
            try c.encode(timelineInteractions, forKey: .timelineInteractions); try c.encode(annotations, forKey: .annotations)
            try c.encode(clipsFinished, forKey: .clipsFinished); try c.encode(clipsRushed, forKey: .clipsRushed)
            try c.encode(annotationsPerMinute, forKey: .annotationsPerMinute); try c.encode(peerF1, forKey: .peerF1)
            try c.encode(peerExact, forKey: .peerExact); try c.encode(goldF1, forKey: .goldF1); try c.encode(goldPrecision, forKey: .goldPrecision)
            try c.encode(goldRecall, forKey: .goldRecall); try c.encode(goldOnsetErrorMs, forKey: .goldOnsetErrorMs)
            try c.encode(goldOffsetErrorMs, forKey: .goldOffsetErrorMs); try c.encode(goldExact, forKey: .goldExact)
            try c.encode(goldWithinOne, forKey: .goldWithinOne); try c.encode(goldMeanAbsoluteError, forKey: .goldMeanAbsoluteError)
            try c.encode(flags, forKey: .flags)
        }

        enum Keys: String, CodingKey {
            case session, annotator, wave, decision, reason, mediaDurationS, timeOnTaskS, timeRatio, coverage, timelineInteractions
            case annotations, annotationsPerMinute, peerF1, peerExact, goldF1, goldPrecision, goldRecall, goldOnsetErrorMs
            case goldOffsetErrorMs, goldExact, goldWithinOne, goldMeanAbsoluteError, flags, clipsFinished, clipsRushed
        }
    }

    public struct AnnotatorQuality: Encodable, Sendable {
        public var annotator: String
        public var sessions: Int
        public var flaggedSessions: Int
        public var rejectedSessions: Int
        public var annotations: Int
        public var timeOnTaskS: Double
    }

    public var rules: Rules
    public var gold: [String]
    public static let measures = """
        peer_f1 / gold_f1: span F1 with one-to-one temporal IoU matching per signal (IoU ≥ threshold), pooled over signals and peers; \
        peer_exact / gold_exact: share of the session's ratings equal to the peer's / gold rating of the same clip and dimension
        """
    public var sessions: [SessionQuality]
    public var annotators: [AnnotatorQuality]

    /// `gold`: the annotators whose work is the reference (their own sessions are reported
    /// but not scored against themselves).
    public static func compute(work: [Work], input: AgreementInput, gold: Set<String>, rules: Rules = Rules()) -> QualityReport {
        let items = Dictionary(input.spanItems.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
        var ratingsByKey: [String: [AgreementInput.Rating]] = [:]
        for r in input.ratings { ratingsByKey[r.clip + "\u{0}" + r.dimension, default: []].append(r) }
        var rows: [SessionQuality] = []
        for w in work.sorted(by: { ($0.annotator, $0.session) < ($1.annotator, $1.session) }) {
            let item = items[w.item]
            let mine = item?.coders[w.annotator] ?? []
            let myRatings = input.ratings.filter { $0.annotator == w.annotator && ($0.session == nil || $0.session == w.session) }
            var row = SessionQuality(session: w.session, annotator: w.annotator, wave: w.wave, decision: w.decision, reason: w.reason,
                                     annotations: mine.count + myRatings.count, flags: [])
            if let d = w.mediaDurationUs, d > 0 { row.mediaDurationS = Double(d) / 1e6 }
            if let t = w.telemetry {
                row.timeOnTaskS = Double(t.activeUs) / 1e6
                row.timelineInteractions = t.timelineInteractions
                if w.rating {
                    row.clipsFinished = t.clipsFinished
                    row.clipsRushed = t.clipsRushed
                }
                if let d = w.mediaDurationUs, d > 0 {
                    row.timeRatio = Double(t.activeUs) / Double(d)
                    row.coverage = min(1, Double(t.coveredUs) / Double(d))
                }
                if t.activeUs > 0 { row.annotationsPerMinute = Double(row.annotations) / (Double(t.activeUs) / 60e6) }
            }
            // Spans against peers and against gold, per signal, pooled.
            if let item {
                let peers = item.coders.keys.filter { $0 != w.annotator && !gold.contains($0) }
                let golds = gold.contains(w.annotator) ? [] : item.coders.keys.filter { gold.contains($0) }
                if !peers.isEmpty { row.peerF1 = pooledF1(mine, peers.map { item.coders[$0]! }, rules.iouThreshold) }
                if !golds.isEmpty {
                    let g = goldScore(mine, golds.flatMap { item.coders[$0]! }, rules.iouThreshold)
                    row.goldF1 = g.f1; row.goldPrecision = g.precision; row.goldRecall = g.recall
                    row.goldOnsetErrorMs = g.onset.map { $0 / 1000 }; row.goldOffsetErrorMs = g.offset.map { $0 / 1000 }
                }
            }
            // Ratings against peers and gold on the same clip and dimension.
            var peerPairs = 0, peerSame = 0
            var goldPairs: [(score: Double, gold: Double)] = []
            for r in myRatings {
                for other in ratingsByKey[r.clip + "\u{0}" + r.dimension] ?? [] where other.annotator != r.annotator {
                    if gold.contains(other.annotator) {
                        if !gold.contains(r.annotator) { goldPairs.append((Double(r.score), Double(other.score))) }
                    } else {
                        peerPairs += 1
                        if other.score == r.score { peerSame += 1 }
                    }
                }
            }
            if peerPairs > 0 { row.peerExact = Double(peerSame) / Double(peerPairs) }
            if !goldPairs.isEmpty {
                let g = GoldScoring.ratings(goldPairs)
                row.goldExact = g.exact; row.goldWithinOne = g.withinOne; row.goldMeanAbsoluteError = g.meanAbsoluteError
            }
            row.flags = flags(row, w, rules)
            rows.append(row)
        }
        let byAnnotator = Dictionary(grouping: rows, by: \.annotator)
        let annotators = byAnnotator.keys.sorted().map { a in
            let list = byAnnotator[a]!
            return AnnotatorQuality(annotator: a, sessions: list.count, flaggedSessions: list.filter { !$0.flags.isEmpty }.count,
                                    rejectedSessions: list.filter { $0.decision == "rejected" }.count,
                                    annotations: list.reduce(0) { $0 + $1.annotations }, timeOnTaskS: list.reduce(0) { $0 + ($1.timeOnTaskS ?? 0) })
        }
        return QualityReport(rules: rules, gold: gold.sorted(), sessions: rows, annotators: annotators)
    }

    /// Clip rating: too many clips finished before they had played through once.
    public static func rushedFlag(finished: Int, rushed: Int, rules: Rules) -> Flag? {
        guard rules.maxRushedClips < 1, finished > 0, Double(rushed) / Double(finished) > rules.maxRushedClips else { return nil }
        return Flag(rule: "rushed_clips", message: "finished \(rushed) of \(finished) clips before they had played through once (rule: at most \(Int((rules.maxRushedClips * 100).rounded()))%)")
    }

    static func flags(_ row: SessionQuality, _ w: Work, _ rules: Rules) -> [Flag] {
        var flags: [Flag] = []
        func f(_ v: Double) -> String { String((v * 100).rounded() / 100) }
        if w.telemetry == nil {
            flags.append(Flag(rule: "no_telemetry", message: "no telemetry arrived for this session: time on task and interaction cannot be checked"))
        }
        if w.rating {
            if let finished = row.clipsFinished, let rushed = row.clipsRushed, let flag = rushedFlag(finished: finished, rushed: rushed, rules: rules) {
                flags.append(flag)
            }
        } else if rules.minTimeOnTask > 0, let ratio = row.timeRatio, ratio < rules.minTimeOnTask, let t = row.timeOnTaskS, let d = row.mediaDurationS {
            flags.append(Flag(rule: "time_on_task", message: "time on task \(f(t)) s is shorter than \(f(rules.minTimeOnTask)) × the media's \(f(d)) s"))
        }
        if rules.requireTimelineInteraction, !w.rating, row.timelineInteractions == 0 {
            flags.append(Flag(rule: "no_timeline_interaction", message: "no interaction with the timeline"))
        }
        if rules.minCoverage > 0, !w.rating, let c = row.coverage, c < rules.minCoverage {
            flags.append(Flag(rule: "coverage", message: "saw \(f(c * 100))% of the media (rule: at least \(f(rules.minCoverage * 100))%)"))
        }
        if rules.minGoldF1 > 0, let g = row.goldF1, g < rules.minGoldF1 {
            flags.append(Flag(rule: "gold_f1", message: "span F1 against gold \(f(g)) < \(f(rules.minGoldF1)) (IoU ≥ \(f(rules.iouThreshold)))"))
        }
        if rules.minGoldExact > 0, let g = row.goldExact, g < rules.minGoldExact {
            flags.append(Flag(rule: "gold_exact", message: "exact agreement with gold ratings \(f(g * 100))% < \(f(rules.minGoldExact * 100))%"))
        }
        if rules.minPeerF1 > 0, let p = row.peerF1, p < rules.minPeerF1 {
            flags.append(Flag(rule: "peer_f1", message: "span F1 against peers \(f(p)) < \(f(rules.minPeerF1))"))
        }
        return flags
    }

    /// F1 = 2·matched / (|mine| + |theirs|) summed over peers and signals; nil when nobody marked anything.
    static func pooledF1(_ mine: [AgreementInput.Span], _ peers: [[AgreementInput.Span]], _ threshold: Double) -> Double? {
        var matched = 0, total = 0
        for theirs in peers {
            for signal in Set(mine.map(\.signal) + theirs.map(\.signal)) {
                let a = mine.filter { $0.signal == signal }.map { GoldScoring.Interval(start: $0.start, end: $0.end) }
                let b = theirs.filter { $0.signal == signal }.map { GoldScoring.Interval(start: $0.start, end: $0.end) }
                matched += GoldScoring.spans(a, gold: b, threshold: threshold).matched
                total += a.count + b.count
            }
        }
        return total > 0 ? 2 * Double(matched) / Double(total) : nil
    }

    static func goldScore(_ mine: [AgreementInput.Span], _ gold: [AgreementInput.Span], _ threshold: Double)
        -> (precision: Double?, recall: Double?, f1: Double?, onset: Double?, offset: Double?) {
        var matched = 0, spans = 0, golds = 0
        var onset = 0.0, offset = 0.0
        for signal in Set(mine.map(\.signal) + gold.map(\.signal)) {
            let s = GoldScoring.spans(mine.filter { $0.signal == signal }.map { .init(start: $0.start, end: $0.end) },
                                      gold: gold.filter { $0.signal == signal }.map { .init(start: $0.start, end: $0.end) }, threshold: threshold)
            matched += s.matched; spans += s.spans; golds += s.gold
            onset += (s.meanOnsetError ?? 0) * Double(s.matched); offset += (s.meanOffsetError ?? 0) * Double(s.matched)
        }
        let p = spans > 0 ? Double(matched) / Double(spans) : nil
        let r = golds > 0 ? Double(matched) / Double(golds) : nil
        var f1: Double?
        if let p, let r { f1 = p + r > 0 ? 2 * p * r / (p + r) : 0 }
        return (p, r, f1, matched > 0 ? onset / Double(matched) : nil, matched > 0 ? offset / Double(matched) : nil)
    }
}
