import Foundation
import OnsetCore

/// A rating session's queue of clips: which clip is on screen, which dimension a digit scores,
/// and every score given so far (read from the store when the queue opens, so a finished queue
/// reopens with its scores for revision).
public struct ClipQueue: Sendable {
    public var clips: [Clip]
    public var current = 0
    /// Index into the scheme's dimensions of the scale the next digit scores.
    public var focus = 0
    /// The current rating per clip and dimension (flags under their reserved dimensions).
    public var ratings: [String: [String: ClipRating]] = [:]
    /// Ask for a confidence after every score (toggled by the rater).
    public var asksConfidence = false
    /// The dimension whose confidence the next digit gives.
    public var awaitingConfidence: String?
    /// The clip's playing length once its file is open; nil while opening, or when it failed.
    public var opened: [String: Timecode] = [:]
    /// Why a clip cannot be shown (it can still be marked broken).
    public var failed: [String: String] = [:]
    /// Clips completed during this run and when the run began, for the clips-per-hour figure.
    public var completedThisRun = 0
    public var startedAt: Int64?
    /// The clip list's cursor while the list is open (nil: closed).
    public var listCursor: Int?
    /// Clips left out of the list (missing files, manifest problems), told once on opening.
    public var skippedOnLoad: [String] = []

    public init(clips: [Clip], ratings: [ClipRating] = []) {
        self.clips = clips
        for r in ratings where r.deletedAt == nil { self.ratings[r.clip, default: [:]][r.dimension] = r }
    }

    public var clip: Clip { clips[current] }

    public func rating(_ clip: String, _ dimension: String) -> ClipRating? { ratings[clip]?[dimension] }

    public func flag(of clip: String) -> ClipRating? {
        ClipRating.Flag.allCases.lazy.compactMap { ratings[clip]?[$0.rawValue] }.first
    }

    /// Done: every dimension scored, or the clip marked broken or skipped.
    public func isDone(_ clip: String, scheme: Scheme) -> Bool {
        if flag(of: clip) != nil { return true }
        return scheme.dimensions.allSatisfy { ratings[clip]?[$0.id] != nil }
    }

    public func doneCount(scheme: Scheme) -> Int { clips.filter { isDone($0.name, scheme: scheme) }.count }

    /// The first clip after `index` (wrapping around) that is not done; nil when all are.
    public func nextUndone(after index: Int, scheme: Scheme) -> Int? {
        guard !clips.isEmpty else { return nil }
        for step in 1...clips.count {
            let i = (index + step) % clips.count
            if !isDone(clips[i].name, scheme: scheme) { return i }
        }
        return nil
    }

    /// Clips completed per hour of this run, as of the latest completion.
    public var clipsPerHour: Double?

    /// Whether the clip on screen has played through to its end at least once since it was shown.
    public var playedThrough = false

    /// Counts a clip completed at `now` (monotonic microseconds).
    public mutating func completed(at now: Int64) {
        completedThisRun += 1
        guard let start = startedAt, now > start else { return }
        clipsPerHour = Double(completedThisRun) / (Double(now - start) / 3_600_000_000)
    }
}
