import Foundation

/// A text file's lines as byte ranges of one buffer (LF, CRLF or CR line ends, a UTF-8 BOM
/// skipped). Transcripts of tens of thousands of cues are scanned without a String per line:
/// only what a segment keeps is copied out, so the kept text is not scattered among freed
/// temporaries (which would keep tens of megabytes resident after parsing).
struct TextLines {
    let bytes: [UInt8]
    private(set) var ranges: [Range<Int>] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let separator: UInt8 = bytes.contains(10) ? 10 : 13
        var i = start
        while i < bytes.count {
            if bytes[i] == separator {
                var end = i
                if separator == 10, end > start, bytes[end - 1] == 13 { end -= 1 }
                ranges.append(start..<end)
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
    }

    var count: Int { ranges.count }

    func string(_ i: Int) -> String { String(decoding: bytes[ranges[i]], as: UTF8.self) }

    /// Whether the line is empty or only spaces and tabs.
    func isBlank(_ i: Int) -> Bool {
        bytes[ranges[i]].allSatisfy { $0 == 32 || $0 == 9 }
    }

    func hasPrefix(_ i: Int, _ prefix: StaticString) -> Bool {
        let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return bytes[ranges[i]].starts(with: p)
    }

    /// Where `-->` ends in the line (the index of its `>`), if the line is a cue timing.
    func arrow(_ i: Int) -> Int? {
        var dashes = 0
        for j in ranges[i] {
            let b = bytes[j]
            if b == UInt8(ascii: "-") { dashes += 1 } else if b == UInt8(ascii: ">") && dashes >= 2 { return j } else { dashes = 0 }
        }
        return nil
    }

    /// The cue timing `start --> end [settings]` on line `i`; errors name the file and line.
    func timing(_ i: Int, file: String, comma: Bool = false) throws(FileError) -> (Timecode, Timecode) {
        let number = i + 1
        guard let arrow = arrow(i) else { throw FileError(file: file, line: number, "a cue timing needs `start --> end`") }
        let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 }
        let line = ranges[i]
        var startEnd = arrow - 2
        while startEnd > line.lowerBound, isSpace(bytes[startEnd - 1]) { startEnd -= 1 }
        var startBegin = startEnd
        while startBegin > line.lowerBound, !isSpace(bytes[startBegin - 1]) { startBegin -= 1 }
        var endBegin = arrow + 1
        while endBegin < line.upperBound, isSpace(bytes[endBegin]) { endBegin += 1 }
        var endEnd = endBegin
        while endEnd < line.upperBound, !isSpace(bytes[endEnd]) { endEnd += 1 }
        guard startBegin < startEnd, endBegin < endEnd else { throw FileError(file: file, line: number, "a cue timing needs `start --> end`") }
        func time(_ range: Range<Int>) throws(FileError) -> Timecode {
            if let t = Timecode.clock(bytes[range], comma: comma) { return t }
            let text = String(decoding: bytes[range], as: UTF8.self)
            do {
                return try Timecode.parse(comma ? text.replacingOccurrences(of: ",", with: ".") : text)
            } catch {
                throw FileError(file: file, line: number, "bad cue timing: \(error)")
            }
        }
        let start = try time(startBegin..<startEnd), end = try time(endBegin..<endEnd)
        guard start <= end else { throw FileError(file: file, line: number, "the cue ends (\(end)) before it starts (\(start))") }
        return (start, end)
    }

    /// A cue's text lines `lines` as one segment text, with a leading `<v Speaker>` taken out as
    /// the speaker, tags stripped and common entities decoded. Plain text is copied once.
    func cueText(_ lines: Range<Int>) -> (speaker: String?, text: String) {
        guard !lines.isEmpty else { return (nil, "") }
        var body: ArraySlice<UInt8>
        if lines.count == 1 {
            body = bytes[ranges[lines.lowerBound]]
        } else {
            var joined: [UInt8] = []
            for i in lines {
                if !joined.isEmpty { joined.append(32) }
                joined.append(contentsOf: bytes[ranges[i]])
            }
            body = joined[...]
        }
        var speaker: String?
        // `<v Name>` or `<v.class Name>`: the name is what follows the first space.
        if body.starts(with: [UInt8(ascii: "<"), UInt8(ascii: "v")]), let close = body.firstIndex(of: UInt8(ascii: ">")) {
            let tag = body[(body.startIndex + 2)..<close]
            if let space = tag.firstIndex(of: 32) {
                let name = tag[space...].drop { $0 == 32 || $0 == 9 }
                let trimmed = name.reversed().drop { $0 == 32 || $0 == 9 }.count
                if trimmed > 0 { speaker = String(decoding: name.prefix(trimmed), as: UTF8.self) }
            }
            body = body[(close + 1)...]
        }
        if !body.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            let trimmed = body.drop { $0 == 32 }
            let keep = trimmed.reversed().drop { $0 == 32 }.count
            return (speaker, String(decoding: trimmed.prefix(keep), as: UTF8.self))
        }
        return (speaker, Transcript.stripTags(String(decoding: body, as: UTF8.self)))
    }
}
