import Foundation
import Testing

@Suite struct CLITests {
    struct SpanRow: Decodable, Equatable {
        var id, session, signal, annotator, rationale, scheme: String
        var onset_us, offset_us: Int64
        var confidence, intensity: Int?
        var cues: [String]
        var revision, scheme_version: Int
    }

    func list(_ box: Harness.Sandbox, _ session: String = "demo") throws -> [SpanRow] {
        let r = try box.onset("spans", "list", "--session", session, "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode([SpanRow].self, from: Data(r.stdout.utf8))
    }

    @Test func addListDeleteUndoRedo() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let add = try box.onset("spans", "add", "--session", "demo", "--signal", "hesitation", "--onset", "1.2", "--offset", "00:02.5",
                                "--confidence", "4", "--intensity", "3", "--cue", "gaze-aversion", "--cue", "filled-pause",
                                "--rationale", "looks away — um", "--format", "json")
        #expect(add.status == 0, "\(add.stderr)")
        let spans = try list(box)
        #expect(spans.count == 1)
        let s = try #require(spans.first)
        #expect(s.signal == "hesitation" && s.onset_us == 1_200_000 && s.offset_us == 2_500_000)
        #expect(s.confidence == 4 && s.intensity == 3 && s.cues == ["gaze-aversion", "filled-pause"])
        #expect(s.rationale == "looks away — um" && s.annotator == "tester" && s.revision == 1)
        #expect(s.scheme == "social-signals" && s.scheme_version == 1 && s.session == "demo")

        #expect(try box.onset("spans", "delete", String(s.id.prefix(8))).status == 0)
        #expect(try list(box).isEmpty)
        #expect(try box.onset("undo", "--session", "demo").status == 0)
        #expect(try list(box).map(\.revision) == [3])
        #expect(try box.onset("redo", "--session", "demo").status == 0)
        #expect(try list(box).isEmpty)
        let redo = try box.onset("redo", "--session", "demo")
        #expect(redo.status != 0 && redo.stderr.contains("nothing to redo"))
    }

