import Foundation

/// Spans grouped by signal and sorted by onset, for queries proportional to what is asked for.
///
/// "Which spans of `hesitation` touch 00:15–00:35?" costs a binary search plus the spans found,
/// not a scan of the session: a session with 100,000 spans must stay fluid. Each lane remembers its
/// longest span so that spans starting before the window are found too.
public struct SpanIndex: Sendable {
    public private(set) var lanes: [String: Lane] = [:]
    public private(set) var count = 0

    public struct Lane: Sendable {
        public fileprivate(set) var spans: [Span] = []
        fileprivate(set) var longest: Int64 = 0

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
        }

        @discardableResult
        mutating func remove(_ id: UUID, near onset: Timecode) -> Bool {
            let start = firstIndex(onsetAtLeast: onset.microseconds)
            var i = start
            while i < spans.count, spans[i].onset == onset {
                if spans[i].id == id { spans.remove(at: i); return true }
                i += 1
            }
            if let j = spans.firstIndex(where: { $0.id == id }) { spans.remove(at: j); return true }
            return false
        }
    }

    public init(_ spans: [Span] = []) {
        var grouped: [String: [Span]] = [:]
        for span in spans where !span.isDeleted { grouped[span.signal, default: []].append(span) }
        for (signal, group) in grouped {
            var lane = Lane()
            lane.spans = group.sorted { ($0.onset, $0.offset, $0.id.uuidString) < ($1.onset, $1.offset, $1.id.uuidString) }
            lane.longest = group.map(\.duration.microseconds).max() ?? 0
            lanes[signal] = lane
        }
        count = spans.filter { !$0.isDeleted }.count
    }

    public var signals: [String] { lanes.filter { !$0.value.spans.isEmpty }.map(\.key).sorted() }

    public func lane(_ signal: String) -> Lane? { lanes[signal] }

    public func span(_ id: UUID) -> Span? {
        for lane in lanes.values { if let s = lane.spans.first(where: { $0.id == id }) { return s } }
        return nil
    }

    /// Adds, replaces (same id) or — for a deleted span — removes `span`.
    public mutating func upsert(_ span: Span, previous: Span? = nil) {
        if let old = previous ?? self.span(span.id) {
            if lanes[old.signal]?.remove(old.id, near: old.onset) == true { count -= 1 }
        }
        guard !span.isDeleted else { return }
        lanes[span.signal, default: Lane()].insert(span)
        count += 1
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
