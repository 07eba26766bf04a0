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
}
