/// Krippendorff's unitizing alphas (Krippendorff, Mathet, Bouvry & Widlöcher 2016) on a
/// continuum [0, L) in exact integer time (microseconds, frames: any integer unit).
///
/// Each annotator's units, with the gaps between them labelled ∅, partition the continuum (an
/// annotator who marked nothing is one all-gap partition). Observed coincidences are exact
/// integer overlaps; with m annotators l_ck = 1/(m−1) Σ_i Σ_{j≠i} Σ |s_ig ∩ s_jh|, so l.. = mL.
/// Expected: e_ck = (l_c.·l_.k − [c=k]·S_c) / (l.. − S/l..), S_c the sum of squared unit
/// lengths of value c (for ∅ the plain sum of gap lengths: a gap is infinitely divisible).
/// - uα = 1 − (l.. − Σ_c l_cc)/(l.. − Σ_c e_cc)
/// - |uα: the same with every unit value collapsed into one: 1 − (l_∅U + l_U∅)/(e_∅U + e_U∅)
/// - cuα: only the unit × unit block of the observed coincidences (where units of different
///   annotators overlap), nominal: 1 − D_o/D_e with D_o = Σ_{c≠k} l_ck / l'.. and
///   D_e = Σ_{c≠k} l'_c l'_k / l'..² from the block's marginals l'_c.
/// - (k)uα: cuα restricted to the disagreements that involve value k.
public enum UnitizingAlpha {
    public struct Unit: Equatable, Sendable {
        public var start: Int64
        public var end: Int64
        public var value: String

        public init(start: Int64, end: Int64, value: String) {
            self.start = start
            self.end = end
            self.value = value
        }
    }

    public struct Coefficient: Equatable, Sendable {
        /// Nil when undefined.
        public var alpha: Double?
        public var undefinedReason: String?

        static func defined(_ a: Double) -> Coefficient { Coefficient(alpha: a, undefinedReason: nil) }
        static func undefined(_ why: String) -> Coefficient { Coefficient(alpha: nil, undefinedReason: why) }
    }

    public struct Result: Equatable, Sendable {
        public var annotators: Int
        public var length: Int64
        /// Unit values in order (∅ not included).
        public var values: [String]
        public var uAlpha: Coefficient
        public var binaryUAlpha: Coefficient
        public var cuAlpha: Coefficient
        /// (k)uα per unit value, in `values` order.
        public var perValue: [Coefficient]
        /// Observed coincidences l_ck, (1 + values) × (1 + values), ∅ first.
        public var observed: [Double]
    }

