extension Transcript {
    /// Reads WebVTT (with or without a BOM, LF or CRLF). Cue settings, NOTE/STYLE/REGION blocks
    /// and inline tags are accepted; `<v Speaker>` becomes the segment's speaker. Errors name the
    /// file and line.
    public static func parseWebVTT(_ text: String, file: String) throws(FileError) -> Transcript {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = lines(of: body)
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
        // Hot for long transcripts: the arrow and the two fields are found on bytes.
        let u = line.utf8
        var i = u.startIndex
        var arrow: String.Index?
        var dashes = 0
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "-") { dashes += 1 } else if b == UInt8(ascii: ">") && dashes >= 2 { arrow = i; break } else { dashes = 0 }
            i = u.index(after: i)
        }
        guard let arrow else { throw FileError(file: file, line: number, "a cue timing needs `start --> end`") }
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let arrowStart = u.index(arrow, offsetBy: -2)
        var startEnd = arrowStart
        while startEnd > u.startIndex, isSpace(u[u.index(before: startEnd)]) { startEnd = u.index(before: startEnd) }
        var startBegin = startEnd
        while startBegin > u.startIndex, !isSpace(u[u.index(before: startBegin)]) { startBegin = u.index(before: startBegin) }
        var endBegin = u.index(after: arrow)
        while endBegin < u.endIndex, isSpace(u[endBegin]) { endBegin = u.index(after: endBegin) }
        var endEnd = endBegin
        while endEnd < u.endIndex, !isSpace(u[endEnd]) { endEnd = u.index(after: endEnd) }
        guard startBegin < startEnd, endBegin < endEnd else { throw FileError(file: file, line: number, "a cue timing needs `start --> end`") }
        let startText = String(line[startBegin..<startEnd])
        let endText = String(line[endBegin..<endEnd])
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
