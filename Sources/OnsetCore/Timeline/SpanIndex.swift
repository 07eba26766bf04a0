import Foundation

/// Spans grouped by signal and sorted by onset, for queries proportional to what is asked for.
///
/// "Which spans of `hesitation` touch 00:15–00:35?" costs a binary search plus the spans found,
/// not a scan of the session: a session with 100,000 spans must stay fluid. Each lane remembers its
/// longest span so that spans starting before the window are found too.
public struct SpanIndex: Sendable {
    public private(set) var lanes: [String: Lane] = [:]
    public private(set) var count = 0
    /// Where each live span is, so finding one by id costs two binary searches.
    private var locations = SpanPlaces()

    /// One signal's spans in onset order, held packed (see `PackedSpan`): a `Span` is 200 bytes
    /// plus a cue array of its own, a packed one under 100 with the texts every span of a lane
    /// shares (session, annotator, scheme, cue lists) kept once. Spans are built when asked for.
    public struct Lane: Sendable {
        fileprivate var items: [PackedSpan] = []
        fileprivate var pool = SpanTextPool()
        fileprivate var signal = ""
        fileprivate(set) var longest: Int64 = 0
        /// `reach[i]` is the latest offset among `items[0...i]`: whether anything covers a time
        /// is then one binary search, whatever the number of spans.
        fileprivate(set) var reach: [Int64] = []

        /// The lane's spans in onset order.
        public var spans: Spans { Spans(lane: self) }
        /// Room reserved for spans (lanes are allocated once, at their size, when it is known).
        public var capacity: Int { items.capacity }

        public struct Spans: RandomAccessCollection, Equatable, Sendable {
            fileprivate let lane: Lane
            public var startIndex: Int { 0 }
            public var endIndex: Int { lane.items.count }
            public subscript(i: Int) -> Span { lane.span(at: i) }
            public static func == (a: Spans, b: Spans) -> Bool { a.elementsEqual(b) }
        }

        fileprivate func span(at i: Int) -> Span { items[i].span(signal: signal, pool: pool) }

        mutating func rebuildReach(from start: Int = 0) {
            if reach.count != items.count { reach = [Int64](repeating: 0, count: items.count) }
            var m = start > 0 ? reach[start - 1] : Int64.min
            for i in start..<items.count {
                m = max(m, items[i].offset)
                reach[i] = m
            }
        }

        /// Whether any span overlaps [start, end).
        public func covers(_ start: Timecode, _ end: Timecode) -> Bool {
            let j = firstIndex(onsetAtLeast: end.microseconds) - 1
            return j >= 0 && reach[j] > start.microseconds
        }

        /// How many spans begin in [start, end) (for deciding how to draw).
        public func count(startingIn start: Timecode, _ end: Timecode) -> Int {
            firstIndex(onsetAtLeast: end.microseconds) - firstIndex(onsetAtLeast: start.microseconds)
        }

        /// Index of the first span whose onset is ≥ t.
        func firstIndex(onsetAtLeast t: Int64) -> Int {
            var lo = 0, hi = items.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if items[mid].onset < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// The lane's spans whose onset is `t` or later, in onset order (a binary search, then
        /// only what is read).
        public func spans(from t: Timecode) -> Spans.SubSequence {
            spans[firstIndex(onsetAtLeast: t.microseconds)...]
        }

        /// Spans overlapping [start, end), in onset order.
        public func spans(overlapping start: Timecode, _ end: Timecode) -> [Span] {
            let from = firstIndex(onsetAtLeast: start.microseconds - longest)
            let to = firstIndex(onsetAtLeast: end.microseconds)
            return (from..<max(from, to)).compactMap { i in items[i].offset > start.microseconds ? span(at: i) : nil }
        }

        /// Adds a span at the end, out of order (`sortAndMeasure` puts the lane in order).
        fileprivate mutating func append(_ span: Span) {
            if items.isEmpty { signal = span.signal }
            items.append(PackedSpan(span, pool: &pool))
        }

        fileprivate mutating func sortAndMeasure() {
            // Ids only break ties, so their text is built only then.
            items.sort { a, b in
                if a.onset != b.onset { return a.onset < b.onset }
                if a.offset != b.offset { return a.offset < b.offset }
                return a.id.uuidString < b.id.uuidString
            }
            longest = items.lazy.map { $0.offset - $0.onset }.max() ?? 0
            rebuildReach()
        }

        mutating func insert(_ span: Span) {
            if items.isEmpty { signal = span.signal }
            let i = firstIndex(onsetAtLeast: span.onset.microseconds + 1)
            items.insert(PackedSpan(span, pool: &pool), at: i)
            longest = max(longest, span.duration.microseconds)
            reach.insert(0, at: i)
            rebuildReach(from: i)
        }

        @discardableResult
        mutating func remove(_ id: UUID, near onset: Timecode) -> Bool {
            let start = firstIndex(onsetAtLeast: onset.microseconds)
            var i = start
            while i < items.count, items[i].onset == onset.microseconds {
                if items[i].id == id {
                    items.remove(at: i)
                    reach.remove(at: i)
                    rebuildReach(from: i)
                    return true
                }
                i += 1
            }
            return false
        }
    }

