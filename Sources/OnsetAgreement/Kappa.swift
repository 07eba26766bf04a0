/// Cohen's kappa for two raters (unweighted, or with linear/quadratic agreement weights for
/// ordinal scales) and Fleiss' kappa for three or more.
public enum Kappa {
    public enum Weights: String, CaseIterable, Sendable {
        case none, linear, quadratic
    }

    public struct Result: Equatable, Sendable {
        public var kappa: Double?
        /// "cohen" or "fleiss".
        public var coefficient: String
        public var weights: Weights
        /// Units used (those every rater rated).
        public var n: Int
        public var observedAgreement: Double
        public var expectedAgreement: Double
        public var undefinedReason: String?
    }

    public typealias Value = KrippendorffAlpha.Value

    /// Cohen's κ = (p_o − p_e)/(1 − p_e) from each rater's marginals; weighted κ uses agreement
    /// weights 1 − |i−j|/(k−1) (linear) or 1 − (i−j)²/(k−1)² (quadratic), on numeric values when
    /// all values are numbers, else on category order. Units missing either rating are skipped.
    public static func cohen(_ a: [Value?], _ b: [Value?], weights: Weights = .none) -> Result {
        let pairs = zip(a, b).compactMap { x, y -> (Value, Value)? in
            guard let x, let y else { return nil }
            return (x, y)
        }
        var result = Result(kappa: nil, coefficient: "cohen", weights: weights, n: pairs.count, observedAgreement: 0, expectedAgreement: 0)
        guard !pairs.isEmpty else {
            result.undefinedReason = "no unit was rated by both raters"
            return result
        }
        let categories = Array(Set(pairs.flatMap { [$0.0, $0.1] })).sorted()
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let k = categories.count
        let numeric = categories.allSatisfy { $0.number != nil }
        let span = numeric ? (categories.last!.number! - categories.first!.number!) : Double(k - 1)
        func weight(_ i: Int, _ j: Int) -> Double {
            if i == j { return 1 }
            switch weights {
            case .none: return 0
            case .linear, .quadratic:
                guard span > 0 else { return 0 }
                let d = numeric ? abs(categories[i].number! - categories[j].number!) / span : Double(abs(i - j)) / span
                return weights == .linear ? 1 - d : 1 - d * d
            }
        }
        let n = Double(pairs.count)
        var table = [Double](repeating: 0, count: k * k)
        var rowTotals = [Double](repeating: 0, count: k), columnTotals = [Double](repeating: 0, count: k)
        for (x, y) in pairs {
            let i = index[x]!, j = index[y]!
            table[i * k + j] += 1
            rowTotals[i] += 1
            columnTotals[j] += 1
        }
        var po = 0.0, pe = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let w = weight(i, j)
                po += w * table[i * k + j] / n
                pe += w * rowTotals[i] / n * columnTotals[j] / n
            }
        }
        result.observedAgreement = po
        result.expectedAgreement = pe
        guard pe < 1 else {
            result.undefinedReason = "the expected agreement is 1 (both raters used one and the same category): kappa is 0/0"
            return result
        }
        result.kappa = (po - pe) / (1 - pe)
        return result
    }

    /// Fleiss' κ = (P̄ − P̄_e)/(1 − P̄_e); every unit needs the same number of ratings, so units
    /// that any rater skipped are left out (and counted in `n` only when complete).
    public static func fleiss(_ data: [[Value?]]) -> Result {
        let raters = data.count
        let units = data.map(\.count).max() ?? 0
        var result = Result(kappa: nil, coefficient: "fleiss", weights: .none, n: 0, observedAgreement: 0, expectedAgreement: 0)
        guard raters >= 2 else {
            result.undefinedReason = "Fleiss' kappa needs at least two raters"
            return result
        }
        var complete: [[Value]] = []
        for u in 0..<units {
            let values = data.compactMap { u < $0.count ? $0[u] : nil }
            if values.count == raters { complete.append(values) }
        }
        result.n = complete.count
        guard !complete.isEmpty else {
            result.undefinedReason = "no unit was rated by all \(raters) raters"
            return result
        }
        let categories = Array(Set(complete.flatMap { $0 })).sorted()
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let m = Double(raters)
        var share = [Double](repeating: 0, count: categories.count)
        var pBar = 0.0
        for values in complete {
            var counts = [Double](repeating: 0, count: categories.count)
            for v in values { counts[index[v]!] += 1 }
            pBar += (counts.reduce(0) { $0 + $1 * $1 } - m) / (m * (m - 1))
            for (j, c) in counts.enumerated() { share[j] += c }
        }
        pBar /= Double(complete.count)
        let total = m * Double(complete.count)
        let peBar = share.reduce(0) { $0 + ($1 / total) * ($1 / total) }
        result.observedAgreement = pBar
        result.expectedAgreement = peBar
        guard peBar < 1 else {
            result.undefinedReason = "every rating is the same category: kappa is 0/0"
            return result
        }
        result.kappa = (pBar - peBar) / (1 - peBar)
        return result
    }
}
