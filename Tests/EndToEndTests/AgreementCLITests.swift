import Foundation
import Testing

/// `onset alpha`, `kappa` and `agree` as a user runs them.
@Suite struct AgreementCLITests {
    @Test func agreeOnAWorkstationStoreWithTwoAnnotators() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        for (who, on, off) in [("tester", "0.5", "2.0"), ("bob", "0.6", "2.0"), ("tester", "2.5", "3.5")] {
            let added = try box.onset(as: who, "spans", "add", "--session", "demo", "--signal", "interest", "--onset", on, "--offset", off,
                                      "--confidence", "3", "--intensity", "2")
            #expect(added.status == 0, "\(added.stderr)")
        }
        let text = try box.onset("agree")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("time-slice alpha on 100 ms slices") && text.stdout.contains("bob × tester"), "\(text.stdout)")
        #expect(text.stdout.contains("interest"))

        let json = try box.onset("agree", "--json", "--slice-ms", "40", "--min-alpha", "0.99")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let signal = try #require((report["signals"] as? [[String: Any]])?.first)
        #expect(signal["signal"] as? String == "interest" && signal["items"] as? Int == 1 && signal["slice_ms"] as? Double == 40)
        let uAlpha = try #require(signal["u_alpha"] as? [String: Any])
        #expect(uAlpha["value"] is Double && uAlpha["flagged"] as? Bool == true)
        #expect((report["flags"] as? [[String: Any]])?.contains { $0["name"] as? String == "interest" } == true)
    }

    @Test func agreeSaysWhatIsWrongWithTheStore() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let missing = try box.onset("agree", "--store", box.folder + "/nope.sqlite")
        #expect(missing.status != 0 && missing.stderr.contains("no such store"), "\(missing.stderr)")
        let junk = box.folder + "/junk.sqlite"
        try Data("not a database at all, not even close".utf8).write(to: URL(fileURLWithPath: junk))
        let bad = try box.onset("agree", "--store", junk)
        #expect(bad.status != 0 && bad.stderr.contains("not an Onset store"), "\(bad.stderr)")
        #expect(try box.onset("agree", "--slice-ms", "0").stderr.contains("--slice-ms must be positive"))
    }

    @Test func qcReportsAndRejectsAndAccepts() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        for who in ["tester", "bob"] {
            #expect(try box.onset(as: who, "spans", "add", "--session", "demo", "--signal", "interest", "--onset", "1", "--offset", "2",
                                  "--confidence", "3", "--intensity", "2").status == 0)
        }
        let report = try box.onset("qc", "--gold", "tester")
        #expect(report.status == 0 && report.stdout.contains("Quality control") && report.stdout.contains("no_telemetry"), "\(report.stdout)\(report.stderr)")
        let ambiguous = try box.onset("qc", "reject", "demo", "--reason", "rushed")
        #expect(ambiguous.status != 0 && ambiguous.stderr.contains("choose one with --annotator"), "\(ambiguous.stderr)")
        #expect(try box.onset("qc", "reject", "demo", "--reason", " ").stderr.contains("--reason must say why"))
        let rejected = try box.onset("qc", "reject", "demo", "--annotator", "bob", "--reason", "rushed")
        #expect(rejected.status == 0 && rejected.stdout.contains("rejected: session demo by bob (rushed)"), "\(rejected.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(try box.onset("agree", "--json").stdout.utf8)) as? [String: Any]
        #expect(((json?["signals"] as? [[String: Any]])?.first?["items"] as? Int) == 0, "rejected work leaves the agreement report")
        #expect(try box.onset("qc", "accept", "demo", "--annotator", "bob", "--reason", "re-checked").status == 0)
        let back = try JSONSerialization.jsonObject(with: Data(try box.onset("agree", "--json").stdout.utf8)) as? [String: Any]
        #expect(((back?["signals"] as? [[String: Any]])?.first?["items"] as? Int) == 1)
    }

    @Test func alphaWithASeededBootstrapInterval() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let csv = box.folder + "/published.csv"
        try Harness.publishedAlphaCSV.write(toFile: csv, atomically: true, encoding: .utf8)
        let first = try box.onset("alpha", csv, "--level", "ordinal", "--bootstrap", "300", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let alpha = try #require(json["alpha"] as? Double), ci = try #require(json["ci"] as? [String: Any])
        #expect(abs(alpha - 0.815) < 0.0005)
        #expect((ci["lower"] as! Double) <= alpha && alpha <= (ci["upper"] as! Double) && ci["replicates"] as? Int == 300)
        #expect(try box.onset("alpha", csv, "--level", "ordinal", "--bootstrap", "300", "--json").stdout == first.stdout, "seeded: the same interval")
        #expect(try box.onset("alpha", csv, "--level", "ordinal", "--bootstrap", "300").stdout.contains("95% CI ["))
    }
}
