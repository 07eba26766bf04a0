/// What an agreement report is computed from, as plain values (the stores fill it in).
///
/// A span *item* is one recording coded by one or more annotators (on the central store: a
/// session that several annotators were given; on a workstation: the sessions over one media
/// file). A rating item is a clip, rated per dimension.
public struct AgreementInput: Sendable {
    public struct Span: Sendable {
        public var signal: String
        /// Microseconds.
        public var start: Int64
        public var end: Int64
        public var intensity: Int?

        public init(signal: String, start: Int64, end: Int64, intensity: Int?) {
            self.signal = signal
            self.start = start
            self.end = end
            self.intensity = intensity
        }
    }

    public struct SpanItem: Sendable {
        public var item: String
        public var wave: String?
        /// Media duration in microseconds (the continuum); at least the last offset.
        public var length: Int64
        /// Spans by annotator; an annotator present with no spans coded the item and marked nothing.
        public var coders: [String: [Span]]

        public init(item: String, wave: String?, length: Int64, coders: [String: [Span]]) {
            self.item = item
            self.wave = wave
            self.length = max(length, coders.values.joined().map(\.end).max() ?? 0)
            self.coders = coders
        }
    }

    public struct Rating: Sendable {
        public var clip: String
        public var dimension: String
        public var wave: String?
        public var annotator: String
        public var score: Int
        /// The session the rating was made in, when known (quality control reports per session).
        public var session: String?

        public init(clip: String, dimension: String, wave: String?, annotator: String, score: Int, session: String? = nil) {
            self.session = session
            self.clip = clip
            self.dimension = dimension
            self.wave = wave
            self.annotator = annotator
            self.score = score
        }
    }

    public var spanItems: [SpanItem]
    public var ratings: [Rating]

    public init(spanItems: [SpanItem] = [], ratings: [Rating] = []) {
        self.spanItems = spanItems
        self.ratings = ratings
    }

    /// Only the items and ratings of one wave.
    public func wave(_ wave: String?) -> AgreementInput {
        AgreementInput(spanItems: spanItems.filter { $0.wave == wave }, ratings: ratings.filter { $0.wave == wave })
    }

    public var waves: [String?] {
        let all = Set(spanItems.map(\.wave) + ratings.map(\.wave))
        return all.sorted { ($0 ?? "") < ($1 ?? "") }
    }
}
