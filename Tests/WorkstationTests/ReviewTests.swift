import Foundation
import OnsetCore
import TerminalUI
import Testing
@testable import Workstation

/// Reviewing a model's predictions from the keyboard.
struct PredictionReviewTests {
    func prediction(_ n: Int, _ type: String, _ on: Int64, _ off: Int64, _ p: Prediction.Probability = .high) -> Prediction {
        Prediction(id: "p-\(n)", sessionID: "demo", layer: "signals", type: type, onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
                   probability: p, rationale: "because \(n)", known: type != "boredom")
    }

    func harness() throws -> MarkingTests.Harness {
        var state = Fixtures.state(spans: [])
        state.predictions = [prediction(1, "hesitation", 500_000, 1_500_000), prediction(2, "boredom", 1_000_000, 2_000_000, .low),
                             prediction(3, "stress", 2_500_000, 3_000_000, .medium)]
        return try MarkingTests.Harness(state: state)
    }

    @Test func stepAcceptRateRejectAndAdjustByKeys() throws {
        let h = try harness()
        h.keys("J")
        #expect(h.app.state.selectedPrediction == "p-1" && h.app.state.playhead.microseconds == 500_000)
        #expect(h.app.state.message?.contains("model: hesitation") == true)
        h.keys("a")
        guard case .store(.review("p-1", .accepted, let span?))? = h.effects.performed.last else { Issue.record("no review effect"); return }
        #expect(span.signal == "hesitation" && span.onset.microseconds == 500_000 && span.offset.microseconds == 1_500_000)
        #expect(h.app.state.prompt == .confidence(span.id), "ratings are asked as after marking")
        h.keys("4")
        h.keys("3")
        #expect(h.app.state.spans.span(span.id)?.confidence == 4 && h.app.state.spans.span(span.id)?.intensity == 3)
        h.key(KeyEvent(.escape))  // skip the cue checklist
        h.keys("a")
        #expect(h.app.state.message?.contains("accepted already") == true)

        h.keys("J")
        #expect(h.app.state.selectedPrediction == "p-2")
        h.keys("a")
        #expect(h.app.state.message?.contains("not in the scheme") == true, "an unknown type must be adjusted to a signal")
        h.keys("e")
        #expect(h.app.state.pendingAdjust?.prediction == "p-2")
        h.keys("=")  // uncertainty's key in the palette
        guard case .store(.review("p-2", .adjusted, let adjusted?))? = h.effects.performed.last else { Issue.record("no adjusted review"); return }
        #expect(adjusted.signal == "uncertainty" && adjusted.onset.microseconds == 1_000_000)
        h.keys("3")
        h.keys("2")
        h.key(KeyEvent(.escape))

        h.keys(":")
        for ch in "filter medium" { h.key(ch == " " ? KeyEvent(.space) : KeyEvent(.char(ch))) }
        h.key(KeyEvent(.enter))
        #expect(h.app.state.visiblePredictions.map(\.id) == ["p-3"])
        h.keys("K")
        h.keys("J")
        #expect(h.app.state.selectedPrediction == "p-3")
        h.keys("X")
        #expect(h.effects.performed.last == .store(.review(prediction: "p-3", decision: .rejected, span: nil)))
        #expect(h.app.state.decisions == ["p-1": .accepted, "p-2": .adjusted, "p-3": .rejected])
    }

    @Test func theModelLaneShowsPendingAndDecidedPredictions() throws {
        let h = try harness()
        h.keys("J")
        h.keys("X")
        let screen = Screen.render(h.app.state, keymap: try Fixtures.keymap()).text
        let lane = try #require(screen.split(separator: "\n").first { $0.contains("model 2/3") })
        #expect(lane.contains("▒") && lane.contains("┄"), "pending solid, rejected dotted: \(lane)")
    }
}
