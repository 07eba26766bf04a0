import Foundation
import Testing

/// `onset export` and `onset import` as a user runs them.
@Suite struct InterchangeCLITests {
    func spansJSON(_ box: Harness.Sandbox) throws -> [[String: Any]] {
        let out = try box.onset("spans", "list", "--session", "demo", "--format", "json").stdout
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]] ?? []
    }

    @Test func exportToELANThenImportBackAllOrNothing() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        #expect(try box.onset("spans", "add", "--session", "demo", "--signal", "hesitation", "--onset", "1.2", "--offset", "2.5",
                              "--confidence", "4", "--intensity", "3", "--rationale", "pauses, then \"um\"").status == 0)
        #expect(try box.onset("spans", "add", "--session", "demo", "--signal", "interest", "--onset", "0.5", "--offset", "3",
                              "--confidence", "2", "--intensity", "5").status == 0)
        let eaf = box.folder + "/demo.eaf", grid = box.folder + "/demo.TextGrid"
        #expect(try box.onset("export", "--session", "demo", "--format", "eaf", "--out", eaf).status == 0)
        #expect(try box.onset("export", "--session", "demo", "--format", "textgrid", "--out", grid).status == 0)
        let csv = try box.onset("export", "--session", "demo", "--format", "csv").stdout
        #expect(csv.hasPrefix("session,id,signal,onset,offset") && csv.contains(",hesitation,1.200,2.500,"))
        let before = try spansJSON(box)
        for span in before { #expect(try box.onset("spans", "delete", span["id"] as! String).status == 0) }
        #expect(try spansJSON(box).isEmpty)

        let imported = try box.onset("import", "eaf", eaf, "--session", "demo")
        #expect(imported.status == 0 && imported.stdout.contains("imported 2 spans"), "\(imported.stdout)\(imported.stderr)")
        let after = try spansJSON(box)
        func key(_ s: [String: Any]) -> String { "\(s["signal"]!) \(s["onset"]!) \(s["offset"]!) \(s["confidence"]!) \(s["intensity"]!) \(s["rationale"]!)" }
        #expect(after.map(key).sorted() == before.map(key).sorted())

        // A rating off the scale anywhere: refused with where it is, and nothing imported.
        let bad = try String(contentsOfFile: eaf, encoding: .utf8).replacingOccurrences(of: "<ANNOTATION_VALUE>5</ANNOTATION_VALUE>", with: "<ANNOTATION_VALUE>9</ANNOTATION_VALUE>")
        try bad.write(toFile: box.folder + "/bad.eaf", atomically: true, encoding: .utf8)
        let refused = try box.onset("import", "eaf", box.folder + "/bad.eaf", "--session", "demo")
        #expect(refused.status != 0 && refused.stderr.contains("intensity 9 is out of range") && refused.stderr.contains("nothing was imported"), "\(refused.stderr)")
        #expect(try spansJSON(box).count == 2)

        // The TextGrid's tiers come back too, and an unknown tier is listed.
        let extra = try String(contentsOfFile: grid, encoding: .utf8)
        try extra.write(toFile: box.folder + "/g.TextGrid", atomically: true, encoding: .utf8)
        let fromGrid = try box.onset("import", "textgrid", box.folder + "/g.TextGrid", "--session", "demo")
        #expect(fromGrid.status == 0 && fromGrid.stdout.contains("imported 2 spans"), "\(fromGrid.stdout)\(fromGrid.stderr)")
        #expect(try box.onset("undo", "--session", "demo").status == 0)
        #expect(try spansJSON(box).count == 2, "one undo takes the whole import back")
    }
}
