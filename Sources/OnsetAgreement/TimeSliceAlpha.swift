/// Frame/time-slice alpha for one signal: the media is cut into slices of a stated length;
/// an annotator's value for a slice is present when one of their spans covers the slice's
/// midpoint, else absent; nominal alpha on that annotators × slices matrix. Items (media)
/// are concatenated: an annotator who did not code an item is missing on its slices.
public enum TimeSliceAlpha {
    public struct Item: Sendable {
        /// Item length, in the same integer unit as the spans (microseconds).
        public var length: Int64
        /// Per annotator index: their spans of the signal as [start, end), or nil when the
        /// annotator did not code this item (no spans is an empty array: all absent).
        public var spans: [[(start: Int64, end: Int64)]?]

        public init(length: Int64, spans: [[(start: Int64, end: Int64)]?]) {
            self.length = length
            self.spans = spans
        }
    }

    public struct Result: Equatable, Sendable {
        public var alpha: KrippendorffAlpha.Result
        public var slice: Int64
        public var slices: Int
    }

    /// Slices where only one annotator coded the item drop out (nothing is pairable there).
    public static func compute(_ items: [Item], slice: Int64) -> Result {
        precondition(slice > 0)
        var o = [Double](repeating: 0, count: 4)   // absent/present × absent/present
        var n = 0, slices = 0
        for item in items where item.length > 0 {
            let count = Int((item.length + slice - 1) / slice)
            slices += count
            let coders = item.spans.compactMap { $0 }
            guard coders.count >= 2 else { continue }
            var present = [Int32](repeating: 0, count: count)
            var cover = [Int32](repeating: 0, count: count + 1)
            for spans in coders {
                for i in cover.indices { cover[i] = 0 }
                for span in spans {
                    guard let (first, last) = covered(span, slice: slice, count: count) else { continue }
                    cover[first] += 1
                    cover[last + 1] -= 1
                }
                var depth: Int32 = 0
                for s in 0..<count {
                    depth += cover[s]
                    if depth > 0 { present[s] += 1 }
                }
            }
            let m = coders.count
            let weight = 1.0 / Double(m - 1)
            for s in 0..<count {
                let p = Double(present[s]), q = Double(m) - p
                o[0] += q * (q - 1) * weight
                o[1] += q * p * weight
                o[2] += p * q * weight
                o[3] += p * (p - 1) * weight
            }
            n += m * count
        }
        let alpha = KrippendorffAlpha.compute(Coincidences(matrix: o, n: n),
                                              categories: [.init("absent"), .init("present")], level: .nominal)
        return Result(alpha: alpha, slice: slice, slices: slices)
    }

    /// The slices whose midpoints (s + ½)·slice lie in [start, end), as a closed index range;
    /// in doubled coordinates so odd slice lengths stay exact.
    static func covered(_ span: (start: Int64, end: Int64), slice: Int64, count: Int) -> (Int, Int)? {
        func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
        let first = max(0, -floorDiv(-(2 * span.start - slice), 2 * slice))
        let last = min(Int64(count - 1), floorDiv(2 * span.end - 1 - slice, 2 * slice))
        return first <= last ? (Int(first), Int(last)) : nil
    }
}
