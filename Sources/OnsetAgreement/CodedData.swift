/// Reliability data with every value replaced by the index of its category: what the
/// coefficients compute on. Coding once turns millions of label comparisons into integer
/// indexing, which is what makes 100 coders × 100,000 units a fraction of a second.
public struct CodedData: Sendable {
    public typealias Value = KrippendorffAlpha.Value

    /// The distinct values, sorted (numerically when they are numbers).
    public private(set) var categories: [Value]
    public let coders: Int
    public let units: Int
    /// Coder-major: `codes[coder * units + unit]` is a category index, or `missing`.
    public private(set) var codes: [Int32]

    public static let missing: Int32 = -1

    public init(_ data: [[Value?]]) {
        let units = data.map(\.count).max() ?? 0
        var index: [Value: Int32] = [:]
        var categories: [Value] = []
        var codes = [Int32](repeating: Self.missing, count: data.count * units)
        for (c, row) in data.enumerated() {
            for (u, value) in row.enumerated() {
                guard let value else { continue }
                if let code = index[value] {
                    codes[c * units + u] = code
                } else {
                    let code = Int32(categories.count)
                    index[value] = code
                    categories.append(value)
                    codes[c * units + u] = code
                }
            }
        }
        self.init(categories: categories, coders: data.count, units: units, codes: codes)
    }

    /// Codes that index `categories` in any order; they are renumbered so categories are sorted.
    public init(categories: [Value], coders: Int, units: Int, codes: [Int32]) {
        precondition(codes.count == coders * units)
        self.coders = coders
        self.units = units
        let order = categories.indices.sorted { categories[$0] < categories[$1] }
        var renumber = [Int32](repeating: 0, count: categories.count)
        for (new, old) in order.enumerated() { renumber[old] = Int32(new) }
        self.categories = order.map { categories[$0] }
        self.codes = codes
        let sorted = order.enumerated().allSatisfy { $0.offset == $0.element }
        if !sorted {
            self.codes.withUnsafeMutableBufferPointer { p in
                for i in p.indices where p[i] >= 0 { p[i] = renumber[Int(p[i])] }
            }
        }
    }

    /// The value a coder gave a unit, if any.
    public func value(coder: Int, unit: Int) -> Value? {
        let code = codes[coder * units + unit]
        return code < 0 ? nil : categories[Int(code)]
    }
}
