extension KrippendorffAlpha {
    /// Above this many distinct values the k × k coincidence matrix is not built (continuous
    /// measurements can have one value per cell); disagreements are summed unit by unit instead.
    static let denseLimit = 2048

    /// Alpha without a k × k matrix: marginals first (ordinal δ needs them), then the observed
    /// disagreement pair by pair within units, and the expected one from the marginals (closed
    /// forms for nominal and interval, a k² sum of O(1) terms otherwise).
    static func computeSparse(_ data: CodedData, level: Level) -> Result {
        let k = data.categories.count
        var marginals = [Double](repeating: 0, count: k)
        var n = 0
        data.eachUnit { counts, present, m in
            n += m
            for c in present { marginals[c] += Double(counts[c]) }
        }
        guard n > 0 else {
            return Result(alpha: nil, level: level, n: 0, observedDisagreement: 0, expectedDisagreement: 0,
                          undefinedReason: "no unit has two or more values: nothing is pairable")
        }
        let delta = Metric(level, categories: data.categories, marginals: marginals)
        let numbers = delta.numbers
        var observed = 0.0
        data.eachUnit { counts, present, m in
            var unit = 0.0
            for c in present {
                for d in present where d != c { unit += Double(counts[c]) * Double(counts[d]) * delta(c, d) }
            }
            observed += unit / Double(m - 1)
        }
        let total = Double(n)
        var expected = 0.0
        switch level {
        case .nominal:
            expected = total * total - marginals.reduce(0) { $0 + $1 * $1 }
        case .interval:
            // Σ_c Σ_d n_c n_d (x_c − x_d)² = 2 (N Σ n_c x_c² − (Σ n_c x_c)²), centred for accuracy.
            let mean = zip(marginals, numbers).reduce(0) { $0 + $1.0 * $1.1 } / total
            expected = 2 * total * zip(marginals, numbers).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
        case .ordinal, .ratio:
            let used = (0..<k).filter { marginals[$0] > 0 }
            for c in used { for d in used { expected += marginals[c] * marginals[d] * delta(c, d) } }
        }
        let dO = observed / total
        let dE = expected / (total * (total - 1))
        guard dE > 0 else {
            return Result(alpha: nil, level: level, n: n, observedDisagreement: dO, expectedDisagreement: dE,
                          undefinedReason: "the expected disagreement is zero")
        }
        return Result(alpha: 1 - dO / dE, level: level, n: n, observedDisagreement: dO, expectedDisagreement: dE, undefinedReason: nil)
    }
}