    @Test func listingAnUnknownSessionSaysSo() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let typo = try box.onset("spans", "list", "--session", "dmeo")
        #expect(typo.status != 0 && typo.stderr.contains("no session `dmeo`"), "\(typo.stderr)")
        let empty = try box.onset("spans", "list", "--session", "conversation")
        #expect(empty.status == 0 && empty.stdout.contains("no spans in session `conversation`"))
    }

    @Test func framesAndClockTimesAreAccepted() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let r = try box.onset("spans", "add", "--session", "demo", "--signal", "stress", "--onset", "30f", "--offset", "00:00:02.000",
                              "--confidence", "2", "--intensity", "5")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try list(box).first?.onset_us == 1_001_000)
    }

    @Test func badInputIsRefusedAndNothingIsWritten() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let base = ["spans", "add", "--session", "demo", "--confidence", "3", "--intensity", "3"]
        let cases: [([String], String)] = [
            (["--signal", "stress", "--onset", "3", "--offset", "2"], "must come before"),
            (["--signal", "stress", "--onset", "2", "--offset", "2"], "must come before"),
            (["--signal", "boredom", "--onset", "1", "--offset", "2"], "unknown signal `boredom`"),
            (["--signal", "stress", "--onset", "1", "--offset", "9"], "beyond the end of the media"),
            (["--signal", "stress", "--onset", "1", "--offset", "2", "--cue", "nod"], "not a cue of `stress`"),
            (["--signal", "stress", "--onset", "abc", "--offset", "2"], "is not a time"),
        ]
        for (args, fragment) in cases {
            let r = try Harness.run(Harness.binary, base + args, environment: box.environment)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(fragment), "\(args): \(r.stderr)")
        }
        let outOfRange = try box.onset("spans", "add", "--session", "demo", "--signal", "stress", "--onset", "1", "--offset", "2",
                                       "--confidence", "6", "--intensity", "3")
        #expect(outOfRange.status != 0 && outOfRange.stderr.contains("confidence 6 is out of range"))
        let missing = try box.onset("spans", "add", "--session", "demo", "--signal", "stress", "--onset", "1", "--offset", "2")
        #expect(missing.status != 0 && missing.stderr.contains("requires confidence and intensity"))
        #expect(try list(box).isEmpty)
        let ops = try Harness.run("/usr/bin/sqlite3", [box.store, "SELECT count(*) FROM op_log"])
        #expect(ops.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func aCorruptStoreIsAClearErrorAndStaysUntouched() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let junk = Data(repeating: 0x5A, count: 8192)
        try junk.write(to: URL(fileURLWithPath: box.store))
        let r = try box.onset("spans", "list", "--session", "demo")
        #expect(r.status != 0)
        #expect(r.stderr.contains("is not an Onset store"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: box.store)) == junk)
    }

    @Test func anUnwritableStoreIsAClearError() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let r = try box.onset("spans", "list", "--session", "demo", "--store", "/proc/onset/none.sqlite")
        #expect(r.status != 0 && r.stderr.contains("cannot open the store"), "\(r.stderr)")
    }

    @Test func aStoreFromANewerOnsetIsRefused() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        #expect(try box.onset("sessions", "list").status == 0)
        _ = try Harness.run("/usr/bin/sqlite3", [box.store, "INSERT INTO grdb_migrations VALUES ('v99-future')"])
        let r = try box.onset("sessions", "list")
        #expect(r.status != 0 && r.stderr.contains("written by a newer Onset"), "\(r.stderr)")
    }

    @Test func schemeCommandsCheckAndShow() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let check = try box.onset("scheme", "check", Harness.root + "/Sessions/schemes/social-signals.toml")
        #expect(check.status == 0 && check.stdout.contains("12 signals, 108 cues"))
        let show = try box.onset("scheme", "show", "social-signals", "--format", "json")
        struct SchemeDoc: Decodable {
            struct Sig: Decodable { var id: String; var cues: [Cue]; var valence: Double; var observability: [String] }
            struct Cue: Decodable { var id, modality, text: String }
            var signals: [Sig]
        }
        let doc = try JSONDecoder().decode(SchemeDoc.self, from: Data(show.stdout.utf8))
        #expect(doc.signals.count == 12 && doc.signals.allSatisfy { $0.cues.count >= 8 })

        let bad = box.folder + "/bad.toml"
        try "id = \"x\"\nversion = 1\n[[signals]]\nid = \"a\"\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try box.onset("scheme", "check", bad)
        #expect(r.status != 0 && r.stderr.contains("\(bad):3: signal `a` is missing `definition`"), "\(r.stderr)")
    }

    @Test func sessionsListAndShow() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let list = try box.onset("sessions", "list")
        #expect(list.status == 0 && list.stdout.contains("demo") && list.stdout.contains("conversation"))
        let show = try box.onset("sessions", "show", "demo")
        #expect(show.status == 0 && show.stdout.contains("h264 176×144") && show.stdout.contains("social-signals v1"))
        let missing = try box.onset("sessions", "show", "nope")
        #expect(missing.status != 0 && missing.stderr.contains("no session `nope`"))
    }

    @Test func doctorReportsVersionsColoursLocaleAndStore() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        var env = box.environment
        env["TERM"] = "xterm-256color"
        env["COLORTERM"] = "truecolor"
        env["LANG"] = "C"
        env["LC_ALL"] = ""
        env["NO_COLOR"] = nil
        let r = try Harness.run(Harness.binary, ["doctor"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        for fragment in ["ncurses 6.", "libavformat  59.", "SQLite       3.", "colours      truecolor: COLORTERM=truecolor",
                         "not UTF-8", box.store] {
            #expect(r.stdout.contains(fragment), "missing \(fragment) in \(r.stdout)")
        }
    }

    @Test func helpDocumentsEveryCommandWithAnExample() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        for cmd in [["doctor"], ["open"], ["scheme", "check"], ["scheme", "show"], ["sessions", "list"], ["sessions", "show"],
                    ["spans", "add"], ["spans", "list"], ["spans", "delete"], ["undo"], ["redo"], ["probe"], ["keys"]] {
            let r = try Harness.run(Harness.binary, cmd + ["--help"], environment: box.environment)
            #expect(r.status == 0)
            #expect(r.stdout.contains("Example"), "\(cmd) --help has no example")
        }
    }
}

@Suite struct MediaCLITests {
    @Test func probeJSONHasTheContractFields() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let r = try box.onset("probe", Harness.root + "/Sessions/media/carphone_pristine.mp4", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(json?["duration_us"] as? Int == 4_004_000)
        #expect(json?["variable_frame_rate"] as? Bool == false)
        let video = (json?["streams"] as? [[String: Any]])?.first
        #expect(video?["type"] as? String == "video" && video?["width"] as? Int == 176 && video?["height"] as? Int == 144)
        #expect(video?["sample_aspect_ratio"] != nil && video?["avg_frame_rate"] != nil && video?["rotation"] as? Int == 0)
        let text = try box.onset("probe", Harness.root + "/Sessions/media/carphone_pristine.mp4")
        #expect(text.stdout.contains("h264, 176×144"))
    }

