import Foundation
import OnsetCore

/// Work the reducer asks for. It runs off the UI thread (store writes on a serial queue, video
/// on the frame pump) and reports back as `Message`s.
public enum Effect: Equatable, Sendable {
    case quit
    case store(StoreRequest)
    case preview(PreviewRequest)
}

/// A store write. `grouped` joins the undo group of the previous edit: ratings given right
/// after marking, the second half of a split or merge — one undo takes back the whole step.
public enum StoreRequest: Equatable, Sendable {
    case create(Span, grouped: Bool = false)
    case update(Span, grouped: Bool = false)
    case delete(UUID, grouped: Bool = false)
    case undo
    case redo
    /// This run's telemetry so far (the handler adds it to what earlier runs stored).
    case telemetry(SessionTelemetry)
    /// The annotator declares the session's work done (`reopen`: not done after all).
    case submit(reopen: Bool)
    /// A decision on a model's prediction; accepting or adjusting stores `span` with it.
    case review(prediction: String, decision: PredictionReview.Decision, span: Span?)
    /// A clip's score, confidence, broken/skipped mark, or (with `deletedAt`) its removal.
    case rate(ClipRating)
}

public enum PreviewRequest: Equatable, Sendable {
    /// Show the frame at a time (paused, stepping, scrubbing); `width × height` pixels at most.
    case show(Timecode, width: Int, height: Int)
    case play(from: Timecode, speed: Double, width: Int, height: Int)
    case pause
    /// Switch to another clip of a rating queue and play it from its start; decode the start of
    /// `next` in advance so that it appears at once when asked for.
    case clip(path: String, next: String?, width: Int, height: Int)
}

/// Results of effects, applied to state by `Reducer.apply`.
public enum Message: Sendable {
    /// A create, update or delete reached the store; the span as stored (new revision).
    case stored(Span)
    /// An undo or redo reached the store; the span as it is now (nil: it concerned no span).
    case replayed(Span?, undo: Bool)
    case storeFailed(String)
    /// A write that made no span (a rejected prediction) reached the store.
    case recorded(String)
    /// A clip rating reached the store (as stored: its new revision).
    case rated(ClipRating)
    /// An undo or redo concerned a clip rating; the rating as it is now.
    case ratingReplayed(ClipRating, undo: Bool)
    /// A queue's clip file is open: how long it plays.
    case clipOpened(path: String, duration: Timecode, frameRate: FrameRate?)
    /// A queue's clip cannot be played, and why.
    case clipFailed(path: String, reason: String)
    /// A decoded preview picture.
    case frame(PreviewImage)
    case previewFailed(String)
    /// Something the user should know once (e.g. why there is no sound).
    case notice(String)
    /// The audio envelope, decoded (or read from the cache) in the background.
    case envelope(AudioEnvelope)
    /// All of the session's spans, read after the first frame (which had only its window).
    case spansLoaded(SpanIndex)
    /// The whole transcript, parsed after the first frame (which had only its beginning).
    case transcriptLoaded(Transcript)
    /// How much of the session's work is not yet in the central store (read in the background).
    case syncStatus(SyncStatus)
    /// Background loading failed: what was loaded so far stays, and the user is told why.
    case loadFailed(AppState.Loading, String)
}

/// A picture for the preview pane: packed RGB24 at display aspect, and the media time it shows.
public struct PreviewImage: Sendable, Equatable {
    public var time: Timecode
    public var width: Int
    public var height: Int
    public var rgb: [UInt8]

    public init(time: Timecode, width: Int, height: Int, rgb: [UInt8]) {
        self.time = time
        self.width = width
        self.height = height
        self.rgb = rgb
    }
}

/// Performs effects for the workstation loop. The executable implements it with the store and
/// the media engine; tests use a recorder.
public protocol EffectHandler: AnyObject {
    func perform(_ effect: Effect)
    /// Messages that arrived from background work since the last call.
    func drainMessages() -> [Message]
    /// The preview picture for media time `t` while playing (a cheap, non-blocking poll).
    func previewFrame(at t: Timecode) -> PreviewImage?
}
