/// What an annotator did in a session, for quality control: time on task, how much of the
/// media was actually seen, and how they worked the timeline.
///
/// Two classic red flags read straight off it: time on task shorter than the media, and no
/// interaction with the timeline at all. Times are microseconds; `now` values come from the
/// caller's monotonic clock.
public struct SessionTelemetry: Sendable, Equatable, Codable {
    /// Gaps between actions longer than this are idle time, not work (unless playing).
    public static let idleThreshold: Int64 = 60_000_000

    public var activeMicroseconds: Int64 = 0
    /// Media time played or shown while scrubbing and stepping.
    public var coverage = IntervalSet()
    public var seeks = 0
    public var scrubs = 0
    public var plays = 0
    public var pauses = 0
    public var speedChanges = 0
    /// Zooms, selections and edits made on the timeline.
    public var timelineInteractions = 0
    public var keys = 0
    /// Rating queues: clips put on screen, clips finished (every dimension scored, or marked
    /// broken or skipped), and of those the ones finished before they had played through once.
    public var clipsShown = 0
    public var clipsFinished = 0
    public var clipsRushed = 0

    private var lastActivity: Int64?
    private struct Playing: Sendable, Equatable {
        var media: Int64, wall: Int64, speed: Double
    }

    private var playingFrom: Playing?

    enum CodingKeys: String, CodingKey {
        case activeMicroseconds = "active_us", coverage, seeks, scrubs, plays, pauses
        case speedChanges = "speed_changes", timelineInteractions = "timeline_interactions", keys
        case clipsShown = "clips_shown", clipsFinished = "clips_finished", clipsRushed = "clips_rushed"
    }

    public init() {}

    /// Telemetry saved before the clip counts existed reads with them at 0.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activeMicroseconds = try c.decode(Int64.self, forKey: .activeMicroseconds)
        coverage = try c.decode(IntervalSet.self, forKey: .coverage)
        seeks = try c.decode(Int.self, forKey: .seeks)
        scrubs = try c.decode(Int.self, forKey: .scrubs)
        plays = try c.decode(Int.self, forKey: .plays)
        pauses = try c.decode(Int.self, forKey: .pauses)
        speedChanges = try c.decode(Int.self, forKey: .speedChanges)
        timelineInteractions = try c.decode(Int.self, forKey: .timelineInteractions)
        keys = try c.decode(Int.self, forKey: .keys)
        clipsShown = try c.decodeIfPresent(Int.self, forKey: .clipsShown) ?? 0
        clipsFinished = try c.decodeIfPresent(Int.self, forKey: .clipsFinished) ?? 0
        clipsRushed = try c.decodeIfPresent(Int.self, forKey: .clipsRushed) ?? 0
    }

    public enum Event: Sendable, Equatable {
        /// A jump to a time (go to start/end, next span, segment, pause, `goto`).
        case seek(to: Timecode, frame: Timecode)
        /// A small move shown on screen (step, frame step).
        case scrub(to: Timecode, frame: Timecode)
        case play(from: Timecode, speed: Double)
        case pause(at: Timecode)
        case speed(Double, at: Timecode)
        case timeline
    }

    /// Counts a key press as activity: the time since the previous one is work, unless it is
    /// longer than the idle threshold and nothing was playing.
    public mutating func activity(at now: Int64) {
        keys += 1
        if let last = lastActivity {
            let gap = now - last
            if gap <= Self.idleThreshold || playingFrom != nil { activeMicroseconds += max(0, gap) }
        }
        lastActivity = now
    }

    public mutating func record(_ event: Event, at now: Int64) {
        switch event {
        case .seek(let t, let frame):
            seeks += 1
            closePlayback(at: now)
            coverage.insert(t.microseconds..<(t + frame).microseconds)
        case .scrub(let t, let frame):
            scrubs += 1
            coverage.insert(t.microseconds..<(t + frame).microseconds)
        case .play(let t, let speed):
            plays += 1
            playingFrom = Playing(media: t.microseconds, wall: now, speed: speed)
        case .pause:
            pauses += 1
            closePlayback(at: now)
        case .speed(let s, let t):
            speedChanges += 1
            if playingFrom != nil {
                closePlayback(at: now)
                playingFrom = Playing(media: t.microseconds, wall: now, speed: s)
            }
        case .timeline:
            timelineInteractions += 1
        }
    }

    /// A rating queue's clip finished; `rushed`: before it had played through once.
    public mutating func clipFinished(rushed: Bool) {
        clipsFinished += 1
        if rushed { clipsRushed += 1 }
    }

    /// Adds what was played since `play` to the coverage (call on pause, seek, and quit).
    public mutating func closePlayback(at now: Int64) {
        guard let p = playingFrom else { return }
        let played = Int64(Double(now - p.wall) * p.speed)
        coverage.insert(p.media..<(p.media + max(0, played)))
        playingFrom = nil
    }

    /// Share of the media seen, 0…1.
    public func coverageFraction(of duration: Timecode) -> Double {
        duration.microseconds > 0 ? min(1, Double(coverage.total) / Double(duration.microseconds)) : 0
    }

    /// Adds another run's figures (a session reopened later).
    public mutating func merge(_ other: SessionTelemetry) {
        activeMicroseconds += other.activeMicroseconds
        for r in other.coverage.ranges { coverage.insert(r) }
        seeks += other.seeks
        scrubs += other.scrubs
        plays += other.plays
        pauses += other.pauses
        speedChanges += other.speedChanges
        timelineInteractions += other.timelineInteractions
        keys += other.keys
        clipsShown += other.clipsShown
        clipsFinished += other.clipsFinished
        clipsRushed += other.clipsRushed
    }
}