    @Test func frameDrawsTheFrameInEachColourMode() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let file = Harness.root + "/Sessions/media/carphone_pristine.mp4"
        for (mode, marker) in [("truecolor", "38;2;"), ("256", "38;5;"), ("16", "\u{1B}[0;")] {
            let r = try box.onset("frame", file, "--at", "1.5", "--cols", "40", "--rows", "12", "--color", mode)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains(marker), "\(mode)")
            #expect(r.stdout.split(separator: "\n").count == 12)
        }
        let plain = try box.onset("frame", file, "--at", "45f", "--cols", "40", "--rows", "12", "--color", "none")
        #expect(!plain.stdout.contains("\u{1B}") && plain.stdout.split(separator: "\n").count == 12)
    }

    @Test func transcriptCheckReportsOrPointsAtTheLine() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let ok = try box.onset("transcript", "check", Harness.root + "/Sessions/media/conversation.vtt")
        #expect(ok.status == 0 && ok.stdout.contains("32 segments") && ok.stdout.contains("speakers: Client, Rep"), "\(ok.stdout)")
        let bad = box.folder + "/bad.srt"
        try "1\n00:00:01,000 --> 00:00:0x,000\nhi\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try box.onset("transcript", "check", bad)
        #expect(r.status != 0 && r.stderr.contains("\(bad):2:"), "\(r.stderr)")
    }

    @Test func alphaPrintsTheContractJSONAndNamesTheCoefficient() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let csv = box.folder + "/published.csv"
        try Harness.publishedAlphaCSV.write(toFile: csv, atomically: true, encoding: .utf8)
        let r = try box.onset("alpha", csv, "--level", "ordinal", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(abs((json?["alpha"] as? Double ?? 0) - 0.815) < 0.0005)
        #expect(json?["level"] as? String == "ordinal" && json?["n"] as? Int == 40)
        #expect(json?["D_o"] is Double && json?["D_e"] is Double && json?["undefined_reason"] is NSNull)
        let text = try box.onset("alpha", csv, "--level", "interval")
        #expect(text.stdout.contains("Krippendorff's alpha (interval) = 0.849"), "\(text.stdout)")
        let same = box.folder + "/same.csv"
        try "coder,a,b\nX,1,1\nY,1,1\n".write(toFile: same, atomically: true, encoding: .utf8)
        let undefined = try JSONSerialization.jsonObject(with: Data(try box.onset("alpha", same, "--json").stdout.utf8)) as? [String: Any]
        #expect(undefined?["alpha"] is NSNull && (undefined?["undefined_reason"] as? String)?.isEmpty == false)
    }

    @Test func kappaChoosesCohenOrFleissAndPrintsJSON() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let two = box.folder + "/two.csv"
        try "coder,1,2,3,4,5,6\nA,1,2,3,3,2,\nB,1,2,3,2,2,1\n".write(toFile: two, atomically: true, encoding: .utf8)
        let cohen = try JSONSerialization.jsonObject(with: Data(try box.onset("kappa", two, "--weights", "quadratic", "--json").stdout.utf8)) as? [String: Any]
        #expect(cohen?["coefficient"] as? String == "cohen" && cohen?["weights"] as? String == "quadratic" && cohen?["n"] as? Int == 5)
        #expect(cohen?["kappa"] is Double)
        let three = box.folder + "/three.csv"
        try "coder,1,2,3\nA,a,b,a\nB,a,b,b\nC,a,a,b\n".write(toFile: three, atomically: true, encoding: .utf8)
        let fleiss = try box.onset("kappa", three)
        #expect(fleiss.status == 0 && fleiss.stdout.contains("Fleiss' kappa = "), "\(fleiss.stdout)")
        let weighted = try box.onset("kappa", three, "--weights", "linear")
        #expect(weighted.status != 0 && weighted.stderr.contains("applies to Cohen's kappa"))
    }

    @Test func badMediaIsAClearError() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let fake = box.folder + "/not a video é.mp4"
        try "hello".write(toFile: fake, atomically: true, encoding: .utf8)
        let r = try box.onset("probe", fake)
        #expect(r.status != 0 && r.stderr.contains("not a media file FFmpeg can read"), "\(r.stderr)")
        let past = try box.onset("frame", Harness.root + "/Sessions/media/carphone_pristine.mp4", "--at", "9")
        #expect(past.status != 0 && past.stderr.contains("past the end"))
        let empty = box.folder + "/empty.mp4"
        FileManager.default.createFile(atPath: empty, contents: nil)
        #expect(try box.onset("frame", empty).stderr.contains("the file is empty"))
    }
}
