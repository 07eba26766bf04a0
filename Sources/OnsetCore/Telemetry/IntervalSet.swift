/// Disjoint, sorted half-open intervals of microseconds; inserting merges overlaps and neighbours.
public struct IntervalSet: Sendable, Equatable, Codable {
    public private(set) var ranges: [Range<Int64>] = []

    public init(_ ranges: [Range<Int64>] = []) {
        for r in ranges { insert(r) }
    }

    public mutating func insert(_ r: Range<Int64>) {
        guard !r.isEmpty else { return }
        var lower = r.lowerBound, upper = r.upperBound
        // First range that could touch: binary search on upper bounds.
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound < lower { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < ranges.count, ranges[end].lowerBound <= upper {
            lower = min(lower, ranges[end].lowerBound)
            upper = max(upper, ranges[end].upperBound)
            end += 1
        }
        ranges.replaceSubrange(lo..<end, with: [lower..<upper])
    }

    /// Total covered length, microseconds.
    public var total: Int64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }
}
