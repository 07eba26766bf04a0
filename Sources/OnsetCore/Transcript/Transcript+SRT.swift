import Foundation

extension Transcript {
    /// Reads SubRip (`.srt`): numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines, a blank
    /// line. A BOM and CRLF line ends are accepted; errors name the file and line.
    public static func parseSRT(_ text: String, file: String) throws(FileError) -> Transcript {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = lines(of: body)
        var segments: [Segment] = []
        var i = 0
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            guard line.contains("-->") else {
                i += 1
                continue
            }
            let number = i + 1
            let parts = line.components(separatedBy: "-->").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".") }
            guard parts.count == 2 else { throw FileError(file: file, line: number, "a cue timing needs `start --> end`") }
            let start: Timecode, end: Timecode
            do {
                start = try Timecode.parse(parts[0])
                end = try Timecode.parse(parts[1].split(separator: " ").first.map(String.init) ?? "")
            } catch {
                throw FileError(file: file, line: number, "bad cue timing: \(error)")
            }
            guard start <= end else { throw FileError(file: file, line: number, "the cue ends (\(end)) before it starts (\(start))") }
            var textLines: [String] = []
            i += 1
            while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).isEmpty {
                textLines.append(lines[i])
                i += 1
            }
            segments.append(Segment(start: start, end: end, text: stripTags(textLines.joined(separator: " "))))
        }
        if segments.isEmpty && !lines.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw FileError(file: file, line: 1, "no SubRip cues found (expected `00:00:01,000 --> 00:00:02,000` lines)")
        }
        return Transcript(segments: segments)
    }
}
