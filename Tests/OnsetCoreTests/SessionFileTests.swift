import Foundation
import Testing
@testable import OnsetCore

@Suite struct SessionFileTests {
    @Test func readsTheShippedSessions() throws {
        for name in ["demo", "conversation"] {
            let path = TestPaths.root + "/Sessions/\(name).toml"
            let s = try SessionFile.parse(toml: try TestPaths.read(path), path: path)
            #expect(s.id == name)
            #expect(s.scheme == "social-signals")
            #expect(s.mediaPath?.hasPrefix(TestPaths.root + "/Sessions/media/") == true)
        }
    }

    @Test func errorsNameTheLine() {
        #expect(throws: FileError(file: "/x/s.toml", line: 2, "`mode` is `clips`; expected one of: spans, rating, review")) {
            try SessionFile.parse(toml: "scheme = \"a\"\nmode = \"clips\"\nmedia = \"m.mp4\"\n", path: "/x/s.toml")
        }
        #expect(throws: FileError.self) { try SessionFile.parse(toml: "scheme = \"a\"\n", path: "/x/s.toml") }
        #expect(throws: FileError.self) { try SessionFile.parse(toml: "scheme = \"a\"\nmode = \"rating\"\n", path: "/x/s.toml") }
        #expect(throws: FileError.self) { try SessionFile.parse(toml: "id = \"../evil\"\nscheme = \"a\"\nmedia = \"m\"\n", path: "/x/s.toml") }
    }

    @Test func resolvesPathsAgainstItsFolder() throws {
        let s = try SessionFile.parse(toml: "scheme = \"a\"\nmedia = \"v/a b.mp4\"\ntranscript = \"/abs/t.vtt\"\n", path: "/data/sessions/x.toml")
        #expect(s.id == "x")
        #expect(s.mediaPath == "/data/sessions/v/a b.mp4")
        #expect(s.transcriptPath == "/abs/t.vtt")
    }
}

@Suite struct TranscriptTests {
    @Test func webVTTWithSpeakersSettingsAndNotes() throws {
        let t = try Transcript.parseWebVTT("""
            \u{FEFF}WEBVTT

            NOTE a comment
            spanning lines

            1
            00:00:00.800 --> 00:00:06.468 align:start
            <v Rep>Hi, <i>thanks</i> for the time &amp; all.

            00:07.068 --> 00:12.771
            <v.loud Client>Yes, yes.
            """, file: "t.vtt")
        #expect(t.segments.count == 2)
        #expect(t.segments[0].speaker == "Rep" && t.segments[0].text == "Hi, thanks for the time & all.")
        #expect(t.segments[1].speaker == "Client" && t.segments[1].start.microseconds == 7_068_000)
        #expect(t.segment(at: Timecode(microseconds: 6_500_000)) == nil)
        #expect(t.next(after: Timecode(microseconds: 1_000_000)) == 1)
        #expect(throws: FileError(file: "x.vtt", line: 1, "not a WebVTT file: the first line must start with WEBVTT")) {
            try Transcript.parseWebVTT("1\n00:01.000 --> 00:02.000\nhi\n", file: "x.vtt")
        }
        #expect(throws: FileError.self) { try Transcript.parseWebVTT("WEBVTT\n\n00:05.000 --> 00:02.000\nbackwards\n", file: "x.vtt") }
        let tight = try Transcript.parseWebVTT("WEBVTT\r\n\r\n00:01.000-->00:02.500\r\ntight\r\n", file: "t.vtt")
        #expect(tight.segments.first?.end.microseconds == 2_500_000 && tight.segments.first?.text == "tight")
        do {
            _ = try Transcript.parseWebVTT("WEBVTT\n\n\n00:01.000 --> soon\nx\n", file: "bad.vtt")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 4 && error.message.contains("bad cue timing"))
        }
    }

    @Test func srtWithBOMAndCRLF() throws {
        let t = try Transcript.parseSRT("\u{FEFF}1\r\n00:00:01,500 --> 00:00:03,250\r\nfirst line\r\nsecond\r\n\r\n2\r\n00:00:04,000 --> 00:00:05,000\r\n<b>bold</b>\r\n", file: "t.srt")
        #expect(t.segments.map(\.text) == ["first line second", "bold"])
        #expect(t.segments[0].start.microseconds == 1_500_000 && t.segments[0].end.microseconds == 3_250_000)
        do {
            _ = try Transcript.parseSRT("1\n00:00:01,5x0 --> 00:00:03,250\nx\n", file: "bad.srt")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test func wordLevelJSONInBothShapes() throws {
        let json = Data("""
            {"segments": [{"start": 0.5, "end": 2.0, "speaker": "A",
              "words": [{"word": " so", "start": 0.5, "end": 0.8}, {"word": " um", "start": 0.9, "end": 1.4}]},
              {"start": 2.5, "end": 3.0, "text": "yes"}]}
            """.utf8)
        let t = try Transcript.read(json, file: "asr.json")
        #expect(t.segments[0].text == "so um" && t.segments[0].speaker == "A")
        #expect(t.segments[0].words.count == 2 && t.segments[0].word(at: Timecode(microseconds: 1_000_000)) == 1)
        let bare = try Transcript.parseJSON(Data(#"[{"start": 1, "end": 2, "text": "hi"}]"#.utf8), file: "b.json")
        #expect(bare.segments.first?.text == "hi")
        #expect(throws: FileError.self) { try Transcript.parseJSON(Data("{not json".utf8), file: "c.json") }
        #expect(throws: FileError.self) { try Transcript.parseJSON(Data(#"[{"start": 3, "end": 2}]"#.utf8), file: "d.json") }
        #expect(throws: FileError.self) { try Transcript.read(Data([0xFF, 0xFE, 0x41, 0x00]), file: "utf16.srt") }
    }
}
