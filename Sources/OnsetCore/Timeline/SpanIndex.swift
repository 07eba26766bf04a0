import Foundation

/// Spans grouped by signal and sorted by onset, for queries proportional to what is asked for.
///
/// "Which spans of `hesitation` touch 00:15–00:35?" costs a binary search plus the spans found,
/// not a scan of the session: a session with 100,000 spans must stay fluid. Each lane remembers its
/// longest span so that spans starting before the window are found too.
public struct SpanIndex: Sendable {
    public private(set) var lanes: [String: Lane] = [:]
    public private(set) var count = 0
    /// Where each live span is, so finding one by id costs a hash lookup and a binary search.
    private var locations: [UUID: (signal: String, onset: Timecode)] = [:]

    public struct Lane: Sendable {
        public fileprivate(set) var spans: [Span] = []
        fileprivate(set) var longest: Int64 = 0
        /// `reach[i]` is the latest offset among `spans[0...i]`: whether anything covers a time
        /// is then one binary search, whatever the number of spans.
        fileprivate(set) var reach: [Int64] = []

        mutating func rebuildReach(from start: Int = 0) {
            if reach.count != spans.count { reach = [Int64](repeating: 0, count: spans.count) }
            var m = start > 0 ? reach[start - 1] : Int64.min
            for i in start..<spans.count {
                m = max(m, spans[i].offset.microseconds)
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
            var lo = 0, hi = spans.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if spans[mid].onset.microseconds < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// Spans overlapping [start, end), in onset order.
        public func spans(overlapping start: Timecode, _ end: Timecode) -> [Span] {
            let from = firstIndex(onsetAtLeast: start.microseconds - longest)
            let to = firstIndex(onsetAtLeast: end.microseconds)
            return spans[from..<max(from, to)].filter { $0.offset > start }
        }

        mutating func insert(_ span: Span) {
            let i = firstIndex(onsetAtLeast: span.onset.microseconds + 1)
            spans.insert(span, at: i)
            longest = max(longest, span.duration.microseconds)
            reach.insert(0, at: i)
            rebuildReach(from: i)
        }

        @discardableResult
        mutating func remove(_ id: UUID, near onset: Timecode) -> Bool {
            let start = firstIndex(onsetAtLeast: onset.microseconds)
            var i = start
            while i < spans.count, spans[i].onset == onset {
                if spans[i].id == id {
                    spans.remove(at: i)
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
        // Each span is copied once, into its lane, and each lane is sorted where it lies: extra
        // copies of the session would be held at once.
        var grouped: [String: [Span]] = [:]
        for (signal, size) in laneSizes {
            grouped[signal] = []
            grouped[signal]!.reserveCapacity(size)
        }
        locations.reserveCapacity(max(spans.underestimatedCount, laneSizes.values.reduce(0, +)))
        for span in spans where !span.isDeleted {
            locations[span.id] = (span.signal, span.onset)
            grouped[span.signal, default: []].append(span)
        }
        grouped = grouped.filter { !$0.value.isEmpty }
        for signal in Array(grouped.keys) {
            var lane = Lane()
            lane.spans = grouped.removeValue(forKey: signal)!
            // Ids only break ties, so their text is built only then.
            lane.spans.sort { a, b in
                if a.onset != b.onset { return a.onset < b.onset }
                if a.offset != b.offset { return a.offset < b.offset }
                return a.id.uuidString < b.id.uuidString
            }
            lane.longest = lane.spans.lazy.map(\.duration.microseconds).max() ?? 0
            lane.rebuildReach()
            lanes[signal] = lane
        }
        count = locations.count
    }

    public var signals: [String] { lanes.filter { !$0.value.spans.isEmpty }.map(\.key).sorted() }

    public func lane(_ signal: String) -> Lane? { lanes[signal] }

    public func span(_ id: UUID) -> Span? {
        guard let (signal, onset) = locations[id], let lane = lanes[signal] else { return nil }
        var i = lane.firstIndex(onsetAtLeast: onset.microseconds)
        while i < lane.spans.count, lane.spans[i].onset == onset {
            if lane.spans[i].id == id { return lane.spans[i] }
            i += 1
        }
        return nil
    }

    /// Adds, replaces (same id) or — for a deleted span — removes `span`.
    public mutating func upsert(_ span: Span, previous: Span? = nil) {
        if let (signal, onset) = locations.removeValue(forKey: span.id) {
            lanes[signal]?.remove(span.id, near: onset)
        }
        if !span.isDeleted {
            lanes[span.signal, default: Lane()].insert(span)
            locations[span.id] = (span.signal, span.onset)
        }
        count = locations.count
    }

    /// The first span (any signal, or `signal`) whose onset is after `t`.
    public func next(after t: Timecode, signal: String? = nil) -> Span? {
        candidates(signal).compactMap { lane -> Span? in
            let i = lane.firstIndex(onsetAtLeast: t.microseconds + 1)
            return i < lane.spans.count ? lane.spans[i] : nil
        }.min { ($0.onset, $0.signal) < ($1.onset, $1.signal) }
    }

    /// The last span (any signal, or `signal`) whose onset is before `t`.
    public func previous(before t: Timecode, signal: String? = nil) -> Span? {
        candidates(signal).compactMap { lane -> Span? in
            let i = lane.firstIndex(onsetAtLeast: t.microseconds)
            return i > 0 ? lane.spans[i - 1] : nil
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
