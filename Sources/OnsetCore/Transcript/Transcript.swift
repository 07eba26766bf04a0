/// A recording's transcript: time-aligned segments in order.
///
/// Lookups are binary searches, so a transcript of tens of thousands of segments costs nothing
/// per frame; the transcript pane only ever touches the segments it shows.
public struct Transcript: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var start: Timecode
        public var end: Timecode
        /// The speaker when the source names one (WebVTT `<v Name>`).
        public var speaker: String?
        public var text: String
        /// Word timings when the source has them (speech recognisers' JSON).
        public var words: [Word] = []

        public init(start: Timecode, end: Timecode, speaker: String? = nil, text: String) {
            self.start = start
            self.end = end
            self.speaker = speaker
            self.text = text
        }

        /// The word being spoken at `t`, if word timings exist.
        public func word(at t: Timecode) -> Int? {
            words.firstIndex { $0.start <= t && t < $0.end }
        }
    }

    public struct Word: Sendable, Equatable {
        public var start: Timecode
        public var end: Timecode
        public var text: String

        public init(start: Timecode, end: Timecode, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    public var segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// Index of the last segment starting at or before `t` (nil before the first).
    public func index(at t: Timecode) -> Int? {
        var lo = 0, hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segments[mid].start <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }

    /// The segment being spoken at `t`, if any.
    public func segment(at t: Timecode) -> Int? {
        guard let i = index(at: t), segments[i].end > t else { return nil }
        return i
    }

    public func next(after t: Timecode) -> Int? {
        let i = (index(at: t) ?? -1) + 1
        return i < segments.count ? i : nil
    }

    public func previous(before t: Timecode) -> Int? {
        guard let i = index(at: t) else { return nil }
        if segments[i].start < t { return i }
        return i > 0 ? i - 1 : nil
    }
}
