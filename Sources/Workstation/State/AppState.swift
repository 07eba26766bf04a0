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

    /// A question waiting for one key: a rating of the span just made.
    public enum Prompt: Equatable, Sendable {
        case confidence(UUID)
        case intensity(UUID)

        public var spanID: UUID {
            switch self {
            case .confidence(let id), .intensity(let id): id
            }
        }
    }

    public var session: SessionInfo
    public var scheme: Scheme
    public var spans: SpanIndex
    /// Length of the recording; the timeline's extent.
    public var duration: Timecode
    /// Nominal frame rate, for frame numbers and frame steps; nil for audio-only media.
    public var frameRate: FrameRate?
    public var hasVideo: Bool
    public var transcript: Transcript?
    public var playhead: Timecode = .zero
    public var clock: PlaybackClock
    public var viewport: Viewport
    public var selected: UUID?
    /// Signals whose key opened a span that is not closed yet, with its onset.
    public var openSpans: [String: Timecode] = [:]
    /// In and out points set with mark-in/mark-out, waiting for a signal key.
    public var markIn: Timecode?
    public var markOut: Timecode?
    public var prompt: Prompt?
    /// Whether the prompt's ratings join the span's creation in one undo step (a new span), or
    /// are an undo step of their own (rating an existing span again).
    public var ratingJoinsCreation = false
    /// The next signal key changes the selected span's signal instead of marking.
    public var changingSignal = false
    public var showDefinition = false
    /// Loudness over time, once decoded in the background (nil: not yet, or no audio).
    public var envelope: AudioEnvelope?
    public var pauses: [ClosedRange<Timecode>] = []
    /// The cue checklist of a span, while it is open.
    public var checklist: CueChecklist?
    /// Text being typed in the status line: a command, a search, or a span's rationale.
    public var lineEdit: LineEdit?
    public var lastSearch: String?
    /// What this run of the session did, for quality control.
    public var telemetry = SessionTelemetry()
    public var preview: PreviewImage?
    public var showPreview = true
    public var showHelp = false
    public var message: String?
    /// Keys typed so far of a multi-key sequence (`g` of `g g`).
    public var pendingKeys: KeySequence = []
    public var size: (width: Int, height: Int)
    public var shouldQuit = false
    /// Store writes sent and not yet confirmed; "saved ✓" shows when this is zero.
    public var pendingWrites = 0
    /// How much of this session's work has not reached the central store yet; nil when the
    /// session belongs to no project (it is never synced).
    public var sync: SyncStatus?

    /// What is still being read in the background after the first frame. Until it is all in,
    /// `spans` (or `transcript`) holds only the opening window, and keys wait their turn.
    public var loading: Loading = []
    /// Signals known to have spans while only a window of them is loaded: their lanes show
    /// from the first frame rather than popping in.
    public var laneHints: Set<String> = []
    /// Why part of the session could not be loaded: shown whenever no other message is, since
    /// the screen is then missing something for the rest of the run.
    public var loadProblem: String?
    /// A model's predictions for the session (a layer of their own), by onset, and the
    /// reviewer's decisions on them.
    public var predictions: [Prediction] = []
    public var decisions: [String: PredictionReview.Decision] = [:]
    public var selectedPrediction: String?
    /// `:filter`: only predictions of this probability or signal are stepped through and drawn.
    public var predictionFilter: String?
    /// Adjusting a prediction: the bounds to keep, waiting for the signal's key.
    public var pendingAdjust: PendingAdjust?
    /// A rating session's queue of clips (nil: a session on one recording).
    public var queue: ClipQueue?

    public struct PendingAdjust: Equatable, Sendable {
        public var prediction: String
        public var onset: Timecode
        public var offset: Timecode
    }

    public struct Loading: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let spans = Loading(rawValue: 1)
        public static let transcript = Loading(rawValue: 2)
    }

    /// How much of a long recording the timeline shows when a session opens: a span-coding
    /// scale (a whole two-hour recording in 100 columns is a minute a column), and a window the
    /// first frame can be drawn from without reading the whole session.
    public static let openingViewLength = Timecode(seconds: 300)

    public init(session: SessionInfo, scheme: Scheme, spans: [Span], duration: Timecode, frameRate: FrameRate?,
                hasVideo: Bool = false, transcript: Transcript? = nil, size: (width: Int, height: Int)) {
        self.init(session: session, scheme: scheme, index: SpanIndex(spans), duration: duration, frameRate: frameRate,
                  hasVideo: hasVideo, transcript: transcript, size: size)
    }

    public init(session: SessionInfo, scheme: Scheme, index: SpanIndex, duration: Timecode, frameRate: FrameRate?,
                hasVideo: Bool = false, transcript: Transcript? = nil, size: (width: Int, height: Int)) {
        self.session = session
        self.scheme = scheme
        self.spans = index
        self.duration = max(duration, Timecode(microseconds: 1_000_000))
        self.frameRate = frameRate
        self.hasVideo = hasVideo
        self.transcript = transcript
        self.size = size
        clock = PlaybackClock(duration: self.duration)
        viewport = Viewport(start: .zero, length: min(self.duration, Self.openingViewLength))
    }

    public var saved: Bool { pendingWrites == 0 }
    public var isPlaying: Bool { clock.isPlaying }
    public var isLoading: Bool { !loading.isEmpty }
    public var selectedSpan: Span? { selected.flatMap { spans.span($0) } }

    /// The lanes to draw: signals with spans or an open span, in scheme order (unknown after).
    public var laneSignals: [String] {
        let used = Set(spans.signals).union(openSpans.keys).union(laneHints)
        let ordered = scheme.signals.map(\.id).filter(used.contains)
        return ordered + used.subtracting(ordered).sorted()
    }

    public var frameNumber: Int64? { frameRate.map { $0.frame(at: playhead) } }

    /// The predictions the filter lets through, by onset.
    public var visiblePredictions: [Prediction] {
        guard let f = predictionFilter else { return predictions }
        return predictions.filter { $0.type == f || $0.probability?.rawValue == f }
    }

    public var selectedPredictionValue: Prediction? { selectedPrediction.flatMap { id in predictions.first { $0.id == id } } }
}

