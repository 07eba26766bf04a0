import Foundation

extension Transcript {
    /// Reads the word-level JSON speech recognisers emit: `{"segments": [{"start": s, "end": s,
    /// "text": "...", "speaker": "...", "words": [{"word"|"text": "...", "start": s, "end": s}]}]}`
    /// (times in seconds), or a bare array of such segments.
    public static func parseJSON(_ data: Data, file: String) throws(FileError) -> Transcript {
        struct Word: Decodable {
            var word: String?
            var text: String?
            var start: Double?
            var end: Double?
        }
        struct Item: Decodable {
            var start: Double
            var end: Double
            var text: String?
            var speaker: String?
            var words: [Word]?
        }
        struct Document: Decodable { var segments: [Item] }
        let items: [Item]
        do {
            if let doc = try? JSONDecoder().decode(Document.self, from: data) {
                items = doc.segments
            } else {
                items = try JSONDecoder().decode([Item].self, from: data)
            }
        } catch let DecodingError.dataCorrupted(context) {
            throw FileError(file: file, line: nil, "not valid JSON: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw FileError(file: file, line: nil, "segment \(context.codingPath.map(\.stringValue).joined(separator: ".")) is missing `\(key.stringValue)`")
        } catch {
            throw FileError(file: file, line: nil, "expected {\"segments\": [{\"start\", \"end\", \"text\", \"words\"}]}: \(error)")
        }
        func time(_ seconds: Double) -> Timecode { Timecode(microseconds: Int64((seconds * 1_000_000).rounded())) }
        var segments: [Segment] = []
        for (n, item) in items.enumerated() {
            guard item.start.isFinite, item.end.isFinite, item.start >= 0, item.start <= item.end else {
                throw FileError(file: file, line: nil, "segment \(n + 1): start \(item.start) and end \(item.end) are not a valid time range")
            }
            let words = (item.words ?? []).compactMap { w -> Word? in (w.word ?? w.text) == nil ? nil : w }
            let text = item.text ?? words.map { ($0.word ?? $0.text ?? "").trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            var segment = Segment(start: time(item.start), end: time(item.end), speaker: item.speaker, text: text.trimmingCharacters(in: .whitespaces))
            segment.words = words.compactMap { w in
                guard let s = w.start, let e = w.end, s.isFinite, e.isFinite, s <= e else { return nil }
                return Transcript.Word(start: time(s), end: time(e), text: (w.word ?? w.text ?? "").trimmingCharacters(in: .whitespaces))
            }
            segments.append(segment)
        }
        return Transcript(segments: segments)
    }

    /// Reads a transcript by its extension: `.vtt`, `.srt` or `.json`.
    public static func read(_ data: Data, file: String) throws(FileError) -> Transcript {
        let lower = file.lowercased()
        if lower.hasSuffix(".json") { return try parseJSON(data, file: file) }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw FileError(file: file, line: nil, "is not UTF-8 text (convert it with iconv first)")
        }
        let lines = TextLines(bytes)
        if lower.hasSuffix(".srt") { return try parseSRT(lines, file: file) }
        if lower.hasSuffix(".vtt") || (lines.count > 0 && lines.hasPrefix(0, "WEBVTT")) { return try parseWebVTT(lines, file: file) }
        throw FileError(file: file, line: nil, "unknown transcript format: use .vtt, .srt or .json")
    }
}

