import Foundation

/// Loudness of the audio over time: one RMS value per 10 ms window of the mono mix.
///
/// Feeds the timeline's audio lane and pause navigation: paraverbal cues (pauses, emphasis)
/// matter even where sound cannot reach a remote terminal.
public struct AudioEnvelope: Sendable, Equatable {
    /// Window length in microseconds (10 ms).
    public static let window: Int64 = 10_000
    /// RMS of each window, 0…1 of full scale.
    public var rms: [Float]

    public init(rms: [Float]) { self.rms = rms }

    public var duration: Timecode { Timecode(microseconds: Int64(rms.count) * Self.window) }

    /// Loudest window between `start` and `end` (what a timeline column shows); 0 outside.
    public func peak(from start: Timecode, to end: Timecode) -> Float {
        let a = max(0, Int(start.microseconds / Self.window)), b = min(rms.count, Int((end.microseconds + Self.window - 1) / Self.window))
        guard a < b else { return a < rms.count && a >= 0 ? rms[a] : 0 }
        var m: Float = 0
        for i in a..<b where rms[i] > m { m = rms[i] }
        return m
    }

    /// Root-mean-square level between `start` and `end`: where a timeline column covers many
    /// windows, pauses pull it down, where the loudest window alone would hide them.
    public func level(from start: Timecode, to end: Timecode) -> Float {
        let a = max(0, Int(start.microseconds / Self.window)), b = min(rms.count, Int((end.microseconds + Self.window - 1) / Self.window))
        guard a < b else { return a < rms.count && a >= 0 ? rms[a] : 0 }
        var sum: Float = 0
        for i in a..<b { sum += rms[i] * rms[i] }
        return (sum / Float(b - a)).squareRoot()
    }

    /// Level in dBFS, floored at -90.
    public static func decibels(_ rms: Float) -> Float { rms > 0 ? max(-90, 20 * log10f(rms)) : -90 }

    /// The first pause starting after `t`, or the last one starting before it.
    public func pause(after t: Timecode, pauses: [ClosedRange<Timecode>]) -> ClosedRange<Timecode>? {
        pauses.first { $0.lowerBound > t }
    }

    public func pause(before t: Timecode, pauses: [ClosedRange<Timecode>]) -> ClosedRange<Timecode>? {
        pauses.last { $0.lowerBound < t }
    }

    /// Stretches of silence at least `minimum` long. Silence is quieter than `threshold` dBFS, or
    /// by default than the recording's own floor: 12 dB above its 10th-percentile level and never
    /// above -35 dBFS, so quiet recordings and noisy rooms both work.
    public func pauses(minimum: Timecode = Timecode(microseconds: 300_000), threshold: Float? = nil) -> [ClosedRange<Timecode>] {
        guard !rms.isEmpty else { return [] }
        let limit = threshold ?? automaticThreshold()
        let minWindows = max(1, Int(minimum.microseconds / Self.window))
        var out: [ClosedRange<Timecode>] = []
        var start: Int?
        for i in 0...rms.count {
            let quiet = i < rms.count && Self.decibels(rms[i]) < limit
            if quiet, start == nil { start = i }
            if !quiet, let s = start {
                if i - s >= minWindows {
                    out.append(Timecode(microseconds: Int64(s) * Self.window)...Timecode(microseconds: Int64(i) * Self.window))
                }
                start = nil
            }
        }
        return out
    }

    func automaticThreshold() -> Float {
        let levels = rms.map(Self.decibels).sorted()
        let floor = levels[levels.count / 10]
        return min(-35, floor + 12)
    }
}

private func log10f(_ x: Float) -> Float { Float(log10(Double(x))) }
