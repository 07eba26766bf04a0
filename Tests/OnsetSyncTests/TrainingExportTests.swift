import Foundation
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetSync

@Suite struct TrainingExportTests {
    @Test func oneRecordPerCurrentSpanWithTheItemsAgreementStatus() throws {
        let world = try SyncWorld()
        let ann = try world.workstation("ann", name: "ann")
        let bob = try world.workstation("bob", name: "bob")
        let solo = try world.workstation("ann", name: "ann2", session: "s2", identity: Identity(annotator: "ann", workstation: "ann2", key: ann.identity.key))
        _ = try ann.store.create(world.span(0, 1_000_000, annotator: "ann"), actor: "ann")
        let gone = try ann.store.create(world.span(2_000_000, 3_000_000, annotator: "ann"), actor: "ann")
        _ = try ann.store.deleteSpan(gone.id, actor: "ann")
        _ = try bob.store.create(world.span(500_000, 1_500_000, annotator: "bob"), actor: "bob")
        _ = try solo.store.create(world.span(0, 2_000_000, annotator: "ann", session: "s2"), actor: "ann")
        for w in [ann, bob, solo] { _ = try Ingest.ingest(try world.bytes(try world.bundle(w)), into: world.central) }

        var out: [UInt8] = []
        let count = try TrainingExport.export(world.central, project: "p1", wave: nil) { out += $0 }
        let records = String(decoding: out, as: UTF8.self).split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(count == 3 && records.count == 3, "the deleted span is left out")
        let status = Dictionary(records.map { ("\($0["annotator"]!) \(($0["source"] as! [String: Any])["session"]!)", $0["agreement_status"] as! String) },
                                uniquingKeysWith: { a, _ in a })
        #expect(status == ["ann s1": "overlapping", "bob s1": "overlapping", "ann s2": "single"])
        let first = try #require(records.first { $0["annotator"] as? String == "bob" })
        #expect(first["type"] as? String == "span" && first["start"] as? Double == 0.5 && first["annotator_confidence"] as? Int == 3)
        #expect((first["scores"] as? [String: Int]) == ["intensity": 2] && first["wave"] as? String == "w1")
        #expect((first["scheme"] as? [String: Any])?["version"] as? Int == 2 && (first["source"] as? [String: Any])?["media"] as? String == "m.mp4")
    }
}
