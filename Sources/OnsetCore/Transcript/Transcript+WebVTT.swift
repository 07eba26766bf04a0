extension Transcript {
    /// Reads WebVTT (with or without a BOM, LF or CRLF). Cue settings, NOTE/STYLE/REGION blocks
    /// and inline tags are accepted; `<v Speaker>` becomes the segment's speaker. Errors name the
    /// file and line.
    public static func parseWebVTT(_ text: String, file: String) throws(FileError) -> Transcript {
        try parseWebVTT(TextLines(Array(text.utf8)), file: file)
    }

    static func parseWebVTT(_ lines: TextLines, file: String) throws(FileError) -> Transcript {
        guard lines.count > 0, lines.hasPrefix(0, "WEBVTT") else {
            throw FileError(file: file, line: 1, "not a WebVTT file: the first line must start with WEBVTT")
        }
        var segments: [Segment] = []
        var i = 1
        while i < lines.count {
            if lines.arrow(i) != nil {
                let (start, end) = try lines.timing(i, file: file)
                i += 1
                let first = i
                while i < lines.count, !lines.isBlank(i) { i += 1 }
                let (speaker, text) = lines.cueText(first..<i)
                segments.append(Segment(start: start, end: end, speaker: speaker, text: text))
            } else if lines.hasPrefix(i, "NOTE") || lines.hasPrefix(i, "STYLE") || lines.hasPrefix(i, "REGION") {
                while i < lines.count, !lines.isBlank(i) { i += 1 }
            }
            i += 1
        }
        return Transcript(segments: segments)
    }

    /// Text without tags, with the common entities decoded and outer spaces trimmed.
    static func stripTags(_ text: String) -> String {
        // Most cue text has no markup: trimming its bytes is all it needs.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            let bytes = text.utf8
            guard let first = bytes.firstIndex(where: { $0 != UInt8(ascii: " ") }),
                  let last = bytes.lastIndex(where: { $0 != UInt8(ascii: " ") }) else { return "" }
            return String(text[first...last])
        }
        var out = ""
        var inTag = false
        for ch in text {
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        if out.contains("&") {
            out = out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
        }
        while out.first == " " { out.removeFirst() }
        while out.last == " " { out.removeLast() }
        return out
    }
}

import Foundation
