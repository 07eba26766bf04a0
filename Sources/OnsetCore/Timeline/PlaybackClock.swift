/// Media time as a function of wall-clock time: play, pause, speed, seek.
///
/// Time is injected (`now` in microseconds of any monotonic clock), so playback logic is tested
/// by advancing a number, never by sleeping. Speed is limited to 0.1×–4×.
public struct PlaybackClock: Sendable, Equatable {
    public static let speeds: ClosedRange<Double> = 0.1...4

    public private(set) var isPlaying = false
    public private(set) var speed: Double = 1
    /// Media position at `anchorWall`.
    private var anchorMedia: Int64 = 0
    private var anchorWall: Int64 = 0
    public let duration: Timecode

    public init(duration: Timecode) { self.duration = duration }

    /// The same clock over media of another length (a clip's, once its file is open).
    public func withDuration(_ length: Timecode) -> PlaybackClock {
        var c = PlaybackClock(duration: length)
        c.isPlaying = isPlaying
        c.speed = speed
        c.anchorMedia = min(anchorMedia, length.microseconds)
        c.anchorWall = anchorWall
        return c
    }

    /// The media time at wall time `now`, held at the end of the media.
    public func position(at now: Int64) -> Timecode {
        guard isPlaying else { return Timecode(microseconds: anchorMedia) }
        let advanced = anchorMedia + Int64((Double(now - anchorWall) * speed).rounded(.down))
        return Timecode(microseconds: min(max(0, advanced), duration.microseconds))
    }

    public func reachedEnd(at now: Int64) -> Bool { position(at: now) >= duration }

    public mutating func play(at now: Int64) {
        guard !isPlaying else { return }
        if reachedEnd(at: now) { anchorMedia = 0 }
        anchorWall = now
        isPlaying = true
    }

    public mutating func pause(at now: Int64) {
        anchorMedia = position(at: now).microseconds
        anchorWall = now
        isPlaying = false
    }

    public mutating func toggle(at now: Int64) {
        if isPlaying { pause(at: now) } else { play(at: now) }
    }

    public mutating func seek(to t: Timecode, at now: Int64) {
        anchorMedia = min(max(0, t.microseconds), duration.microseconds)
        anchorWall = now
    }

    /// Changes speed without a jump in position; clamped to 0.1×–4×.
    public mutating func setSpeed(_ s: Double, at now: Int64) {
        anchorMedia = position(at: now).microseconds
        anchorWall = now
        speed = min(max(s, Self.speeds.lowerBound), Self.speeds.upperBound)
    }
}
