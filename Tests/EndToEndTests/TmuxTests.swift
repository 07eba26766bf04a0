import Foundation
import Testing

/// Drives the real binary in tmux: keys in, screen text out. Waits on screen content, never on
/// fixed sleeps.
struct Tmux {
    let socket = "onset-test-" + UUID().uuidString.prefix(8)
    let session = "t"

    @discardableResult
    func run(_ args: String...) throws -> Harness.Result {
        try Harness.run("/usr/bin/tmux", ["-L", socket] + args)
    }

    /// Starts the tmux server. It daemonises, and a daemon inherits every descriptor that is not
    /// close-on-exec — including the sockets Foundation uses to notice that its children exited.
    /// Closing all descriptors above 2 before `exec` keeps this and every concurrent test from
    /// waiting forever.
    func start(width: Int, height: Int, command: String) throws {
        let closeAndExec = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done 2>/dev/null; exec "$0" "$@""#
        let r = try Harness.run("/bin/bash", ["-c", closeAndExec, "/usr/bin/tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d",
                                              "-s", session, "-x", String(width), "-y", String(height), command])
        #expect(r.status == 0, "\(r.stderr)")
    }

    func screen() throws -> String { try run("capture-pane", "-p", "-t", session).stdout }

    /// Polls the pane until `predicate` holds (up to `timeout` seconds, generous because CI runs
    /// every suite at once on two cores); returns the last screen.
    @discardableResult
    func wait(timeout: Double = 45, for predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while Date() < deadline {
            text = try screen()
            if predicate(text) { return text }
            usleep(50_000)
        }
        Issue.record("timed out waiting; screen was:\n\(text)")
        return text
    }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }
    private func run(_ args: [String]) throws { _ = try Harness.run("/usr/bin/tmux", ["-L", socket] + args) }

    func alternateScreenOn() throws -> Bool {
        try run("display-message", "-p", "-t", session, "#{alternate_on}").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    func kill() { _ = try? run("kill-server") }
}

@Suite(.enabled(if: Harness.which("tmux") != nil, "tmux is not installed (make test installs it)"))
struct TmuxTests {
    func seeded() throws -> Harness.Sandbox {
        let box = Harness.Sandbox()
        for (signal, on, off) in [("hesitation", "1.2", "2.5"), ("interest", "0.5", "3.0")] {
            let r = try box.onset("spans", "add", "--session", "demo", "--signal", signal, "--onset", on, "--offset", off,
                                  "--confidence", "4", "--intensity", "3")
            #expect(r.status == 0, "\(r.stderr)")
        }
        return box
    }

    func command(_ box: Harness.Sandbox, term: String = "xterm-256color") -> String {
        "env ONSET_STORE='\(box.store)' ONSET_HOME='\(Harness.root)' XDG_CONFIG_HOME='\(box.folder)/config' TERM=\(term) LANG=C.UTF-8 "
            + "'\(Harness.binary)' open demo; echo EXITED rc=$?; sleep 60"
    }

    @Test func openSeeTheSpansNavigateAndQuitRestoringTheTerminal() throws {
        let box = try seeded()
        let tmux = Tmux()
        defer { tmux.kill(); box.cleanup() }
        try tmux.start(width: 100, height: 30, command: command(box))
        let first = try tmux.wait { $0.contains("Hesitation") && $0.contains("saved ✓") }
        #expect(first.contains("Interest"))
        #expect(first.contains("timeline  00:00.000 / 00:04.004"))
        #expect(try tmux.alternateScreenOn())
        try tmux.keys("Tab")
        try tmux.wait { $0.contains("Interest 00:00.500–00:03.000 conf 4 int 3") }
        try tmux.keys("?")
        try tmux.wait { $0.contains("help — Esc or ? closes") }
        try tmux.keys("Escape")
        try tmux.wait { !$0.contains("help — Esc") }
        try tmux.keys("q")
        let after = try tmux.wait { $0.contains("EXITED rc=0") }
        #expect(!after.contains("Hesitation"))
        #expect(try !tmux.alternateScreenOn())
    }

    @Test func worksAt80x24AndReflowsOnResize() throws {
        let box = try seeded()
        let tmux = Tmux()
        defer { tmux.kill(); box.cleanup() }
        try tmux.start(width: 80, height: 24, command: command(box, term: "xterm-direct"))
        let small = try tmux.wait { $0.contains("Hesitation") }
        #expect(small.split(separator: "\n", omittingEmptySubsequences: false).first?.contains("onset │ Demo: carphone") == true)
        let resized = try tmux.run("resize-window", "-t", tmux.session, "-x", "160", "-y", "48")
        let size = try tmux.run("display-message", "-p", "-t", tmux.session, "#{window_width}x#{window_height}").stdout
        #expect(resized.status == 0 && size.hasPrefix("160x48"), "\(resized.stderr) \(size)")
        let big = try tmux.wait { $0.split(separator: "\n").contains { $0.hasPrefix("┌ timeline") && $0.count >= 160 } }
        #expect(big.contains("Interest"))
        try tmux.run("resize-window", "-t", tmux.session, "-x", "30", "-y", "6")
        try tmux.wait { $0.contains("terminal too small") }
        try tmux.keys("q")
        try tmux.wait { $0.contains("EXITED rc=0") }
    }

