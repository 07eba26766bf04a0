import Foundation
import OnsetCore

/// Hand-written JSON for the store's hot paths. Foundation's coders cost tens of microseconds
/// per call on Linux, which dominated inserting and listing spans; these produce the same
/// sorted-key output as `RecordCoding.encoder` (so the op log is byte-identical either way).
public enum FastJSON {
    static func string(_ s: String, into out: inout String) { JSONText.append(s, into: &out) }

    static func stringArray(_ items: [String]) -> String {
        var out = "["
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(",") }
            string(item, into: &out)
        }
        out.append("]")
        return out
    }

    /// Reads a JSON array of strings; falls back to Foundation for anything unusual.
    static func parseStringArray(_ json: String) -> [String] {
        var result: [String] = []
        var chars = json.unicodeScalars.makeIterator()
        guard chars.next() == "[" else { return fallback(json) }
        var current = ""
        var inString = false
        while let c = chars.next() {
            if inString {
                if c == "\\" { return fallback(json) }
                if c == "\"" { inString = false; result.append(current); current = "" } else { current.unicodeScalars.append(c) }
            } else if c == "\"" {
                inString = true
            } else if c == "]" {
                return result
            } else if c != "," && c != " " {
                return fallback(json)
            }
        }
        return fallback(json)
    }

    private static func fallback(_ json: String) -> [String] {
        (try? RecordCoding.decoder.decode([String].self, from: Data(json.utf8))) ?? []
    }

    /// A span as the op log stores it: Codable's keys, sorted, nil fields omitted; dates in microseconds.
    static func span(_ s: Span) -> String {
        var out = "{\"annotator\":"
        string(s.annotator, into: &out)
        if let c = s.confidence { out += ",\"confidence\":\(c)" }
        out += ",\"createdAt\":\(s.createdAt.microsecondsSince1970)"
        out += ",\"cues\":" + stringArray(s.cues)
        if let d = s.deletedAt { out += ",\"deletedAt\":\(d.microsecondsSince1970)" }
        out += ",\"id\":\"\(s.id.uuidString)\""
        if let i = s.intensity { out += ",\"intensity\":\(i)" }
        out += ",\"offset\":\(s.offset.microseconds),\"onset\":\(s.onset.microseconds)"
        out += ",\"rationale\":"
        string(s.rationale, into: &out)
        out += ",\"revision\":\(s.revision),\"schemeID\":"
        string(s.schemeID, into: &out)
        out += ",\"schemeVersion\":\(s.schemeVersion),\"sessionID\":"
        string(s.sessionID, into: &out)
        out += ",\"signal\":"
        string(s.signal, into: &out)
        out += ",\"updatedAt\":\(s.updatedAt.microsecondsSince1970)}"
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
