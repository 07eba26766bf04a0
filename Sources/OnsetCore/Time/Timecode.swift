/// A point or length in media time, in whole microseconds.
///
/// Integer microseconds keep every computation exact and reproducible (agreement statistics,
/// frame lookups, bundles): `62.5` parses to exactly 62_500_000 µs, never to a nearby double.
public struct Timecode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }
    public init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

    public static let zero = Timecode(microseconds: 0)

    public static func < (a: Timecode, b: Timecode) -> Bool { a.microseconds < b.microseconds }
    public static func + (a: Timecode, b: Timecode) -> Timecode { Timecode(microseconds: a.microseconds + b.microseconds) }
    public static func - (a: Timecode, b: Timecode) -> Timecode { Timecode(microseconds: a.microseconds - b.microseconds) }

    public var seconds: Double { Double(microseconds) / 1_000_000 }

    public init(from decoder: Decoder) throws {
        microseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(microseconds)
    }

    /// `HH:MM:SS.mmm` when an hour or longer, else `MM:SS.mmm`; milliseconds rounded down, so a
    /// displayed time never lies ahead of the real one.
    public var description: String { formatted() }

    public func formatted(alwaysHours: Bool = false, fractionDigits: Int = 3) -> String {
        let negative = microseconds < 0
        let us = negative ? -microseconds : microseconds
        let totalSeconds = us / 1_000_000
        let h = totalSeconds / 3600, m = (totalSeconds / 60) % 60, s = totalSeconds % 60
        var text = negative ? "-" : ""
        if h > 0 || alwaysHours { text += pad(h, 2) + ":" }
        text += pad(m, 2) + ":" + pad(s, 2)
        if fractionDigits > 0 {
            let digits = min(fractionDigits, 6)
            var divisor: Int64 = 1
            for _ in 0..<(6 - digits) { divisor *= 10 }
            text += "." + pad((us % 1_000_000) / divisor, digits)
        }
        return text
    }

    private func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Timecode {
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case empty
        case malformed(String)
        case tooPrecise(String)
        case frameWithoutRate(String)
        case outOfRange(String)

        public var description: String {
            switch self {
            case .empty: "a time is empty"
            case .malformed(let t): "`\(t)` is not a time: use seconds (`62.5`), `MM:SS.mmm`, `HH:MM:SS.mmm` or a frame number (`459f`)"
            case .tooPrecise(let t): "`\(t)` is more precise than a microsecond"
            case .frameWithoutRate(let t): "`\(t)` is a frame number, but the media's frame rate is not known"
            case .outOfRange(let t): "`\(t)` is out of range"
            }
        }
    }

    /// Parses `62.5`, `62`, `01:02.5`, `01:02:03.450`, and frame numbers `459f` (with a rate).
    /// Times are never negative.
    public static func parse(_ raw: String, frameRate: FrameRate? = nil) throws(ParseError) -> Timecode {
        var text = Substring(raw)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        guard !text.isEmpty else { throw .empty }
        if let fast = clock(text.utf8) { return fast }
        if text.last == "f" {
            guard let n = Int64(text.dropLast()), n >= 0 else { throw .malformed(raw) }
            guard let frameRate else { throw .frameWithoutRate(raw) }
            return frameRate.time(ofFrame: n)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 3 else { throw .malformed(raw) }
        var total: Int64 = 0
        for (i, part) in parts.enumerated() {
            let isLast = i == parts.count - 1
            if isLast {
                total = total * 60_000_000 + (try secondsField(String(part), raw: raw, bounded: parts.count > 1))
            } else {
                guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit), let v = Int64(part), v < 1_000_000 else { throw .malformed(raw) }
                if i > 0 && v >= 60 { throw .malformed(raw) }
                total = total * 60 + v
            }
        }
        return Timecode(microseconds: total)
    }

    /// The common `HH:MM:SS.mmm` / `MM:SS.mmm` / `SS.mmm` forms read straight from the bytes
    /// (transcripts hold tens of thousands of them, so nothing is allocated); nil sends anything
    /// else to the full parser. SubRip writes a comma before the milliseconds: `comma` allows it.
    static func clock<Bytes: Sequence<UInt8>>(_ bytes: Bytes, comma: Bool = false) -> Timecode? {
        var fields = 0, first: Int64 = 0, second: Int64 = 0
        var value: Int64 = 0, digits = 0
        var fraction: Int64 = 0, fractionDigits = 0, inFraction = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inFraction {
                    guard fractionDigits < 6 else { return nil }
                    fraction = fraction * 10 + Int64(b - 48)
                    fractionDigits += 1
                } else {
                    guard digits < 12 else { return nil }
                    value = value * 10 + Int64(b - 48)
                    digits += 1
                }
            case UInt8(ascii: ":"):
                guard !inFraction, digits > 0, fields < 2 else { return nil }
                if fields == 0 { first = value } else { second = value }
                fields += 1
                value = 0
                digits = 0
            case UInt8(ascii: "."), UInt8(ascii: ",") where comma:
                guard !inFraction, digits > 0 else { return nil }
                inFraction = true
            default:
                return nil
            }
        }
        guard digits > 0, !inFraction || fractionDigits > 0 else { return nil }
        // Minutes and seconds after a colon must be below 60.
        if fields > 0 && value >= 60 { return nil }
        if fields == 2 && second >= 60 { return nil }
        let minutes: Int64 = fields == 2 ? first * 60 + second : fields == 1 ? first : 0
        let seconds = minutes * 60 + value
        for _ in fractionDigits..<6 { fraction *= 10 }
        return Timecode(microseconds: seconds * 1_000_000 + fraction)
    }

    private static func secondsField(_ part: String, raw: String, bounded: Bool) throws(ParseError) -> Int64 {
        let pieces = part.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let whole = pieces.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { throw .malformed(raw) }
        guard whole.count <= 12, let secs = Int64(whole) else { throw .outOfRange(raw) }
        if bounded && secs >= 60 { throw .malformed(raw) }
        var micro: Int64 = 0
        if pieces.count == 2 {
            let frac = pieces[1]
            guard !frac.isEmpty, frac.allSatisfy(\.isASCIIDigit) else { throw .malformed(raw) }
            guard frac.count <= 6 else {
                if frac.dropFirst(6).allSatisfy({ $0 == "0" }) { return secs * 1_000_000 + Int64(frac.prefix(6))! }
                throw .tooPrecise(raw)
            }
            micro = Int64(frac)! * Int64(pow10(6 - frac.count))
        }
        return secs * 1_000_000 + micro
    }

    private static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { acc, _ in acc * 10 } }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
