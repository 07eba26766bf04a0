/// JSON string literals written by hand: Foundation's coders cost tens of microseconds per call
/// on Linux, which dominated the store's hot paths and manifests of 100,000 lines.
public enum JSONText {
    /// `s` as a JSON string literal (also a valid TOML basic string but for U+007F).
    public static func quoted(_ s: String) -> String {
        var out = ""
        append(s, into: &out)
        return out
    }

    public static func append(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            default:
                if scalar.value < 0x20 {
                    out.append("\\u00")
                    out.append(String(scalar.value, radix: 16).leftPadded(2))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
