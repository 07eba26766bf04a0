import Foundation

extension Date {
    /// Microseconds since 1970: the store's time unit. Rounded to nearest, because a Double near
    /// 1.7e9 s holds microseconds only to within a fraction: rounding down would drift by one
    /// on a round trip.
    public var microsecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }

    public init(microsecondsSince1970 us: Int64) {
        self.init(timeIntervalSince1970: Double(us) / 1_000_000)
    }

    /// This date cut to whole microseconds, so what is written equals what is read back.
    var truncatedToMicroseconds: Date { Date(microsecondsSince1970: microsecondsSince1970) }
}
