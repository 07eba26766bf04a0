import Foundation
import Testing

/// A wave from creation to relaunch, as its coordinator and three annotators run it, with the
/// central server on 127.0.0.1.
@Suite struct WaveCLITests {
    /// One annotator's workstation: their own store, identity and config.
    struct Person {
        let name: String
        let folder: String

        var environment: [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["ONSET_STORE"] = folder + "/onset.sqlite"
            env["ONSET_HOME"] = Harness.root
            env["ONSET_ANNOTATOR"] = name
            env["XDG_CONFIG_HOME"] = folder + "/config"
            env.removeValue(forKey: "ONSET_SYNC_TOKEN")
            return env
        }

        @discardableResult
        func onset(_ args: String...) throws -> Harness.Result {
            try Harness.run(Harness.binary, args, environment: environment)
        }
    }

    /// `onset serve` on a free port; waits for its "listening" line.
    final class Server {
        let process = Process()
        let log = Harness.temporaryFile()
        var url = ""

        init(store: String) throws {
            process.executableURL = URL(fileURLWithPath: Harness.binary)
            process.arguments = ["serve", "--store", store, "--listen", "127.0.0.1:0"]
            process.standardOutput = FileHandle(forWritingAtPath: log)!
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: "listening on ") {
                    url = String(text[range.upperBound...].prefix { !$0.isWhitespace })
                    return
                }
                usleep(20_000)
            }
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the server did not start"])
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: log)
        }
    }

    func statuses(_ admin: Harness.Sandbox, _ central: String) throws -> [String: String] {
        let r = try admin.onset("wave", "status", "--project", "demo", "--wave", "pilot-1", "--json", "--store", central)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        var out: [String: String] = [:]
        for a in json["assignments"] as? [[String: Any]] ?? [] { out["\(a["item"]!)/\(a["annotator"]!)"] = a["status"] as? String }
        return out
    }

    @Test func createAWaveSyncAnnotateRejectAndRelaunch() throws {
        let admin = Harness.Sandbox()
        defer { admin.cleanup() }
        let central = admin.central
        #expect(try admin.onset("project", "create", "demo", "--scheme", "Sessions/schemes/social-signals.toml", "--store", central).status == 0)
        var people: [String: Person] = [:], tokens: [String: String] = [:]
        for name in ["ana", "ben", "cleo"] {
            let p = Person(name: name, folder: admin.folder + "/" + name)
            #expect(try p.onset("identity", "create", "--annotator", name, "--workstation", "ws-\(name)").status == 0)
            let show = try p.onset("identity", "show", "--format", "json")
            let key = try #require((try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: String])?["public_key"])
            #expect(try admin.onset("central", "annotator", "add", name, "--public-key", key, "--store", central).status == 0)
            tokens[name] = try admin.onset("central", "token", "issue", name, "--store", central).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            people[name] = p
        }
        let media = Harness.root + "/Sessions/media/carphone_pristine.mp4"
        for n in 1...3 { try FileManager.default.copyItem(atPath: media, toPath: admin.folder + "/int-0\(n).mp4") }
        let manifest = admin.folder + "/items.csv"
        try "id,media,duration,source\nint-01,int-01.mp4,4.004,lab\nint-02,int-02.mp4,4.004,lab\nint-03,missing.mp4,4.004,lab\n"
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let wave = ["wave", "create", "--project", "demo", "--phase", "pilot", "--items", manifest, "--annotators", "ana,ben,cleo",
                    "--overlap", "1", "--per-item", "2", "--store", central]
        let missing = try admin.onset(wave)
        #expect(missing.status != 0 && missing.stderr.contains("items.csv:4: \(admin.folder)/missing.mp4: no such file"), "\(missing.stderr)")
        try FileManager.default.moveItem(atPath: admin.folder + "/int-03.mp4", toPath: admin.folder + "/missing.mp4")
        let dry = try admin.onset(wave + ["--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("3 items: 3 overlapped × 2 annotators") && dry.stdout.contains("dry run: nothing was created"), "\(dry.stderr)")
        #expect(try admin.onset("wave", "status", "--project", "demo", "--store", central).stdout.contains("no waves yet"))
        let created = try admin.onset(wave)
        #expect(created.status == 0 && created.stdout.contains("wave pilot-1 created: 6 assignments"), "\(created.stderr)")
        #expect(Set(try statuses(admin, central).values) == ["assigned"])

        let server = try Server(store: central)
        defer { server.stop() }
        for name in ["ana", "ben"] {
            let sync = try people[name]!.onset("sync", "--to", server.url, "--token", tokens[name]!)
            #expect(sync.status == 0 && sync.stdout.contains("assignments for \(name): 2 new"), "\(sync.stdout)\(sync.stderr)")
        }
        // The item ana and ben share: both annotate it, ana submits.
        let anaNext = try people["ana"]!.onset("next", "--print").stdout
        let inboxes = try ["ana", "ben"].map { try people[$0]!.onset("inbox", "--json").stdout }
        let sessions = try inboxes.map { text in
            Set(try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]).compactMap { $0["session"] as? String })
        }
        let shared = try #require(sessions[0].intersection(sessions[1]).first)
        let item = String(shared.split(separator: ".").last!)
        #expect(anaNext.hasPrefix("demo.pilot-1.") && anaNext.contains("/assigned/demo/"))
        for (name, on) in [("ana", "1.0"), ("ben", "1.1")] {
            let add = try people[name]!.onset("spans", "add", "--session", shared, "--signal", "hesitation", "--onset", on, "--offset", "3.0",
                                              "--confidence", "4", "--intensity", "3")
            #expect(add.status == 0, "\(add.stderr)")
        }
        #expect(try people["ana"]!.onset("submit", shared).status == 0)
        for name in ["ana", "ben"] { #expect(try people[name]!.onset("sync").status == 0) }
        var now = try statuses(admin, central)
        #expect(now["\(item)/ana"] == "submitted" && now["\(item)/ben"] == "in_progress", "\(now)")
        let text = try admin.onset("wave", "status", "--project", "demo", "--store", central).stdout
        #expect(text.contains("Agreement so far on 1 overlapping item") && text.contains("hesitation: time-slice α"), "\(text)")

        // ben's work is rejected: the item goes to cleo, ben's workstation drops it.
        let reject = try admin.onset("qc", "reject", shared, "--annotator", "ben", "--reason", "rushed", "--store", central, "--project", "demo")
        #expect(reject.stdout.contains("item \(item) of wave pilot-1 goes back to the pool and is assigned to cleo"), "\(reject.stdout)\(reject.stderr)")
        now = try statuses(admin, central)
        #expect(now["\(item)/ben"] == "rejected" && now["\(item)/cleo"] == "assigned" && now["\(item)/ana"] == "submitted", "\(now)")
        let benSync = try people["ben"]!.onset("sync")
        #expect(benSync.stdout.contains("1 withdrawn") && benSync.stdout.contains("withdrawn: \(shared) (rejected: rushed)"), "\(benSync.stdout)")
        #expect(try people["ben"]!.onset("inbox", "--all").stdout.contains("withdrawn"))
        let cleoSync = try people["cleo"]!.onset("sync", "--to", server.url, "--token", tokens["cleo"]!)
        #expect(cleoSync.stdout.contains("assignments for cleo: 3 new"), "\(cleoSync.stdout)\(cleoSync.stderr)")
        #expect(try people["cleo"]!.onset("inbox").stdout.contains("relaunched: ben's work was rejected"))

        // Offline, the last pulled assignments keep working.
        server.stop()
        #expect(try people["cleo"]!.onset("next", "--print").status == 0)
        let offline = try people["cleo"]!.onset("sync", "--attempts", "1")
        #expect(offline.status != 0 && offline.stdout.contains("the last pulled assignments keep working"), "\(offline.stdout)")
    }
}
