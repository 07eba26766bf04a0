import Foundation

extension Transcript {
    /// Reads SubRip (`.srt`): numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines, a blank
    /// line. A BOM and CRLF line ends are accepted; errors name the file and line.
    public static func parseSRT(_ text: String, file: String) throws(FileError) -> Transcript {
        try parseSRT(TextLines(Array(text.utf8)), file: file)
    }

    static func parseSRT(_ lines: TextLines, file: String) throws(FileError) -> Transcript {
        var segments: [Segment] = []
        var i = 0
        while i < lines.count {
            guard lines.arrow(i) != nil else {
                i += 1
                continue
            }
            let (start, end) = try lines.timing(i, file: file, comma: true)
            i += 1
            let first = i
            while i < lines.count, !lines.isBlank(i) { i += 1 }
            segments.append(Segment(start: start, end: end, text: lines.cueText(first..<i).text))
        }
        if segments.isEmpty && !(0..<lines.count).allSatisfy(lines.isBlank) {
            throw FileError(file: file, line: 1, "no SubRip cues found (expected `00:00:01,000 --> 00:00:02,000` lines)")
        }
        return Transcript(segments: segments)
    }
}
