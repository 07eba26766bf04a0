import Foundation
import OnsetAgreement
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetSync

@Suite struct AgreementSourceTests {
    /// Two annotators deliver the same session; a third codes another one alone.
    @Test func centralStoreItemsAndTheReportOnThem() throws {
        let world = try SyncWorld()
        let ann = try world.workstation("ann", name: "ann")
        let bob = try world.workstation("bob", name: "bob")
        let cat = try world.workstation("cat", name: "cat", session: "s2")
        _ = try ann.store.create(world.span(0, 1_000_000, annotator: "ann"), actor: "ann")
        _ = try ann.store.create(world.span(3_000_000, 4_000_000, annotator: "ann"), actor: "ann")
        let late = try ann.store.create(world.span(6_000_000, 7_000_000, annotator: "ann"), actor: "ann")
        _ = try ann.store.deleteSpan(late.id, actor: "ann")
        _ = try bob.store.create(world.span(200_000, 1_000_000, annotator: "bob"), actor: "bob")
        _ = try cat.store.create(world.span(0, 5_000_000, annotator: "cat", session: "s2"), actor: "cat")
        for w in [ann, bob, cat] { _ = try Ingest.ingest(try world.bytes(try world.bundle(w)), into: world.central) }

        let input = try AgreementSource.central(world.central, project: "p1", wave: nil)
        #expect(input.spanItems.map(\.item) == ["s1", "s2"])
        let s1 = input.spanItems[0]
        #expect(s1.coders.keys.sorted() == ["ann", "bob"] && s1.coders["ann"]!.count == 2, "the deleted span is not current")
        #expect(s1.length == 4_000_000 && s1.wave == "w1")

        let report = AgreementReport.compute(input)
        let a = try #require(report.signals.first)
        #expect(a.signal == "a" && a.items == 1 && a.annotators == 3 && a.spans == 4)
        // The same figures computed directly on s1's spans.
        let direct = TimeSliceAlpha.compute([.init(length: 4_000_000, spans: [[(0, 1_000_000), (3_000_000, 4_000_000)], [(200_000, 1_000_000)]])],
                                            slice: 100_000)
        #expect(a.timeSliceAlpha.value == direct.alpha.alpha)
        let u = try UnitizingAlpha.compute([[.init(start: 0, end: 1_000_000, value: "2"), .init(start: 3_000_000, end: 4_000_000, value: "2")],
                                            [.init(start: 200_000, end: 1_000_000, value: "2")]], length: 4_000_000)
        #expect(a.uAlpha.value == u.uAlpha.alpha && a.binaryUAlpha.value == u.binaryUAlpha.alpha)
        #expect(a.pairs.map(\.annotators) == [["ann", "bob"]] && a.pairs[0].items == 1)
        #expect(a.cuAlpha.value == nil, "every span has intensity 2: nothing to disagree on")

        // The same item merged for ELAN/Praat: both annotators' current spans and the media facts.
        let merged = try #require(try MergedItem.load(world.central, project: "p1", session: "s1"))
        #expect(Set(merged.spans.map(\.annotator)) == ["ann", "bob"] && merged.spans.count == 3)
        #expect(merged.media == "m.mp4" && merged.schemeID == "test" && merged.wave == "w1")
        #expect(try MergedItem.load(world.central, project: "p1", session: "nope") == nil)
    }

    @Test func workstationStoreGroupsSessionsByMedia() throws {
        let folder = NSTemporaryDirectory() + "onset-agree-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try SyncWorld()
        let store = try LocalStore(path: folder + "/store.sqlite")
        for (id, who) in [("s1", "ann"), ("s2", "bob")] {
            try store.register(SessionFile(id: id, media: "same.mp4", scheme: "test", annotator: who, project: "p1", wave: "w1",
                                           directory: folder, path: folder + "/\(id).toml"), scheme: world.scheme, annotator: who)
        }
        _ = try store.create(world.span(0, 1_000_000, annotator: "ann", session: "s1"), actor: "ann")
        let input = try AgreementSource.workstation(store, project: nil, wave: nil) { _ in 10_000_000 }
        #expect(input.spanItems.count == 1 && input.spanItems[0].coders.keys.sorted() == ["ann", "bob"])
        #expect(input.spanItems[0].length == 10_000_000 && input.spanItems[0].coders["bob"]!.isEmpty)
        let report = AgreementReport.compute(input)
        #expect(report.signals[0].items == 1 && report.signals[0].timeSliceAlpha.value != nil)
    }
}
