import Foundation

extension Transcript {
    /// The beginning of a transcript, at least up to `limit` and at least `count` segments:
    /// enough for a first frame, read in a time proportional to what it shows rather than to the
    /// whole file. `complete` tells whether
    /// this is the whole transcript (it is for JSON, which cannot be read in part, and for a
    /// file shorter than what was needed).
    ///
    /// WebVTT and SubRip files list cues in time order, so a prefix cut at a blank line holds
    /// every cue up to its last one. The prefix doubles until it has enough.
    public static func readPrefix(_ data: Data, file: String, through limit: Timecode, atLeast count: Int = 0,
                                  initialBytes: Int = 64 * 1024) throws(FileError) -> (transcript: Transcript, complete: Bool) {
        guard !file.lowercased().hasSuffix(".json") else { return (try read(data, file: file), true) }
        var size = max(initialBytes, 1024)
        while size < data.count {
            if let cut = lastBlankLine(in: data, before: size) {
                let part = try read(data.prefix(cut), file: file)
                if let last = part.segments.last, last.start > limit, part.segments.count >= count { return (part, false) }
            }
            size *= 2
        }
        return (try read(data, file: file), true)
    }

    /// The end of the last blank line (cue separator) starting before byte `limit`.
    static func lastBlankLine(in data: Data, before limit: Int) -> Int? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            let b = raw.bindMemory(to: UInt8.self)
            var i = min(limit, b.count - 2)
            while i > 0 {
                if b[i] == 10 {
                    if b[i + 1] == 10 { return i + 2 }
                    if b[i + 1] == 13, i + 2 < b.count, b[i + 2] == 10 { return i + 3 }
                } else if b[i] == 13, b[i + 1] == 13 {
                    return i + 2
                }
                i -= 1
            }
            return nil
        }
    }
}
