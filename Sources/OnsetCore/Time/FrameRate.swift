/// A constant frame rate as an exact rational (30000/1001 for NTSC's 29.97).
///
/// Frame `n` starts at `n × den / num` seconds. Variable-frame-rate media does not follow this;
/// the media engine's frame index is the authority there, this is the nominal rate.
public struct FrameRate: Hashable, Sendable, Codable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    public init?(numerator: Int64, denominator: Int64) {
        guard numerator > 0, denominator > 0 else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    /// Duration of one frame, rounded down to whole microseconds (at least 1).
    public var frameDuration: Timecode { Timecode(microseconds: max(1, 1_000_000 * denominator / numerator)) }

    /// Start time of frame `n` (exact, rounded down to the microsecond).
    public func time(ofFrame n: Int64) -> Timecode {
        Timecode(microseconds: mulDiv(n, 1_000_000 * denominator, numerator))
    }

    /// The frame that is showing at time `t`: the last one starting at or before it.
    public func frame(at t: Timecode) -> Int64 {
        guard t.microseconds > 0 else { return 0 }
        // ceil-safe: the frame whose start ≤ t; time(ofFrame:) rounds down, so check the neighbour.
        var n = mulDiv(t.microseconds, numerator, 1_000_000 * denominator)
        if time(ofFrame: n + 1) <= t { n += 1 }
        return n
    }

    public var description: String {
        denominator == 1 ? "\(numerator) fps" : String(format2(framesPerSecond)) + " fps"
    }

    private func format2(_ v: Double) -> String {
        let scaled = (v * 100).rounded() / 100
        return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
    }
}

/// `a × b / c` rounded toward zero without overflow in the product (hours of media at 1 µs).
func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
    let product = a.multipliedFullWidth(by: b)
    return c.dividingFullWidth(product).quotient
}
