import Foundation
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetSync

/// Reviewing predictions in a workstation store, and the summary of the review.
@Suite struct ReviewTests {
    @Test func acceptAdjustRejectUndoAndTheModelsScore() throws {
        let world = try SyncWorld()
        let w = try world.workstation()
        func prediction(_ n: Int, _ type: String, _ on: Int64, _ off: Int64) -> Prediction {
            Prediction(id: "p-\(n)", sessionID: "s1", layer: "signals", type: type, onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
                       probability: .high, rationale: "r\(n)", known: type == "a")
        }
        let predictions = [prediction(1, "a", 0, 1_000_000), prediction(2, "a", 2_000_000, 3_000_000), prediction(3, "zz", 4_000_000, 5_000_000),
                           prediction(4, "a", 6_000_000, 7_000_000)]
        #expect(try w.store.importPredictions(predictions, source: "f.json") == 4)
        #expect(try w.store.importPredictions(predictions, source: "f.json") == 0, "importing again changes nothing")

        try w.store.review("p-1", decision: .accepted, span: world.span(0, 1_000_000), reviewer: "ann")
        #expect(throws: StoreError.self) { try w.store.review("p-1", decision: .rejected, span: nil, reviewer: "ann") }
        try w.store.review("p-2", decision: .adjusted, span: world.span(2_000_000, 2_400_000), reviewer: "ann")
        try w.store.review("p-3", decision: .rejected, reason: "not a signal", span: nil, reviewer: "ann")
        #expect(throws: StoreError.self, "accepting makes a span") { try w.store.review("p-4", decision: .accepted, span: nil, reviewer: "ann") }
        let reviewed = try w.store.predictions(session: "s1")
        #expect(reviewed.map { $0.review?.decision } == [.accepted, .adjusted, .rejected, nil])
        let spans = try w.store.spans(session: "s1")
        #expect(spans.count == 2 && reviewed[0].review?.spanID == spans.first { $0.onset == .zero }?.id, "linked to the span it became")

        // p-1 matches its span exactly; p-2's adjusted span keeps IoU 0.4 < 0.5: no match.
        let summary = ReviewSummary.build(session: "s1", predictions: reviewed, spans: spans)
        let a = try #require(summary.signals.first { $0.signal == "a" })
        #expect(a.predictions == 3 && a.accepted == 1 && a.adjusted == 1 && a.unreviewed == 1 && a.matched == 1)
        #expect(a.precision == 0.5 && a.recall == 0.5, "unreviewed p-4 is not counted as the model's")
        #expect(summary.unknownTypes == ["zz": 1] && summary.overall.precision == 1.0 / 3.0)
        #expect(ReviewSummary.build(session: "s1", predictions: reviewed, spans: spans, iou: 0.3).signals.first { $0.signal == "a" }?.matched == 2)

        try w.store.undecide("p-1", reviewer: "ann")
        #expect(try w.store.spans(session: "s1").count == 1, "the span an acceptance made goes with it")
        #expect(try w.store.predictions(session: "s1")[0].review == nil)
        #expect(try w.store.undoDepth(session: "s1").undo == 3, "each decision's span is an ordinary edit in the op log")
    }

