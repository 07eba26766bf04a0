import Foundation
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetSync

/// Calibration on the central store: a gold item worked by an expert and an annotator.
@Suite struct CalibrationScoringTests {
    @Test func submittedCalibrationWorkIsScoredOnceAgainstTheExpertAndStored() throws {
        let world = try SyncWorld()
        let central = world.central
        try central.createProject("acme", scheme: WaveStoreTests.scheme(2))
        let expert = try world.workstation("expert", name: "expert", project: "acme")
        let ann = try world.workstation("ann", name: "ann", project: "acme")
        var gold = ItemManifest.Item(line: 2, id: "g1", media: "/srv/g1.mp4", metadata: "{}")
        gold.session = "gold-g1"
        var request = WaveCreation.Request(project: "acme", wave: "calibration-1", phase: "calibration", annotators: ["ann"], overlap: 0, perItem: 1, createdBy: "lead")
        request.calibrate = ["ann"]
        try WaveCreation.commit(try WaveCreation.plan(request, items: [], gold: [gold], store: central), store: central)

        func work(_ w: SyncWorld.Workstation, _ who: String, _ spans: [(Int64, Int64)]) throws {
            try w.store.register(SessionFile(id: "gold-g1", media: "/srv/g1.mp4", scheme: "test", annotator: who, project: "acme", wave: "calibration-1",
                                             directory: world.folder, path: world.folder + "/\(who).toml"), scheme: world.scheme, annotator: who)
            for (on, off) in spans { _ = try w.store.create(world.span(on, off, annotator: who, session: "gold-g1"), actor: who) }
        }
        try work(expert, "expert", [(0, 1_000_000), (2_000_000, 3_000_000)])
        try work(ann, "ann", [(100_000, 1_000_000)])
        _ = try Ingest.ingest(try world.bytes(try world.bundle(expert, project: "acme")), into: central)
        _ = try Ingest.ingest(try world.bytes(try world.bundle(ann, project: "acme")), into: central)
        #expect(try CalibrationScoring.scoreFinished(central, project: "acme", annotator: "ann").isEmpty, "no rule yet, and not submitted")
        #expect(throws: (any Error).self) { try CalibrationScoring.rule(central, project: "acme", gold: nil, measure: nil, threshold: nil, iou: nil) }

        try central.setCalibrationRule(.init(project: "acme", gold: ["expert"], measure: "span-f1", threshold: 0.85, iou: 0.5))
        #expect(try CalibrationScoring.scoreFinished(central, project: "acme", annotator: "ann").isEmpty, "not submitted yet")
        try ann.store.submit(session: "gold-g1")
        _ = try Ingest.ingest(try world.bytes(try world.bundle(ann, project: "acme")), into: central)
        let scored = try CalibrationScoring.scoreFinished(central, project: "acme", annotator: "ann")
        let r = try #require(scored.first?.result)
        #expect(scored.count == 1 && scored[0].gold == ["gold-g1": "expert"])
        #expect(r.overall.matched == 1 && r.overall.precision == 1 && r.overall.recall == 0.5 && r.value == 2.0 / 3.0 && r.passed == false)
        #expect(try CalibrationScoring.scoreFinished(central, project: "acme", annotator: "ann").isEmpty, "scored once per submission")
        let stored = try central.calibrationResults(project: "acme", annotator: "ann")
        #expect(stored.count == 1 && stored[0].passed == false && stored[0].sessions == ["gold-g1"] && stored[0].scored_by == "auto")
        #expect(stored[0].result.contains("\"missed\""), "the feedback is stored with the figures")

        // Explicit scoring: the expert cannot be scored against themself; another threshold passes.
        let (goldAnnotators, rule) = try CalibrationScoring.rule(central, project: "acme", gold: nil, measure: nil, threshold: 0.6, iou: nil)
        #expect(try CalibrationScoring.score(central, project: "acme", sessions: ["gold-g1"], wave: nil, annotator: nil, gold: goldAnnotators, rule: rule).result.passed == true)
        #expect(throws: (any Error).self) {
            try CalibrationScoring.score(central, project: "acme", sessions: ["gold-g1"], wave: nil, annotator: "expert", gold: goldAnnotators, rule: rule)
        }
        #expect(throws: (any Error).self) {
            try CalibrationScoring.score(central, project: "acme", sessions: ["nope"], wave: nil, annotator: nil, gold: goldAnnotators, rule: rule)
        }
    }
}
