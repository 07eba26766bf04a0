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
