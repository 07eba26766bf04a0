/// A seeded bootstrap confidence interval for alpha: units are drawn with replacement (the
/// unit is what was sampled from the population of things to code), alpha is recomputed on each
/// replicate, and the interval is the percentile interval of the defined replicates.
public struct BootstrapInterval: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    /// e.g. 0.95.
    public var confidence: Double
    public var replicates: Int
    /// Replicates whose alpha was undefined (e.g. every drawn value the same); left out.
    public var undefinedReplicates: Int
    public var seed: UInt64
    public static let method = "percentile bootstrap over units"
}

extension KrippendorffAlpha {
    /// Nil when alpha itself is undefined, when there are too many distinct values for the dense
    /// computation, or when fewer than half the replicates are defined.
    public static func bootstrap(_ data: CodedData, level: Level, replicates: Int = 1000, confidence: Double = 0.95,
                                 seed: UInt64 = 1) -> BootstrapInterval? {
        let k = data.categories.count
        guard k <= denseLimit, replicates > 0, compute(data, level: level).alpha != nil else { return nil }
        // Each pairable unit's contribution to the coincidence matrix, as (cell, amount) pairs.
        var starts: [Int] = [0], cells: [Int32] = [], amounts: [Double] = [], sizes: [Int] = []
        data.eachUnit { counts, present, m in
            let weight = 1.0 / Double(m - 1)
            for c in present {
                let nc = Double(counts[c])
                for d in present {
                    cells.append(Int32(c * k + d))
                    amounts.append((c == d ? nc * (nc - 1) : nc * Double(counts[d])) * weight)
                }
            }
            starts.append(cells.count)
            sizes.append(m)
        }
        let units = sizes.count
        var rng = SplitMix64(seed: seed)
        var alphas: [Double] = []
        alphas.reserveCapacity(replicates)
        var draws = [Int32](repeating: 0, count: units)
        var matrix = [Double](repeating: 0, count: k * k)
        for _ in 0..<replicates {
            for i in draws.indices { draws[i] = 0 }
            for _ in 0..<units { draws[rng.below(units)] += 1 }
            for i in matrix.indices { matrix[i] = 0 }
            var n = 0
            for u in 0..<units where draws[u] > 0 {
                let times = Double(draws[u])
                n += sizes[u] * Int(draws[u])
                for e in starts[u]..<starts[u + 1] { matrix[Int(cells[e])] += amounts[e] * times }
            }
            if let a = compute(Coincidences(matrix: matrix, n: n), categories: data.categories, level: level).alpha { alphas.append(a) }
        }
        guard alphas.count * 2 >= replicates else { return nil }
        alphas.sort()
        let tail = (1 - confidence) / 2
        func quantile(_ p: Double) -> Double {
            let i = min(alphas.count - 1, max(0, Int((p * Double(alphas.count)).rounded(.down))))
            return alphas[i]
        }
        return BootstrapInterval(lower: quantile(tail), upper: quantile(1 - tail), confidence: confidence, replicates: replicates,
                                 undefinedReplicates: replicates - alphas.count, seed: seed)
    }
}

/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64): the same seed gives
/// the same interval on every machine and Swift version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound, without modulo bias (Lemire's multiply-shift with rejection).
    public mutating func below(_ bound: Int) -> Int {
        let b = UInt64(bound)
        while true {
            let (high, low) = next().multipliedFullWidth(by: b)
            if low >= (0 &- b) % b { return Int(high) }
        }
    }
}
