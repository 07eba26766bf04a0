extension Transcript {
    /// Reads WebVTT (with or without a BOM, LF or CRLF). Cue settings, NOTE/STYLE/REGION blocks
    /// and inline tags are accepted; `<v Speaker>` becomes the segment's speaker. Errors name the
    /// file and line.
    public static func parseWebVTT(_ text: String, file: String) throws(FileError) -> Transcript {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        guard let first = lines.first, first.hasPrefix("WEBVTT") else {
            throw FileError(file: file, line: 1, "not a WebVTT file: the first line must start with WEBVTT")
        }
        var segments: [Segment] = []
        var i = 1
        while i < lines.count {
            let line = lines[i]
            if hasArrow(line) {
                let lineNumber = i + 1
                let (start, end) = try timing(line, file: file, line: lineNumber)
                var textLines: [String] = []
                i += 1
                while i < lines.count, !lines[i].isEmpty {
                    textLines.append(lines[i])
                    i += 1
                }
                var speaker: String?
                var content = textLines.joined(separator: " ")
                // `<v Name>` or `<v.class Name>`: the name is what follows the first space.
                if content.hasPrefix("<v"), let close = content.firstIndex(of: ">") {
                    let tag = content[content.index(content.startIndex, offsetBy: 2)..<close]
                    if let space = tag.firstIndex(of: " ") {
                        let name = tag[space...].trimmingCharacters(in: .whitespaces)
                        speaker = name.isEmpty ? nil : name
                    }
                    content = String(content[content.index(after: close)...])
                }
                segments.append(Segment(start: start, end: end, speaker: speaker, text: stripTags(content)))
            } else if line.hasPrefix("NOTE") || line.hasPrefix("STYLE") || line.hasPrefix("REGION") {
                while i < lines.count, !lines[i].isEmpty { i += 1 }
            }
            i += 1
        }
        return Transcript(segments: segments)
    }

    private static func timing(_ line: String, file: String, line number: Int) throws(FileError) -> (Timecode, Timecode) {
        // Hot for long transcripts: plain splitting, no Foundation string calls.
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let arrow = fields.firstIndex(of: "-->"), arrow > 0, arrow + 1 < fields.count else {
            throw FileError(file: file, line: number, "a cue timing needs `start --> end`")
        }
        let startText = String(fields[arrow - 1])
        let endText = String(fields[arrow + 1])
        do {
            let start = try Timecode.parse(startText), end = try Timecode.parse(endText)
            guard start <= end else { throw FileError(file: file, line: number, "the cue ends (\(end)) before it starts (\(start))") }
            return (start, end)
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(file: file, line: number, "bad cue timing: \(error)")
        }
    }

    /// Whether a line contains `-->` (a cue timing), looked for in the bytes.
    static func hasArrow(_ line: String) -> Bool {
        var dashes = 0
        for b in line.utf8 {
            if b == UInt8(ascii: "-") { dashes += 1 } else if b == UInt8(ascii: ">") && dashes >= 2 { return true } else { dashes = 0 }
        }
        return false
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