    @Test func aLongSessionOpensOnItsFirstMinutesAndKeysTypedAtOnceActOnAllOfIt() throws {
        let box = Harness.Sandbox()
        let tmux = Tmux()
        defer { tmux.kill(); box.cleanup() }
        // Ten minutes of a tiny picture: long enough to open on a window, quick to make.
        let made = try Harness.run("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=64x36:r=2:d=600",
                                                       "-c:v", "libx264", "-preset", "ultrafast", box.folder + "/long.mp4"])
        #expect(made.status == 0, "\(made.stderr)")
        let file = box.folder + "/long.toml"
        try "title = \"Long\"\nmedia = \"long.mp4\"\nscheme = \"social-signals\"\nmode = \"spans\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        for (signal, on, off) in [("stress", "60", "65"), ("interest", "480", "490")] {
            let r = try box.onset("spans", "add", "--session", file, "--signal", signal, "--onset", on, "--offset", off,
                                  "--confidence", "4", "--intensity", "3")
            #expect(r.status == 0, "\(r.stderr)")
        }
        let command = "env ONSET_STORE='\(box.store)' ONSET_HOME='\(Harness.root)' XDG_CONFIG_HOME='\(box.folder)/config' TERM=xterm-256color LANG=C.UTF-8 "
            + "'\(Harness.binary)' open '\(file)'; echo EXITED rc=$?; sleep 60"
        try tmux.start(width: 100, height: 30, command: command)
        // Typed before the first frame is even drawn: held until the whole session is in.
        try tmux.keys("Tab", "Tab")
        let screen = try tmux.wait { $0.contains("Interest 08:00.000–08:10.000") }
        #expect(screen.contains("zoom 5 min"), "a long recording opens on its first five minutes")
        #expect(screen.contains("Stress"), "every lane in use shows")
        try tmux.keys("q")
        try tmux.wait { $0.contains("EXITED rc=0") }
    }

    @Test func aHangupEndsTheSessionCleanly() throws {
        let box = try seeded()
        let tmux = Tmux()
        defer { tmux.kill(); box.cleanup() }
        try tmux.start(width: 100, height: 30, command: command(box))
        try tmux.wait { $0.contains("Hesitation") }
        let pids = try Harness.run("/usr/bin/pgrep", ["-f", "onset open demo"]).stdout.split(separator: "\n")
        let mine = pids.compactMap { Int32($0) }.filter { pid in
            let environ = (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .isoLatin1)) ?? ""
            return environ.contains(box.store)
        }
        #expect(mine.count == 1)
        for pid in mine { kill(pid, SIGHUP) }
        try tmux.wait { $0.contains("EXITED rc=0") }
        #expect(try box.onset("spans", "list", "--session", "demo", "--format", "csv").stdout.split(separator: "\n").count == 3)
    }
}

@Suite(.enabled(if: Harness.which("tmux") != nil, "tmux is not installed (make test installs it)"))
struct MarkingEndToEndTests {
    struct Row: Decodable {
        var signal: String
        var cues: [String]
        var onset_us, offset_us: Int64
        var confidence, intensity: Int?
        var revision: Int
    }

    func command(_ box: Harness.Sandbox) -> String {
        "env ONSET_STORE='\(box.store)' ONSET_HOME='\(Harness.root)' XDG_CONFIG_HOME='\(box.folder)/config' XDG_CACHE_HOME='\(box.folder)/cache' "
            + "ONSET_ANNOTATOR=tester TERM=xterm-256color LANG=C.UTF-8 '\(Harness.binary)' open demo; echo EXITED rc=$?; sleep 60"
    }

