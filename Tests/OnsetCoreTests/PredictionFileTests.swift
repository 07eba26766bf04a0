import Foundation
import Testing
@testable import OnsetCore

struct PredictionFileTests {
    let known: Set<String> = ["hesitation", "stress", "interest"]

    func read(_ json: String, duration: Int64? = 10_000_000) throws -> PredictionFile.Loaded {
        try PredictionFile.read(Data(json.utf8), file: "/x/pred.json", session: "s1", signals: known, mediaDuration: duration.map { Timecode(microseconds: $0) })
    }

    @Test func theNewShapeLoadsWithItsLayersAndStableIDs() throws {
        let json = #"""
            {"signals": [{"type": "hesitation", "start": 1, "end": 2.5, "probability": "High", "rationale": "um"},
                         {"type": "boredom", "start": 0, "end": 1, "probability": "low", "rationale": ""}],
             "engagement_state": [{"state": "engaged", "start": 0, "end": 3}]}
            """#
        let a = try read(json)
        #expect(a.shape == "new" && a.skipped.isEmpty)
        #expect(a.predictions.map(\.type) == ["hesitation", "boredom", "engaged"])
        #expect(a.predictions[0].onset.microseconds == 1_000_000 && a.predictions[0].offset.microseconds == 2_500_000 && a.predictions[0].probability == .high)
        #expect(a.predictions.map(\.known) == [true, false, true] && a.unknownTypes == ["boredom": 1], "unknown types load and are listed")
        #expect(a.predictions[2].layer == "engagement_state")
        #expect(try read(json).predictions.map(\.id) == a.predictions.map(\.id), "the same file gives the same ids")
        #expect(Set(a.predictions.map(\.id)).count == 3)
    }

    @Test func theOlderShapeMapsConfidenceToProbability() throws {
        let a = try read(#"""
            {"signals": [{"type": "stress", "start": 1, "end": 2, "confidence": 0.9, "intensity": 4, "reasoning": "pitch"},
                         {"type": "stress", "start": 3, "end": 4, "confidence": "medium", "intensity": "low", "reasoning": ""},
                         {"type": "interest", "start": 5, "end": 6, "confidence": 2, "reasoning": "x"}]}
            """#)
        #expect(a.shape == "older")
        #expect(a.predictions.map(\.probability) == [.high, .medium, .low])
        #expect(a.predictions[0].rationale == "pitch" && a.predictions[0].intensity == "4" && a.predictions[0].confidence == "0.9")
    }

    @Test func badItemsAreSkippedByPathAndBadShapesRefused() throws {
        let a = try read(#"""
            {"signals": [{"type": "stress", "start": -1, "end": 2}, {"type": "stress", "start": 3, "end": 2},
                         {"type": "stress", "start": 1, "end": 2, "probability": "sure"}, {"start": 1, "end": 2},
                         {"type": "stress", "start": 1, "end": 11}, {"type": "stress", "start": true, "end": 2}, 7,
                         {"type": "stress", "start": 1, "end": 2}]}
            """#)
        #expect(a.predictions.count == 1)
        #expect(a.skipped == [
            "signals[0] (stress): negative start -1.0 s", "signals[1] (stress): end 2.0 s is not after start 3.0 s",
            "signals[2] (stress): probability sure is not low, medium or high", "signals[3]: no type",
            "signals[4] (stress): ends at 00:11.000, past the media's end 00:10.000",
            "signals[5] (stress): start and end must be numbers of seconds", "signals[6]: not an object",
        ])
        #expect(throws: PredictionFile.ShapeError.self) { try read("[1, 2]") }
        #expect(throws: PredictionFile.ShapeError.self) { try read(#"{"predictions": []}"#) }
        #expect(throws: PredictionFile.ShapeError.self) { try read(#"{"signals": {"a": 1}}"#) }
        #expect(throws: PredictionFile.ShapeError.self) { try read("not json") }
    }
}
