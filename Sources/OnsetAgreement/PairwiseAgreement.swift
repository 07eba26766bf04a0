/// Exact and within-one agreement: over every unit, the share of pairs of values from two
/// different coders that are equal, or differ by at most one scale point. Pairs, not units,
/// are counted, so a unit rated by four coders weighs six pairs.
public struct PairwiseAgreement: Equatable, Sendable {
    public var pairs: Int
    /// Nil when there is no pair.
    public var exact: Double?
    /// Nil when there is no pair or a value is not a number.
    public var withinOne: Double?

    public init(_ data: CodedData) {
        let numbers = data.categories.map(\.number)
        let numeric = numbers.allSatisfy { $0 != nil }
        var pairs = 0, same = 0, close = 0
        data.eachUnit { counts, present, m in
            pairs += m * (m - 1) / 2
            for (i, c) in present.enumerated() {
                let nc = Int(counts[c])
                same += nc * (nc - 1) / 2
                guard numeric else { continue }
                for d in present[(i + 1)...] where abs(numbers[c]! - numbers[d]!) <= 1 { close += nc * Int(counts[d]) }
            }
        }
        self.pairs = pairs
        exact = pairs > 0 ? Double(same) / Double(pairs) : nil
        withinOne = pairs > 0 && numeric ? Double(same + close) / Double(pairs) : nil
    }
}