    public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
        public var annotator: Int
        public var message: String
        public var description: String { "annotator \(annotator + 1): \(message)" }
    }

    public static func compute(_ annotators: [[Unit]], length: Int64) throws(InputError) -> Result {
        var tally = Tally(values: Array(Set(annotators.flatMap { $0.map(\.value) })))
        try tally.add(annotators, length: length)
        return tally.result
    }

    /// Coincidences summed over several continua (items), each computed among the annotators
    /// who coded it: how a report pools the recordings of a wave. Values must be known upfront.
    public struct Tally: Sendable {
        public let values: [String]
        private let index: [String: Int]
        private var overlap: [Double]
        private var squares: [Double]
        private var continua = 0
        private var annotators = 0
        private var length: Int64 = 0

        public init(values: [String]) {
            self.values = Array(Set(values)).sorted()
            index = Dictionary(uniqueKeysWithValues: self.values.enumerated().map { ($1, $0 + 1) })
            let k = self.values.count + 1
            overlap = [Double](repeating: 0, count: k * k)
            squares = [Double](repeating: 0, count: k)
        }

        /// Adds one continuum. With fewer than two annotators it contributes nothing (there is no pair).
        public mutating func add(_ units: [[Unit]], length: Int64) throws(InputError) {
            let k = values.count + 1
            var partitions: [[(start: Int64, end: Int64, value: Int)]] = []
            var itemSquares = [Double](repeating: 0, count: k)
            for (a, list) in units.enumerated() {
                let sorted = list.sorted { $0.start < $1.start }
                var partition: [(start: Int64, end: Int64, value: Int)] = []
                var at: Int64 = 0
                for u in sorted {
                    guard u.start < u.end else { throw InputError(annotator: a, message: "a unit ends (\(u.end)) at or before it starts (\(u.start))") }
                    guard u.start >= 0, u.end <= length else { throw InputError(annotator: a, message: "unit \(u.start)–\(u.end) lies outside the continuum 0–\(length)") }
                    guard u.start >= at else { throw InputError(annotator: a, message: "units overlap at \(u.start): one annotator's units must not overlap") }
                    guard let v = index[u.value] else { throw InputError(annotator: a, message: "value `\(u.value)` was not declared") }
                    if u.start > at { partition.append((at, u.start, 0)) }
                    partition.append((u.start, u.end, v))
                    let len = Double(u.end - u.start)
                    itemSquares[v] += len * len
                    at = u.end
                }
                if at < length { partition.append((at, length, 0)) }
                for s in partition where s.value == 0 { itemSquares[0] += Double(s.end - s.start) }
                partitions.append(partition)
            }
            let m = units.count
            annotators = max(annotators, m)
            guard m >= 2, length > 0 else { return }
            continua += 1
            self.length += length
            for c in 0..<k { squares[c] += itemSquares[c] }
            // Exact integer overlaps, each unordered pair of annotators swept once.
            var counts = [Int64](repeating: 0, count: k * k)
            for i in 0..<m {
                for j in (i + 1)..<m {
                    let a = partitions[i], b = partitions[j]
                    var x = 0, y = 0
                    while x < a.count, y < b.count {
                        let common = min(a[x].end, b[y].end) - max(a[x].start, b[y].start)
                        if common > 0 {
                            counts[a[x].value * k + b[y].value] += common
                            counts[b[y].value * k + a[x].value] += common
                        }
                        if a[x].end <= b[y].end { x += 1 } else { y += 1 }
                    }
                }
            }
            for c in counts.indices { overlap[c] += Double(counts[c]) / Double(m - 1) }
        }

        public var result: Result {
            let k = values.count + 1
            var result = Result(annotators: annotators, length: length, values: values, uAlpha: .undefined(""), binaryUAlpha: .undefined(""),
                                cuAlpha: .undefined(""), perValue: [], observed: overlap)
            guard continua > 0 else {
                let why = annotators < 2 ? "unitizing agreement needs two or more annotators (there \(annotators == 1 ? "is one" : "are none"))"
                                         : "the continuum is empty"
                result.uAlpha = .undefined(why); result.binaryUAlpha = .undefined(why); result.cuAlpha = .undefined(why)
                result.perValue = values.map { _ in .undefined(why) }
                return result
            }
            let l = overlap
            let row = (0..<k).map { c in (0..<k).reduce(0.0) { $0 + l[c * k + $1] } }
            let total = row.reduce(0, +)
            let s = squares.reduce(0, +)
            let norm = total - s / total
            // uα.
            let agreeObserved = (0..<k).reduce(0.0) { $0 + l[$1 * k + $1] }
            let agreeExpected = (0..<k).reduce(0.0) { $0 + (row[$1] * row[$1] - squares[$1]) / norm }
            result.uAlpha = norm > 0 && total - agreeExpected > 0
                ? .defined(1 - (total - agreeObserved) / (total - agreeExpected))
                : .undefined(values.isEmpty ? "no annotator marked any unit: there is no variation to agree on" : "the expected disagreement is zero")
            // |uα: ∅ against any unit.
            let gapRow = row[0], unitRow = total - row[0]
            let observedGapUnit = 2 * (unitRow - (1..<k).reduce(0.0) { c, r in c + (1..<k).reduce(0.0) { $0 + l[r * k + $1] } })
            let expectedGapUnit = norm > 0 ? 2 * gapRow * unitRow / norm : 0
            if values.isEmpty || unitRow == 0 {
                result.binaryUAlpha = .undefined("no annotator marked any unit: there is no variation to agree on")
            } else if expectedGapUnit > 0 {
                result.binaryUAlpha = .defined(1 - observedGapUnit / expectedGapUnit)
            } else {
                result.binaryUAlpha = .undefined("no gaps: every annotator covered the whole continuum with units")
            }
            // cuα and (k)uα on the unit × unit block.
            let blockRow = (1..<k).map { c in (1..<k).reduce(0.0) { $0 + l[c * k + $1] } }
            let block = blockRow.reduce(0, +)
            let used = (1..<k).filter { row[$0] > 0 }
            func cu(involving target: Int?) -> Coefficient {
                guard used.count >= 2 else {
                    return .undefined("units carry only one value (`\(used.first.map { values[$0 - 1] } ?? "")`): nothing to disagree on")
                }
                guard block > 0 else { return .undefined("no units of different annotators overlap") }
                var dO = 0.0, dE = 0.0
                for c in 1..<k {
                    for d in 1..<k where c != d && (target == nil || c == target || d == target) {
                        dO += l[c * k + d] / block
                        dE += blockRow[c - 1] * blockRow[d - 1] / (block * block)
                    }
                }
                guard dE > 0 else {
                    return .undefined(target.map { "no overlapping unit has value `\(values[$0 - 1])`" } ?? "overlapping units all carry the same value")
                }
                return .defined(1 - dO / dE)
            }
            result.cuAlpha = cu(involving: nil)
            result.perValue = (1..<k).map { cu(involving: $0) }
            return result
        }
    }

    /// One annotator's possibly overlapping spans as non-overlapping units: where spans
    /// overlap, the highest value wins (e.g. the stronger intensity). Values compare as numbers
    /// when both are numbers; adjacent pieces with the same value merge.
    public static func flatten(_ spans: [(start: Int64, end: Int64, value: String)]) -> [Unit] {
        let valid = spans.filter { $0.start < $0.end }
        guard !valid.isEmpty else { return [] }
        func higher(_ a: String, _ b: String) -> Bool {
            if let x = Double(a), let y = Double(b) { return x > y }
            return a > b
        }
        let bounds = Array(Set(valid.flatMap { [$0.start, $0.end] })).sorted()
        let sorted = valid.sorted { $0.start < $1.start }
        var units: [Unit] = []
        var active: [(end: Int64, value: String)] = []
        var next = 0
        for (b, start) in bounds.enumerated().dropLast() {
            let end = bounds[b + 1]
            active.removeAll { $0.end <= start }
            while next < sorted.count, sorted[next].start <= start {
                if sorted[next].end > start { active.append((sorted[next].end, sorted[next].value)) }
                next += 1
            }
            guard let top = active.map(\.value).max(by: { higher($1, $0) }) else { continue }
            if let last = units.last, last.end == start, last.value == top {
                units[units.count - 1].end = end
            } else {
                units.append(Unit(start: start, end: end, value: top))
            }
        }
        return units
    }
}