    /// Decisions travel in bundles (rejections too, which make no span), a decision taken back
    /// travels as a tombstone, and the central store's summary agrees with the workstation's.
    @Test func decisionsReachTheCentralStoreAndTheSummaryThere() throws {
        let world = try SyncWorld()
        let w = try world.workstation()
        let predictions = (1...3).map { n in
            Prediction(id: "p-\(n)", sessionID: "s1", layer: "signals", type: "a", onset: Timecode(microseconds: Int64(n) * 2_000_000),
                       offset: Timecode(microseconds: Int64(n) * 2_000_000 + 1_000_000), probability: .medium, rationale: "r", known: true)
        }
        try w.store.importPredictions(predictions, source: "f.json")
        try w.store.review("p-1", decision: .accepted, span: world.span(2_000_000, 3_000_000), reviewer: "ann")
        try w.store.review("p-2", decision: .rejected, reason: "nothing there", span: nil, reviewer: "ann")
        #expect(try w.store.unbundledEdits() == 3, "the acceptance's span and the two decisions")
        let first = try #require(try world.bundle(w))
        #expect(first.manifest.counts["prediction_reviews"] == 2)
        #expect(try Ingest.ingest(try world.bytes(first), into: world.central).outcome == .applied(records: 3, unchanged: 0))
        var lines = try world.central.predictionReviewLines(project: "p1")
        #expect(lines.map(\.annotator) == ["ann", "ann"])
        #expect(lines.contains { $0.line.contains("\"decision\":\"rejected\"") && $0.line.contains("nothing there") })
        #expect(try world.exported().allSatisfy { $0["kind"] as? String == "span" }, "the merged dataset stays spans and ratings")
        #expect(try world.bundle(w) == nil, "nothing new: no bundle")

        // A rejection taken back, then the last prediction rejected: both in the next bundle.
        try w.store.undecide("p-2", reviewer: "ann")
        try w.store.review("p-3", decision: .rejected, span: nil, reviewer: "ann")
        #expect(try w.store.unbundledEdits() == 2)
        let second = try #require(try world.bundle(w))
        #expect(second.manifest.counts["prediction_reviews"] == 2)
        #expect(try Ingest.ingest(try world.bytes(second), into: world.central).outcome == .applied(records: 2, unchanged: 0))
        lines = try world.central.predictionReviewLines(project: "p1")
        #expect(lines.count == 2 && !lines.contains { $0.line.contains("\"p-2\"") }, "the tombstone supersedes the rejection")

        let local = ReviewSummary.build(session: "s1", predictions: try w.store.predictions(session: "s1"), spans: try w.store.spans(session: "s1"))
        let central = try ReviewSummary.central(world.central, project: "p1")
        #expect(central.overall.accepted == 1 && central.overall.rejected == 1 && central.overall.matched == 1)
        #expect(central.overall.precision == local.overall.precision && central.overall.recall == local.overall.recall)
        #expect(central.overall.precision == 0.5 && central.overall.recall == 1)

        // A signed bundle whose review line claims another reviewer's record is refused whole.
        let draft = BundleManifest(bundle_id: "", created_at_us: 1, annotator: "ann", workstation: w.identity.workstation, public_key: w.identity.publicKey,
                                   project: "p1", wave: nil, waves: [], sequence: 3, schemes: [], media: [], operations: .init(after_seq: 0, through_seq: 0),
                                   counts: [:], members: [:])
        let session = "{\"id\":\"s1\",\"title\":\"t\",\"project\":\"p1\",\"mode\":\"spans\",\"scheme_id\":\"test\",\"scheme_version\":2,\"annotator\":\"ann\"}\n"
        let review = "{\"id\":\"p-3/eve\",\"prediction\":\"p-3\",\"session\":\"s1\",\"layer\":\"signals\",\"type\":\"a\",\"onset_us\":0,\"offset_us\":5,"
            + "\"probability\":null,\"rationale\":\"\",\"known\":true,\"decision\":\"accepted\",\"reason\":\"\",\"span\":null,\"annotator\":\"ann\",\"revision\":9,\"deleted_at_us\":null}\n"
        let forged = try BundleFile.make(draft, members: [.sessions: Array(session.utf8), .predictionReviews: Array(review.utf8)], identity: w.identity).bytes
        let error = #expect(throws: BundleError.self) { try Ingest.ingest(forged, into: world.central) }
        #expect(error?.description.contains("must be the prediction's id, `/`, and the reviewer (ann)") == true, "\(error?.description ?? "")")
        #expect(try world.central.predictionReviewLines(project: "p1").count == 2, "the central store is unchanged")
    }
}
