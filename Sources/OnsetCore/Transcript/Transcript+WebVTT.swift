extension Transcript {
    /// Reads WebVTT (with or without a BOM, LF or CRLF). Cue settings, NOTE/STYLE/REGION blocks
    /// and inline tags are accepted; `<v Speaker>` becomes the segment's speaker. Errors name the
    /// file and line.
    public static func parseWebVTT(_ text: String, file: String) throws(FileError) -> Transcript {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.hasPrefix("WEBVTT") else {
            throw FileError(file: file, line: 1, "not a WebVTT file: the first line must start with WEBVTT")
        }
        var segments: [Segment] = []
        var i = 1
        while i < lines.count {
            let line = lines[i]
            if line.contains("-->") {
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
        let parts = line.components(separatedBy: "-->")
        guard parts.count == 2 else { throw FileError(file: file, line: number, "a cue timing needs `start --> end`") }
        let startText = parts[0].trimmingCharacters(in: .whitespaces)
        let endText = parts[1].trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
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

    static func stripTags(_ text: String) -> String {
        var out = ""
        var inTag = false
        for ch in text {
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        return out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&nbsp;", with: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}

import Foundation
