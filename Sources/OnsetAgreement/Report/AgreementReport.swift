/// The agreement report on a store: per signal, time-slice alpha and the unitizing alphas with
/// pairwise figures per annotator pair; per rating dimension, alpha (ordinal and interval),
/// exact and within-one agreement; flags where a value falls below its threshold; the trend
/// across waves. Every coefficient names itself and says why when it is undefined.
public struct AgreementReport: Encodable, Sendable {
    public struct Thresholds: Encodable, Sendable {
        /// Krippendorff's lowest acceptable alpha for tentative conclusions.
        public var alpha = 0.667
        /// About what scoring programs target on 4–5 point scales.
        public var exact = 0.75
        public var withinOne = 0.9

        public init() {}
    }

    public struct Options: Sendable {
        /// Time-slice length in microseconds (stated in every report).
        public var slice: Int64 = 100_000
        public var thresholds = Thresholds()
        public var signal: String?
        public var pairwise = true
        public var trend = true

        public init() {}
    }

    /// A value, or why there is none; `flagged` when below its threshold.
    public struct Figure: Encodable, Sendable, Equatable {
        public var value: Double?
        public var undefinedReason: String?
        public var flagged = false

        public init(_ value: Double?, undefined reason: String?) {
            self.value = value
            undefinedReason = value == nil ? (reason ?? "undefined") : nil
        }

        init(_ alpha: KrippendorffAlpha.Result) { self.init(alpha.alpha, undefined: alpha.undefinedReason) }
        init(_ c: UnitizingAlpha.Coefficient) { self.init(c.alpha, undefined: c.undefinedReason) }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(value, forKey: .value)
            try c.encode(undefinedReason, forKey: .undefinedReason)
            try c.encode(flagged, forKey: .flagged)
        }

