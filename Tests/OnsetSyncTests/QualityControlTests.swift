import Foundation
import OnsetAgreement
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetSync

@Suite struct QualityControlTests {
    @Test func aRejectedSessionIsKeptButLeftOutOfDeliveriesAndAgreement() throws {
        let world = try SyncWorld()
        let ann = try world.workstation("ann", name: "ann")
        let bob = try world.workstation("bob", name: "bob")
        _ = try ann.store.create(world.span(0, 1_000_000, annotator: "ann"), actor: "ann")
        _ = try bob.store.create(world.span(100_000, 1_000_000, annotator: "bob"), actor: "bob")
        var telemetry = SessionTelemetry()
        telemetry.activity(at: 0)
        telemetry.activity(at: 5_000_000)
        try bob.store.saveTelemetry(telemetry, session: "s1", annotator: "bob")
        for w in [ann, bob] { _ = try Ingest.ingest(try world.bytes(try world.bundle(w)), into: world.central) }

        #expect(throws: StoreError.self) { try world.central.decide(project: "p1", session: "s1", annotator: nil, status: .rejected, reason: "x", by: "lead") }
        #expect(throws: StoreError.self) { try world.central.decide(project: "p1", session: "s1", annotator: "zed", status: .rejected, reason: "x", by: "lead") }
        try world.central.decide(project: "p1", session: "s1", annotator: "bob", status: .rejected, reason: "rushed", by: "lead")

        #expect(try world.exported().map { $0["annotator"] as? String } == ["ann"], "rejected work is not delivered")
        var training: [UInt8] = []
        #expect(try TrainingExport.export(world.central, project: "p1", wave: nil) { training += $0 } == 1)
        var all = 0
        try world.central.eachCurrentRecord(project: "p1", wave: nil, qc: .all) { _, _, _ in all += 1 }
        #expect(all == 2, "the rejected work is kept")
        let input = try AgreementSource.central(world.central, project: "p1", wave: nil)
        #expect(input.spanItems[0].coders.keys.sorted() == ["ann"])

        let qc = try QualitySource.central(world.central, project: "p1", wave: nil)
        let report = QualityReport.compute(work: qc.work, input: qc.input, gold: [])
        let row = try #require(report.sessions.first { $0.annotator == "bob" })
        #expect(row.decision == "rejected" && row.reason == "rushed" && row.annotations == 1 && row.timeOnTaskS == 5)
        #expect(report.sessions.first { $0.annotator == "ann" }!.flags.map(\.rule) == ["no_telemetry"])

        try world.central.decide(project: "p1", session: "s1", annotator: "bob", status: .accepted, reason: "re-checked", by: "lead")
        #expect(try world.exported().count == 2, "accepting takes the work back")

        // Only accepted work; and the gold status of an item a gold annotator coded.
        var accepted: [UInt8] = []
        #expect(try TrainingExport.export(world.central, project: "p1", wave: nil, qc: .accepted) { accepted += $0 } == 1)
        #expect(String(decoding: accepted, as: UTF8.self).contains("\"annotator\":\"bob\""))
        var golden: [UInt8] = []
        try TrainingExport.export(world.central, project: "p1", wave: nil, gold: ["ann"]) { golden += $0 }
        let statuses = String(decoding: golden, as: UTF8.self).split(separator: "\n").map {
            (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["agreement_status"] as! String
        }
        #expect(statuses == ["gold", "gold"])
    }
}

@Suite struct CurrentRevisionTests {
    /// Revisions of one record arriving out of order (two workstations of one annotator): the
    /// highest stays current whatever the order, and the migration's backfill agrees.
    @Test func theHighestRevisionIsCurrentInAnyArrivalOrder() throws {
        let world = try SyncWorld()
        try world.central.registerAnnotator("ann", publicKey: Identity.create(annotator: "ann").publicKey, projects: ["p1"])
        func deliver(_ bundle: String, sequence: Int64, workstation: String, revisions: [Int64]) throws {
            let b = IngestBundle(id: bundle, sha256: bundle, annotator: "ann", workstation: workstation, project: "p1", sequence: sequence)
            _ = try world.central.ingest(b, bytes: []) { ingest in
                try ingest.session(id: "s1", project: "p1", wave: nil, line: "{}")
                for r in revisions {
                    try ingest.record(kind: "span", id: "X", revision: r, session: "s1", wave: nil, deleted: false, line: "{\"rev\":\(r)}")
                }
            }
        }
        try deliver("b1", sequence: 1, workstation: "w1", revisions: [3])
        try deliver("b2", sequence: 1, workstation: "w2", revisions: [1, 2])
        var lines: [String] = []
        try world.central.eachCurrentRecord(project: "p1", wave: nil) { _, _, line in lines.append(line) }
        #expect(lines == ["{\"rev\":3}"])
        try deliver("b3", sequence: 2, workstation: "w2", revisions: [4])
        lines = []
        try world.central.eachCurrentRecord(project: "p1", wave: nil) { _, _, line in lines.append(line) }
        let revisions = try world.central.revisions(of: "X")
        #expect(lines == ["{\"rev\":4}"] && revisions == [1, 2, 3, 4])
    }
}