/// Work not yet delivered to the central store: edits in no bundle yet, and bundles made but not
/// yet acknowledged (`onset sync` sends both).
public struct SyncStatus: Equatable, Sendable {
    public var unbundledEdits: Int
    public var queuedBundles: Int

    public init(unbundledEdits: Int, queuedBundles: Int) {
        self.unbundledEdits = unbundledEdits
        self.queuedBundles = queuedBundles
    }

    /// For the status line: `synced`, `5 unsynced`, `5 unsynced, 1 bundle queued`.
    public var text: String {
        if unbundledEdits == 0 && queuedBundles == 0 { return "synced" }
        var parts: [String] = []
        if unbundledEdits > 0 { parts.append("\(unbundledEdits) unsynced") }
        if queuedBundles > 0 { parts.append("\(queuedBundles) bundle\(queuedBundles == 1 ? "" : "s") queued") }
        return parts.joined(separator: ", ")
    }
}

/// Ticking the behavioural cues that support a span, grouped by modality.
public struct CueChecklist: Equatable, Sendable {
    public var spanID: UUID
    /// The signal's cues in modality order (video, audio, text).
    public var cues: [Cue]
    public var checked: Set<String>
    public var cursor = 0
    /// Part of marking a new span (saved in the same undo step) rather than a later edit.
    public var partOfCreation: Bool
}

/// A line being edited in the status line, and what it is for.
public struct LineEdit: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case command
        case search
        case rationale(UUID)
        /// Why the queue's current clip is broken or skipped.
        case clipFlag(ClipRating.Flag)
    }

    public var purpose: Purpose
    public var editor: LineEditor

    public var prompt: String {
        switch purpose {
        case .command: ":"
        case .search: "/"
        case .rationale: "rationale: "
        case .clipFlag(let flag): "\(flag.word) because: "
        }
    }
}

/// The stretch of time the timeline shows.
public struct Viewport: Sendable, Equatable {
    public var start: Timecode
    public var length: Timecode

    public init(start: Timecode, length: Timecode) {
        self.start = start
        self.length = length
    }

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