    func isZombie(_ pid: Int32) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? "").contains("State:\tZ")
    }

    func spans(_ box: Harness.Sandbox) throws -> [Row] {
        let r = try box.onset("spans", "list", "--session", "demo", "--format", "json")
        return try JSONDecoder().decode([Row].self, from: Data(r.stdout.utf8))
    }

    @Test func markRateSurviveKillAndUndoAfterReopening() throws {
        let box = Harness.Sandbox()
        let tmux = Tmux()
        defer { tmux.kill(); box.cleanup() }
        try tmux.start(width: 100, height: 30, command: command(box))
        try tmux.wait { $0.contains("0 spans") && $0.contains("saved ✓") }
        try tmux.keys("8")
        try tmux.wait { $0.contains("Hesitation opened at 00:00.000") }
        for _ in 0..<5 { try tmux.keys("l") }
        try tmux.wait { $0.contains("00:01.001") }
        try tmux.keys("8")
        try tmux.wait { $0.contains("RATE") && $0.contains("confidence?") }
        try tmux.keys("4")
        try tmux.wait { $0.contains("intensity?") }
        try tmux.keys("3")
        try tmux.wait { $0.contains("cues for Hesitation") && $0.contains("[ ] gaze-aversion") }
        try tmux.keys("Space")
        for _ in 0..<4 { try tmux.keys("j") }
        try tmux.keys("Space")
        try tmux.keys("Enter")
        try tmux.wait { $0.contains("Hesitation 00:00.000–00:01.001 conf 4 int 3") && $0.contains("saved ✓") && !$0.contains("cues for") }

        // kill -9 loses nothing the status line showed as saved.
        let pids = try Harness.run("/usr/bin/pgrep", ["-f", "onset open demo"]).stdout.split(separator: "\n").compactMap { Int32($0) }
        let mine = pids.filter { ((try? String(contentsOfFile: "/proc/\($0)/environ", encoding: .isoLatin1)) ?? "").contains(box.store) }
        #expect(mine.count == 1)
        for pid in mine { kill(pid, SIGKILL) }
        // Nothing restores a terminal after SIGKILL: wait for the process, not for the screen.
        for _ in 0..<200 where mine.contains(where: { FileManager.default.fileExists(atPath: "/proc/\($0)/status") && !isZombie($0) }) {
            usleep(20_000)
        }
        let stored = try spans(box)
        #expect(stored.count == 1)
        if let s = stored.first {
            #expect(s.signal == "hesitation" && s.onset_us == 0 && s.offset_us == 1_001_000)
            #expect(s.confidence == 4 && s.intensity == 3 && s.revision == 4)
            #expect(s.cues == ["gaze-aversion", "filled-pause"])
        }

        // Reopen, undo once: the span (with the ratings and cues given right after it) is gone.
        tmux.kill()
        let again = Tmux()
        defer { again.kill() }
        try again.start(width: 100, height: 30, command: command(box))
        try again.wait { $0.contains("1 spans") }
        try again.keys("u")
        try again.wait { $0.contains("undone") && $0.contains("saved ✓") }
        try again.keys("q")
        try again.wait { $0.contains("EXITED rc=0") }
        #expect(try spans(box).isEmpty)
        // Telemetry from the second run (the first was killed before its periodic save).
        let shown = try box.onset("sessions", "show", "demo")
        #expect(shown.stdout.contains("0 timeline interactions, 2 keys"), "\(shown.stdout)")
        #expect(shown.stdout.contains("flags       time on task shorter than the media; no interaction with the timeline"), "\(shown.stdout)")
    }
}

/// Reviewing a model's predictions from a fixture file by keys only.
@Suite(.enabled(if: Harness.which("tmux") != nil, "tmux is not installed (make test installs it)"))
struct ReviewEndToEndTests {
    struct Listed: Decodable {
        var type: String
        var decision: String?
    }

