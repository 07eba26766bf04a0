import Foundation
import OnsetCore
import Testing

@Suite struct TranscriptPrefixTests {
    /// A WebVTT file of `count` one-second cues, with the given line end.
    static func vtt(_ count: Int, newline: String = "\n") -> Data {
        var body = "WEBVTT" + newline + newline
        for i in 0..<count {
            let start = Timecode(microseconds: Int64(i) * 1_000_000), end = Timecode(microseconds: Int64(i) * 1_000_000 + 900_000)
            body += "\(start.formatted(alwaysHours: true)) --> \(end.formatted(alwaysHours: true))\(newline)cue number \(i)\(newline)\(newline)"
        }
        return Data(body.utf8)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func aPrefixHoldsEveryCueUpToTheLimitAndMatchesTheWholeParse(newline: String) throws {
        let data = Self.vtt(5_000, newline: newline)
        let whole = try Transcript.read(data, file: "long.vtt")
        let prefix = try Transcript.readPrefix(data, file: "long.vtt", through: Timecode(seconds: 100), initialBytes: 1024)
        #expect(!prefix.complete)
        let part = prefix.transcript.segments
        #expect(part.last!.start > Timecode(seconds: 100))
        #expect(part.count < whole.segments.count / 2, "read in proportion to the limit, not the file")
        #expect(Array(whole.segments.prefix(part.count)) == part)
    }

    @Test func aShortFileOrJSONIsReadWhole() throws {
        let data = Self.vtt(20)
        let short = try Transcript.readPrefix(data, file: "short.vtt", through: Timecode(seconds: 5), initialBytes: 1024)
        #expect(short.complete && short.transcript.segments.count == 20)
        let json = Data(#"{"segments":[{"start":0,"end":1,"text":"hi"}]}"#.utf8)
        let whole = try Transcript.readPrefix(json, file: "words.json", through: .zero)
        #expect(whole.complete && whole.transcript.segments.count == 1)
    }

    @Test func anErrorInsideThePrefixIsReportedWithItsLine() throws {
        var text = String(decoding: Self.vtt(10), as: UTF8.self)
        text = text.replacingOccurrences(of: "00:00:03.000 --> 00:00:03.900", with: "00:00:03.000 --> soon")
        #expect(throws: FileError.self) { try Transcript.readPrefix(Data(text.utf8), file: "bad.vtt", through: Timecode(seconds: 5)) }
    }
}
