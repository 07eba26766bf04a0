import Foundation
import OnsetCore
@testable import OnsetStore
import Testing
@testable import OnsetSync

@Suite struct RoundTripTests {
    @Test func annotateBundleIngestAndTheMergedExportEqualsTheSource() throws {
        let world = try SyncWorld()
        let w = try world.workstation()
        var spans: [Span] = []
        for i in 0..<20 { spans.append(try w.store.create(world.span(Int64(i) * 1_000_000, Int64(i) * 1_000_000 + 500_000), actor: "ann")) }
        let made = try #require(try world.bundle(w))
        #expect(made.records == 20 && made.manifest.sequence == 1 && made.manifest.counts["spans"] == 20)
        #expect(made.manifest.wave == "w1" && made.manifest.media.first?.fingerprint == "v1:1:2:ff")

        let result = try Ingest.ingest(try world.bytes(made), into: world.central)
        #expect(result.outcome == .applied(records: 20, unchanged: 0))
        let exported = try world.exported()
        let source = try w.store.spans(session: "s1")
        #expect(exported.count == source.count)
        for (e, s) in zip(exported.sorted { ($0["id"] as! String) < ($1["id"] as! String) }, source.sorted { $0.id.uuidString < $1.id.uuidString }) {
            #expect(e["id"] as? String == s.id.uuidString && e["kind"] as? String == "span" && e["project"] as? String == "p1")
            #expect(e["onset_us"] as? Int == Int(s.onset.microseconds) && e["offset_us"] as? Int == Int(s.offset.microseconds))
            #expect(e["cues"] as? [String] == s.cues && e["rationale"] as? String == s.rationale && e["annotator"] as? String == "ann")
            #expect(e["wave"] as? String == "w1" && e["revision"] as? Int == 1)
        }

        // The same bundle again changes nothing, and says so.
        #expect(try Ingest.ingest(try world.bytes(made), into: world.central).outcome == .alreadyApplied)
        // Nothing new: no bundle.
        #expect(try world.bundle(w) == nil)
    }

    @Test func theSameChangesMakeTheSameBytes() throws {
        let world = try SyncWorld()
        let identity = Identity.create(annotator: "ann", workstation: "fixed")
        let a = try world.workstation(name: "a", identity: identity)
        let b = try world.workstation(name: "b", register: false, identity: identity)
        let span = world.span(0, 1_000)
        // The same span (same id and times) in two stores: the same bundle.
        try a.store.createAll([span], actor: "ann")
        try b.store.createAll([span], actor: "ann")
        for store in [a.store, b.store] {
            // The same changes made at the same moments.
            try store.pool.write { db in
                try db.execute(sql: "UPDATE op_log SET at_us = 1700000000000000")
                try db.execute(sql: "UPDATE span SET created_at_us = 1700000000000000, updated_at_us = 1700000000000000")
            }
        }
        #expect(try world.bytes(try world.bundle(a)) == (try world.bytes(try world.bundle(b))))
    }

    @Test func editsAndDeletesAfterAnEarlierSyncSupersedeAndHistoryIsKept() throws {
        let world = try SyncWorld()
        let w = try world.workstation()
        let kept = try w.store.create(world.span(0, 1_000_000), actor: "ann")
        let gone = try w.store.create(world.span(2_000_000, 3_000_000), actor: "ann")
        _ = try Ingest.ingest(try world.bytes(try world.bundle(w)), into: world.central)
        var moved = kept
        moved.offset = Timecode(microseconds: 1_500_000)
        _ = try w.store.update(moved, actor: "ann")
        _ = try w.store.deleteSpan(gone.id, actor: "ann")
        let second = try #require(try world.bundle(w))
        #expect(second.manifest.sequence == 2 && second.records == 2)
        #expect(try Ingest.ingest(try world.bytes(second), into: world.central).outcome == .applied(records: 2, unchanged: 0))
        let exported = try world.exported()
        #expect(exported.count == 1 && exported[0]["offset_us"] as? Int == 1_500_000 && exported[0]["revision"] as? Int == 2)
        #expect(try world.central.revisions(of: kept.id.uuidString) == [1, 2])
        #expect(try world.central.revisions(of: gone.id.uuidString) == [1, 2], "the tombstone is a revision")
        // Everything again (--all) is harmless: known revisions are recognised.
        let all = try #require(try world.bundle(w, all: true))
        #expect(try Ingest.ingest(try world.bytes(all), into: world.central).outcome == .applied(records: 2, unchanged: 2))
    }

    @Test func aGapIsHeldAndAppliedWhenTheMissingBundleArrives() throws {
        let world = try SyncWorld()
        let w = try world.workstation()
        _ = try w.store.create(world.span(0, 1_000), actor: "ann")
        let first = try world.bytes(try world.bundle(w))
        _ = try w.store.create(world.span(2_000, 3_000), actor: "ann")
        let second = try world.bytes(try world.bundle(w))
        _ = try w.store.create(world.span(4_000, 5_000), actor: "ann")
        let third = try world.bytes(try world.bundle(w))

        #expect(try Ingest.ingest(third, into: world.central).outcome == .held(waitingFor: 1))
        #expect(try Ingest.ingest(second, into: world.central).outcome == .held(waitingFor: 1))
        #expect(try Ingest.ingest(second, into: world.central).outcome == .alreadyHeld(waitingFor: 1))
        #expect(try world.central.heldBundles().map(\.sequence) == [2, 3])
        #expect(try world.exported().isEmpty)
        let r = try Ingest.ingest(first, into: world.central)
        #expect(r.outcome == .applied(records: 1, unchanged: 0) && r.released.count == 2)
        #expect(try world.exported().count == 3 && world.central.heldBundles().isEmpty)
    }

    @Test func twoWorkstationsOfOneAnnotator() throws {
        let world = try SyncWorld()
        let identity = Identity.create(annotator: "ann")
        let home = try world.workstation(name: "home", identity: Identity(annotator: "ann", workstation: "home", key: identity.key))
        let lab = try world.workstation(name: "lab", session: "s2", identity: Identity(annotator: "ann", workstation: "lab", key: identity.key))
        _ = try home.store.create(world.span(0, 1_000), actor: "ann")
        _ = try lab.store.create(world.span(0, 1_000, session: "s2"), actor: "ann")
        #expect(try Ingest.ingest(try world.bytes(try world.bundle(lab)), into: world.central).outcome == .applied(records: 1, unchanged: 0))
        #expect(try Ingest.ingest(try world.bytes(try world.bundle(home)), into: world.central).outcome == .applied(records: 1, unchanged: 0),
                "each workstation numbers its own bundles")
        #expect(try world.exported().count == 2)
    }
}
