import Foundation
import Testing

/// The bundle and central-store commands as a user runs them.
@Suite struct SyncCLITests {
    @Test func identityBundleVerifyIngestExportAndSyncToAFolder() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let central = box.central
        #expect(try box.onset("bundle", "create").stderr.contains("onset identity create --annotator"), "no identity yet: says how")
        let created = try box.onset("identity", "create", "--annotator", "tester", "--workstation", "lab1")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try box.onset("identity", "create", "--annotator", "x").stderr.contains("already exists"), "a key is never replaced")
        let show = try box.onset("identity", "show", "--format", "json")
        let key = try #require((try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: String])?["public_key"])
        for (signal, on, off) in [("hesitation", "1.2", "2.5"), ("interest", "0.5", "3.0")] {
            #expect(try box.onset("spans", "add", "--session", "demo", "--signal", signal, "--onset", on, "--offset", off,
                                  "--confidence", "4", "--intensity", "3").status == 0)
        }
        let bundle = try box.onset("bundle", "create")
        #expect(bundle.status == 0 && bundle.stdout.contains("bundle #1") && bundle.stdout.contains("2 records"), "\(bundle.stdout)\(bundle.stderr)")
        let path = try #require(bundle.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasSuffix(".onsetbundle") })
        #expect(try box.onset("bundle", "create").stdout.contains("nothing new"))
        let verify = try box.onset("bundle", "verify", path, "--public-key", key)
        #expect(verify.status == 0 && verify.stdout.contains("valid bundle"), "\(verify.stderr)")
        #expect(try box.onset("bundle", "show", path).stdout.contains("project      demo, wave pilot"))

        // A changed byte in a member is caught.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let at = try #require(bytes.range(of: Data("spans.jsonl".utf8))).upperBound + 20
        bytes[at] ^= 0x55
        let damaged = box.folder + "/damaged.onsetbundle"
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let bad = try box.onset("bundle", "verify", damaged)
        #expect(bad.status != 0 && bad.stderr.contains("INVALID"), "\(bad.stdout)")

        #expect(try box.onset("central", "project", "add", "demo", "--store", central).status == 0)
        let refused = try box.onset("ingest", path, "--store", central)
        #expect(refused.status != 0 && refused.stdout.contains("REJECTED: unknown annotator tester"), "\(refused.stdout)")
        #expect(try box.onset("central", "annotator", "add", "tester", "--public-key", key, "--project", "demo", "--store", central).status == 0)
        let ingest = try box.onset("ingest", path, "--store", central)
        #expect(ingest.status == 0 && ingest.stdout.contains("applied, 2 records"), "\(ingest.stdout)\(ingest.stderr)")
        #expect(try box.onset("ingest", path, "--store", central).stdout.contains("already ingested; nothing changed"))
        let csv = try box.onset("central", "export", "--project", "demo", "--format", "csv", "--store", central).stdout
        #expect(csv.split(separator: "\n").count == 3 && csv.contains(",demo,pilot,demo,tester,hesitation,1200000,2500000,4,3,"))

        // Sync to a shared folder: the pending bundle and a new one, then nothing pending.
        #expect(try box.onset("spans", "add", "--session", "demo", "--signal", "stress", "--onset", "3", "--offset", "3.5",
                              "--confidence", "2", "--intensity", "2").status == 0)
        #expect(try box.onset("sync", "--status").stdout.contains("1 edit not bundled yet"))
        let inbox = box.folder + "/inbox"
        let sync = try box.onset("sync", "--to", inbox)
        #expect(sync.status == 0 && sync.stdout.contains("2 delivered") && sync.stdout.contains("0 pending"), "\(sync.stdout)\(sync.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox).count == 2)
        #expect(try box.onset("sync").stdout.contains("0 delivered"), "the destination is remembered")
        let status = try box.onset("sync", "--status").stdout
        #expect(status.contains("no bundle waiting") && status.contains("every edit is in a bundle"))
        let files = try FileManager.default.contentsOfDirectory(atPath: inbox).map { inbox + "/" + $0 }
        let second = try box.onset(["ingest"] + files + ["--store", central])
        #expect(second.status == 0 && second.stdout.contains("applied, 1 record"), "\(second.stdout)")

        // One media item of the merged dataset as ELAN and Praat files.
        let eaf = try box.onset("export", "--store", central, "--project", "demo", "--item", "demo", "--format", "eaf")
        #expect(eaf.status == 0 && eaf.stdout.contains("TIER_ID=\"hesitation@tester\"") && eaf.stdout.contains("stress@tester"), "\(eaf.stderr)")
        let grid = try box.onset("export", "--store", central, "--project", "demo", "--item", "demo", "--format", "textgrid")
        #expect(grid.status == 0 && grid.stdout.contains("File type = \"ooTextFile\""), "\(grid.stderr)")
        let folder = box.folder + "/items"
        let all = try box.onset("export", "--store", central, "--project", "demo", "--format", "eaf", "--out", folder)
        #expect(all.status == 0 && all.stdout.contains("1 item written") && FileManager.default.fileExists(atPath: folder + "/demo.eaf"), "\(all.stderr)")
        let missing = try box.onset("export", "--store", central, "--project", "demo", "--item", "nope", "--format", "eaf")
        #expect(missing.status != 0 && missing.stderr.contains("no session `nope`"))
    }
}