    @Test func acceptRejectAndAdjustPredictionsByKeys() throws {
        let box = Harness.Sandbox()
        let tmux = Tmux()
        defer { tmux.kill(); box.cleanup() }
        let fixture = Harness.root + "/Tests/EndToEndTests/Fixtures/predictions.json"
        let imported = try box.onset("review", "import", fixture, "--session", "demo")
        #expect(imported.stdout.contains("4 predictions (1 engagement_state, 3 signals), 4 new"), "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("types not in scheme social-signals: boredom (1)"))
        #expect(imported.stdout.contains("signals[3] (interest): end 2.0 s is not after start 3.0 s"))
        try tmux.start(width: 100, height: 30, command: MarkingEndToEndTests().command(box))
        try tmux.wait { $0.contains("model 3/3") && $0.contains("saved ✓") }
        try tmux.keys("J")
        try tmux.wait { $0.contains("model: hesitation") }
        try tmux.keys("a")
        try tmux.wait { $0.contains("confidence?") }
        try tmux.keys("4")
        try tmux.wait { $0.contains("intensity?") }
        try tmux.keys("3")
        try tmux.wait { $0.contains("cues for Hesitation") }
        try tmux.keys("Enter")
        try tmux.wait { !$0.contains("cues for") }
        try tmux.keys("J")
        try tmux.wait { $0.contains("model: boredom") }
        try tmux.keys("e")
        try tmux.wait { $0.contains("adjust boredom") }
        try tmux.keys("5")
        try tmux.wait { $0.contains("confidence?") }
        try tmux.keys("3")
        try tmux.wait { $0.contains("intensity?") }
        try tmux.keys("2")
        try tmux.wait { $0.contains("cues for Disengagement") }
        try tmux.keys("Enter")
        try tmux.wait { !$0.contains("cues for") }
        try tmux.keys("J")
        try tmux.wait { $0.contains("model: stress") }
        try tmux.keys("X")
        try tmux.wait { $0.contains("model 0/3") && $0.contains("saved ✓") }
        try tmux.keys("q")
        try tmux.wait { $0.contains("EXITED rc=0") }

        let listed = try JSONDecoder().decode([Listed].self, from: Data(try box.onset("review", "list", "--session", "demo", "--json").stdout.utf8))
        #expect(listed.map { "\($0.type):\($0.decision ?? "-")" } == ["hesitation:accepted", "boredom:adjusted", "stress:rejected", "engaged:-"])
        let spans = try MarkingEndToEndTests().spans(box)
        #expect(spans.map { "\($0.signal) \($0.onset_us)-\($0.offset_us) \($0.confidence ?? 0)/\($0.intensity ?? 0)" }
                == ["hesitation 500000-1500000 4/3", "disengagement 1600000-2400000 3/2"])
        let summary = try box.onset("review", "summary", "--session", "demo")
        #expect(summary.stdout.contains("all signals") && summary.stdout.contains("one-to-one per signal at temporal IoU ≥ 0.5"), "\(summary.stdout)")
    }

    /// The four shared sample clips (copied into Sessions/media for the demo) rated on all four
    /// dimensions by keys only; one clip gets a confidence; the stored scores are exactly those.
    @Test func rateTheFourSampleClipsByKeysOnly() throws {
        let box = Harness.Sandbox()
        let tmux = Tmux()
        defer { tmux.kill(); box.cleanup() }
        let command = "env ONSET_STORE='\(box.store)' ONSET_HOME='\(Harness.root)' ONSET_ANNOTATOR=rater XDG_CONFIG_HOME='\(box.folder)/config' "
            + "TERM=xterm-256color LANG=C.UTF-8 '\(Harness.binary)' open clips; echo EXITED rc=$?; sleep 60"
        try tmux.start(width: 80, height: 24, command: command)
        let first = try tmux.wait { $0.contains("Clip 1/4 · 0 done") && $0.contains("1 broken — Objects morph") }
        #expect(first.contains("carphone_pristine.mp4"))
        let scores = [("4", "4"), ("2c4", "2"), ("5", "3"), ("3", "2")]
        for (n, (firstKeys, rest)) in scores.enumerated() {
            try tmux.keys(firstKeys)
            try tmux.wait { $0.contains("▶ Visual fidelity") }
            try tmux.keys(rest, "3")
            let alignment = try tmux.wait { $0.contains("▶ Text-to-video") }
            #expect(alignment.contains("Prompt:"), "the prompt shows for the alignment scale")
            try tmux.keys("4")
            if n < 3 { try tmux.wait { $0.contains("Clip \(n + 2)/4 · \(n + 1) done") } }
        }
        try tmux.wait { $0.contains("all 4 clips done") && $0.contains("saved ✓") }
        try tmux.keys("q")
        try tmux.wait { $0.contains("EXITED rc=0") }
        let csv = try box.onset("export", "--session", "clips", "--format", "csv")
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let got = Dictionary(uniqueKeysWithValues: rows.map { ("\($0[2]) \($0[3])", "\($0[4])/\($0[5])/\($0[7])") })
        var expected: [String: String] = [:]
        for (clip, (a, b)) in zip(["carphone_pristine", "carphone_distorted", "bigbuckbunny", "bikes"], scores) {
            expected["media/\(clip).mp4 motion-quality"] = "\(a.prefix(1))/\(a.count > 1 ? String(a.suffix(1)) : "")/rater"
            expected["media/\(clip).mp4 visual-fidelity"] = "\(b)//rater"
            expected["media/\(clip).mp4 viewer-interest"] = "3//rater"
            expected["media/\(clip).mp4 text-alignment"] = "4//rater"
        }
        #expect(got == expected, "\(csv.stdout)")
        // Reopened, the finished queue shows its scores for revision.
        let again = Tmux()
        defer { again.kill() }
        try again.start(width: 80, height: 24, command: command)
        try again.wait { $0.contains("Clip 1/4 · 4 done") && $0.contains("4 good") }
        try again.keys("q")
        try again.wait { $0.contains("EXITED rc=0") }
    }
}
