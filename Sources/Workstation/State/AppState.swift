import Foundation
import OnsetCore
import TerminalUI

/// Everything the screen shows, in one value. The reducer changes it; views only read it.
public struct AppState: Sendable {
    public struct SessionInfo: Sendable {
        public var id: String
        public var title: String
        public var mediaName: String
        public var annotator: String

        public init(id: String, title: String, mediaName: String, annotator: String) {
            self.id = id
            self.title = title
            self.mediaName = mediaName
            self.annotator = annotator
        }
    }

    public var session: SessionInfo
    public var scheme: Scheme
    public var spans: SpanIndex
    /// Length of the recording; the timeline's extent.
    public var duration: Timecode
    /// Nominal frame rate, for frame numbers and frame steps; nil for audio-only media.
    public var frameRate: FrameRate?
    public var playhead: Timecode = .zero
    public var viewport: Viewport
    public var selected: UUID?
    public var showHelp = false
    public var message: String?
    /// Keys typed so far of a multi-key sequence (`g` of `g g`).
    public var pendingKeys: KeySequence = []
    public var size: (width: Int, height: Int)
    public var shouldQuit = false
    /// Whether every edit shown has been committed to the store.
    public var saved = true

    public init(session: SessionInfo, scheme: Scheme, spans: [Span], duration: Timecode, frameRate: FrameRate?,
                size: (width: Int, height: Int)) {
        self.session = session
        self.scheme = scheme
        self.spans = SpanIndex(spans)
        self.duration = max(duration, Timecode(microseconds: 1_000_000))
        self.frameRate = frameRate
        self.size = size
        viewport = Viewport(start: .zero, length: self.duration)
    }

    public var selectedSpan: Span? { selected.flatMap { spans.span($0) } }

    /// The lanes to draw: signals with spans, in scheme order (unknown signals after, by name).
    public var laneSignals: [String] {
        let used = Set(spans.signals)
        let ordered = scheme.signals.map(\.id).filter(used.contains)
        return ordered + used.subtracting(ordered).sorted()
    }

    public var frameNumber: Int64? { frameRate.map { $0.frame(at: playhead) } }
}

/// The stretch of time the timeline shows.
public struct Viewport: Sendable, Equatable {
    public var start: Timecode
    public var length: Timecode

    public var end: Timecode { start + length }

    /// Keeps `t` inside the view with a margin, scrolling as little as possible, and never
    /// showing time before 0 or after `duration`.
    public mutating func follow(_ t: Timecode, duration: Timecode) {
        let margin = Timecode(microseconds: length.microseconds / 10)
        if t < start + margin {
            start = t - margin
        } else if t > end - margin {
            start = t + margin - length
        }
        clamp(duration: duration)
    }

    public mutating func clamp(duration: Timecode) {
        if length > duration { length = duration }
        if start + length > duration { start = duration - length }
        if start < .zero { start = .zero }
    }
}