        enum Keys: String, CodingKey { case value, undefinedReason = "undefined_reason", flagged }
    }

    public struct SignalPair: Encodable, Sendable {
        public var annotators: [String]
        public var items: Int
        public var timeSliceAlpha: Figure
        public var binaryUAlpha: Figure
    }

    public struct IntensityAlpha: Encodable, Sendable {
        public var value: String
        public var alpha: Figure
    }

    public struct SignalAgreement: Encodable, Sendable {
        public var signal: String
        /// Items coded by two or more annotators (the ones agreement is computed on).
        public var items: Int
        public var annotators: Int
        public var spans: Int
        public var sliceMs: Double
        public var timeSliceAlpha: Figure
        /// Unit values: the span's intensity, or `present` when it has none.
        public var uAlpha: Figure
        public var binaryUAlpha: Figure
        public var cuAlpha: Figure
        public var perIntensity: [IntensityAlpha]
        public var pairs: [SignalPair]
    }

    public struct DimensionPair: Encodable, Sendable {
        public var annotators: [String]
        public var clips: Int
        public var exact: Figure
        public var withinOne: Figure
    }

    public struct DimensionAgreement: Encodable, Sendable {
        public var dimension: String
        /// Clips rated by two or more annotators.
        public var clips: Int
        public var raters: Int
        public var alphaOrdinal: Figure
        public var alphaInterval: Figure
        public var exact: Figure
        public var withinOne: Figure
        public var pairs: [DimensionPair]
    }

    public struct Flag: Encodable, Sendable {
        public var scope: String
        public var name: String
        public var measure: String
        public var value: Double
        public var threshold: Double
        public var wave: String?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(scope, forKey: .scope); try c.encode(name, forKey: .name); try c.encode(measure, forKey: .measure)
            try c.encode(value, forKey: .value); try c.encode(threshold, forKey: .threshold); try c.encode(wave, forKey: .wave)
        }

        enum Keys: String, CodingKey { case scope, name, measure, value, threshold, wave }
    }

    public struct WaveTrend: Encodable, Sendable {
        public var wave: String?
        public var signals: [SignalAgreement]
        public var dimensions: [DimensionAgreement]

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(wave, forKey: .wave); try c.encode(signals, forKey: .signals); try c.encode(dimensions, forKey: .dimensions)
        }

        enum Keys: String, CodingKey { case wave, signals, dimensions }
    }

    public var sliceMs: Double
    public var thresholds: Thresholds
    public var signals: [SignalAgreement]
    public var dimensions: [DimensionAgreement]
    public var flags: [Flag]
    /// Per wave, in wave order, when the input spans more than one wave.
    public var waves: [WaveTrend]

    public static let measures = """
        time-slice alpha: nominal Krippendorff's alpha on present/absent per slice (a slice is present when a span covers its midpoint); \
        uα, |uα, cuα, (k)uα: Krippendorff's unitizing alphas (2016) on exact microseconds, items pooled, unit value = intensity (or `present`); \
        exact / within-one: share of pairs of ratings of a clip that are equal / differ by at most 1
        """

    /// `progress` is called with the share done (0…1) as signals and dimensions complete.
    public static func compute(_ input: AgreementInput, options: Options = Options(), progress: (Double) -> Void = { _ in }) -> AgreementReport {
        var report = computeOne(input, options: options, progress: progress)
        let waves = input.waves
        if options.trend, waves.count > 1 {
            var quick = options
            quick.pairwise = false
            quick.trend = false
            report.waves = waves.map { wave in
                let one = computeOne(input.wave(wave), options: quick, progress: { _ in })
                report.flags += one.flags.map { var f = $0; f.wave = wave; return f }
                return WaveTrend(wave: wave, signals: one.signals, dimensions: one.dimensions)
            }
        }
        return report
    }

    static func computeOne(_ input: AgreementInput, options: Options, progress: (Double) -> Void) -> AgreementReport {
        let t = options.thresholds
        var signals = Set(input.spanItems.flatMap { $0.coders.values.joined().map(\.signal) })
        if let only = options.signal { signals = signals.filter { $0 == only } }
        let dimensions = options.signal == nil ? Set(input.ratings.map(\.dimension)) : []
        let steps = Double(max(1, signals.count + dimensions.count))
        var done = 0.0
        var flags: [Flag] = []
        func flag(_ figure: inout Figure, _ scope: String, _ name: String, _ measure: String, below threshold: Double) {
            guard let v = figure.value, v < threshold else { return }
            figure.flagged = true
            flags.append(Flag(scope: scope, name: name, measure: measure, value: v, threshold: threshold))
        }
        // Signals are independent: computed side by side, one per core.
        let names = signals.sorted()
        let computed = ParallelMap.map(names) { signal in
            SignalReport.compute(signal: signal, items: input.spanItems, slice: options.slice, pairwise: options.pairwise)
        }
        var signalRows: [SignalAgreement] = []
        for (signal, computedRow) in zip(names, computed) {
            var row = computedRow
            flag(&row.timeSliceAlpha, "signal", signal, "time-slice alpha", below: t.alpha)
            flag(&row.uAlpha, "signal", signal, "uα", below: t.alpha)
            signalRows.append(row)
            done += 1
            progress(done / steps)
        }
        var dimensionRows: [DimensionAgreement] = []
        for dimension in dimensions.sorted() {
            var row = DimensionReport.compute(dimension: dimension, ratings: input.ratings.filter { $0.dimension == dimension }, pairwise: options.pairwise)
            flag(&row.alphaOrdinal, "dimension", dimension, "alpha (ordinal)", below: t.alpha)
            flag(&row.exact, "dimension", dimension, "exact agreement", below: t.exact)
            flag(&row.withinOne, "dimension", dimension, "within-one agreement", below: t.withinOne)
            dimensionRows.append(row)
            done += 1
            progress(done / steps)
        }
        return AgreementReport(sliceMs: Double(options.slice) / 1000, thresholds: t, signals: signalRows, dimensions: dimensionRows,
                               flags: flags, waves: [])
    }
}
