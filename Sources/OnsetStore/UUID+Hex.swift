import Foundation

extension UUID {
    /// Parses the canonical 36-character form the store writes, from its bytes. Foundation's
    /// `UUID(uuidString:)` costs over a microsecond on Linux — a sixth of reading a span row.
    /// Anything unusual goes to Foundation.
    static func fromStore(_ text: String) -> UUID? {
        var bytes = [UInt8](repeating: 0, count: 16)
        var i = 0
        var high: UInt8?
        for c in text.utf8 {
            if c == UInt8(ascii: "-") { continue }
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - 48
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - 55
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - 87
            default: return UUID(uuidString: text)
            }
            if let h = high {
                guard i < 16 else { return UUID(uuidString: text) }
                bytes[i] = h << 4 | v
                i += 1
                high = nil
            } else {
                high = v
            }
        }
        guard i == 16, high == nil, text.utf8.count == 36 else { return UUID(uuidString: text) }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