    /// `laneSizes`, when known (how many live spans each signal has), sizes every lane exactly:
    /// lanes grown by doubling hold up to twice their spans, and a session of 100,000 spans is
    /// 20 MB of them.
    public init(_ spans: some Sequence<Span> = [Span](), laneSizes: [String: Int] = [:]) {
        // Each span is packed into its lane as it arrives and each lane sorted where it lies:
        // no copy of the session as `Span` values is ever held whole.
        for (signal, size) in laneSizes {
            lanes[signal] = Lane()
            lanes[signal]!.items.reserveCapacity(size)
        }
        locations.reserveCapacity(max(spans.underestimatedCount, laneSizes.values.reduce(0, +)))
        for span in spans where !span.isDeleted {
            locations.load(span.id, signal: span.signal, onset: span.onset)
            lanes[span.signal, default: Lane()].append(span)
        }
        locations.finishLoading()
        lanes = lanes.filter { !$0.value.items.isEmpty }
        for signal in Array(lanes.keys) {
            lanes[signal]!.sortAndMeasure()
        }
        count = locations.count
    }

    public var signals: [String] { lanes.filter { !$0.value.items.isEmpty }.map(\.key).sorted() }

    public func lane(_ signal: String) -> Lane? { lanes[signal] }

    public func span(_ id: UUID) -> Span? {
        guard let (signal, onset) = locations.place(of: id), let lane = lanes[signal] else { return nil }
        var i = lane.firstIndex(onsetAtLeast: onset.microseconds)
        while i < lane.items.count, lane.items[i].onset == onset.microseconds {
            if lane.items[i].id == id { return lane.span(at: i) }
            i += 1
        }
        return nil
    }

    /// Adds, replaces (same id) or — for a deleted span — removes `span`.
    public mutating func upsert(_ span: Span, previous: Span? = nil) {
        if let (signal, onset) = locations.remove(span.id) {
            lanes[signal]?.remove(span.id, near: onset)
        }
        if !span.isDeleted {
            lanes[span.signal, default: Lane()].insert(span)
            locations.set(span.id, signal: span.signal, onset: span.onset)
        }
        count = locations.count
    }

    /// The first span (any signal, or `signal`) whose onset is after `t`.
    public func next(after t: Timecode, signal: String? = nil) -> Span? {
        candidates(signal).compactMap { lane -> Span? in
            let i = lane.firstIndex(onsetAtLeast: t.microseconds + 1)
            return i < lane.items.count ? lane.span(at: i) : nil
        }.min { ($0.onset, $0.signal) < ($1.onset, $1.signal) }
    }

    /// The last span (any signal, or `signal`) whose onset is before `t`.
    public func previous(before t: Timecode, signal: String? = nil) -> Span? {
        candidates(signal).compactMap { lane -> Span? in
            let i = lane.firstIndex(onsetAtLeast: t.microseconds)
            return i > 0 ? lane.span(at: i - 1) : nil
        }.max { ($0.onset, $0.signal) < ($1.onset, $1.signal) }
    }

    /// Spans covering `t`, across lanes, ordered by signal then onset.
    public func spans(at t: Timecode) -> [Span] {
        lanes.keys.sorted().flatMap { key in
            lanes[key]!.spans(overlapping: t, t + Timecode(microseconds: 1)).filter { $0.contains(t) }
        }
    }

    private func candidates(_ signal: String?) -> [Lane] {
        if let signal { return lanes[signal].map { [$0] } ?? [] }
        return Array(lanes.values)
    }
}
