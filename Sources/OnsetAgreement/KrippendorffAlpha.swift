/// Krippendorff's alpha for reliability data with missing values (Krippendorff 2011,
/// "Computing Krippendorff's Alpha-Reliability"), at the four levels of measurement.
///
/// Pure: values in, result out. Only pairable values count (a unit with fewer than two values
/// drops out); marginals for the ordinal metric come from the pairable values. Alpha is
/// undefined — and says why — when nothing is pairable or the expected disagreement is zero.
public enum KrippendorffAlpha {
    public enum Level: String, CaseIterable, Sendable {
        case nominal, ordinal, interval, ratio
    }

    public struct Result: Equatable, Sendable {
        /// Nil when undefined; may be negative (never clamped).
        public var alpha: Double?
        public var level: Level
        /// Pairable values.
        public var n: Int
        public var observedDisagreement: Double
        public var expectedDisagreement: Double
        public var undefinedReason: String?
    }

    /// `data[coder][unit]`: a value, or nil when the coder did not code the unit. Nominal values
    /// may be any label (compared for equality); the other levels need numbers.
    public static func compute(_ data: [[Value?]], level: Level) -> Result {
        compute(CodedData(data), level: level)
    }

    public static func compute(_ data: CodedData, level: Level) -> Result {
        if level != .nominal, let bad = data.categories.first(where: { $0.number == nil }) {
            let n = data.pairableValues
            return Result(alpha: nil, level: level, n: n, observedDisagreement: 0, expectedDisagreement: 0,
                          undefinedReason: n == 0 ? "no unit has two or more values: nothing is pairable"
                                                  : "`\(bad)` is not a number; \(level.rawValue) alpha needs numeric values")
        }
        if data.categories.count > denseLimit { return computeSparse(data, level: level) }
        return compute(Coincidences(data), categories: data.categories, level: level)
    }

    /// Alpha from a coincidence matrix (also what the bootstrap recomputes per replicate).
    static func compute(_ o: Coincidences, categories: [Value], level: Level) -> Result {
        guard o.n > 0 else {
            return Result(alpha: nil, level: level, n: 0, observedDisagreement: 0, expectedDisagreement: 0,
                          undefinedReason: "no unit has two or more values: nothing is pairable")
        }
        let k = categories.count
        let marginals = (0..<k).map { c in (0..<k).reduce(0.0) { $0 + o.matrix[c * k + $1] } }
        let total = marginals.reduce(0, +)
        let delta = metric(level, categories: categories, marginals: marginals)
        var observed = 0.0, expected = 0.0
        for c in 0..<k where marginals[c] > 0 {
            for d in 0..<k where marginals[d] > 0 {
                observed += o.matrix[c * k + d] * delta[c * k + d]
                expected += marginals[c] * marginals[d] * delta[c * k + d]
            }
        }
        let dO = observed / total
        let dE = total > 1 ? expected / (total * (total - 1)) : 0
        guard dE > 0 else {
            let used = (0..<k).filter { marginals[$0] > 0 }
            return Result(alpha: nil, level: level, n: o.n, observedDisagreement: dO, expectedDisagreement: dE,
                          undefinedReason: used.count == 1 ? "every pairable value is the same (`\(categories[used[0]])`): there is no variation to agree on"
                                                           : "the expected disagreement is zero")
        }
        return Result(alpha: 1 - dO / dE, level: level, n: o.n, observedDisagreement: dO, expectedDisagreement: dE, undefinedReason: nil)
    }

    /// δ² for every pair of categories, as a k×k table.
    static func metric(_ level: Level, categories: [Value], marginals: [Double]) -> [Double] {
        let k = categories.count
        let delta = Metric(level, categories: categories, marginals: marginals)
        var table = [Double](repeating: 0, count: k * k)
        for c in 0..<k { for d in 0..<k { table[c * k + d] = delta(c, d) } }
        return table
    }

    /// δ²(c, d) at a level of measurement, between category indices; ordinal distances come
    /// from the (pairable) marginals. One definition for the dense table and the sparse path.
    struct Metric {
        let level: Level
        let numbers: [Double]
        let marginals: [Double]
        private let cumulative: [Double]

        init(_ level: Level, categories: [Value], marginals: [Double]) {
            self.level = level
            numbers = categories.map { $0.number ?? 0 }
            self.marginals = marginals
            var cumulative = [Double](repeating: 0, count: marginals.count + 1)
            for c in marginals.indices { cumulative[c + 1] = cumulative[c] + marginals[c] }
            self.cumulative = cumulative
        }

        func callAsFunction(_ c: Int, _ d: Int) -> Double {
            if c == d { return 0 }
            switch level {
            case .nominal: return 1
            case .ordinal:
                let (lo, hi) = (min(c, d), max(c, d))
                let between = cumulative[hi + 1] - cumulative[lo] - (marginals[c] + marginals[d]) / 2
                return between * between
            case .interval: return (numbers[c] - numbers[d]) * (numbers[c] - numbers[d])
            case .ratio:
                let (x, y) = (numbers[c], numbers[d])
                return x + y == 0 ? 0 : ((x - y) / (x + y)) * ((x - y) / (x + y))
            }
        }
    }

    /// A coded value: a label, with its number when it reads as one. Numbers order numerically
    /// and compare by value (`3` equals `3.0`).
    public struct Value: Hashable, Comparable, Sendable, CustomStringConvertible {
        public let label: String
        public let number: Double?

        public init(_ label: String) {
            self.label = label
            number = Double(label)
        }

        public init(_ number: Double) {
            label = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            self.number = number
        }

        public static func == (a: Value, b: Value) -> Bool {
            if let x = a.number, let y = b.number { return x == y }
            return a.label == b.label
        }

        public func hash(into hasher: inout Hasher) {
            if let number { hasher.combine(number) } else { hasher.combine(label) }
        }

        public static func < (a: Value, b: Value) -> Bool {
            switch (a.number, b.number) {
            case let (x?, y?): x < y
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.label < b.label
            }
        }

        public var description: String { label }
    }
}
