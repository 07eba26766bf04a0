import Testing
@testable import OnsetAgreement

struct CalibrationTests {
    func span(_ signal: String, _ s: Int64, _ e: Int64) -> Calibration.Span { .init(signal: signal, start: s * 1000, end: e * 1000) }

    @Test func spansArePooledPerSignalAndTheVerdictFollowsTheRule() {
        let items = [
            Calibration.Item(item: "i1", spans: [span("a", 0, 1000), span("a", 5000, 6000), span("b", 0, 500)],
                             goldSpans: [span("a", 100, 1000), span("a", 8000, 9000), span("b", 0, 500)]),
            Calibration.Item(item: "i2", spans: [span("a", 0, 1000)], goldSpans: [span("a", 0, 1000)]),
        ]
        let r = Calibration.score(items, rule: .init(threshold: 0.85, measure: .spanF1, iou: 0.5))
        let a = r.signals.first { $0.signal == "a" }!
        #expect(a.spans == 3 && a.gold == 3 && a.matched == 2 && a.f1 == 2.0 / 3.0)
        #expect(a.onsetErrorMs == 50 && a.offsetErrorMs == 0, "(100 + 0) / 2 matched pairs")
        #expect(r.overall.matched == 3 && r.overall.spans == 4 && r.overall.gold == 4 && r.value == 0.75)
        #expect(r.passed == false)
        #expect(Calibration.score(items, rule: .init(threshold: 0.75, measure: .spanF1)).passed == true, "at the threshold passes")
        let i1 = r.items[0].differences
        #expect(i1.map(\.kind) == ["matched", "matched", "extra", "missed"], "in time order: \(i1.map(\.kind))")
        #expect(i1.filter(\.differs).count == 3, "the exact b match is no difference")
        #expect(r.items[1].differences.allSatisfy { !$0.differs })
    }

    @Test func ratingsAndUndefinedMeasures() {
        let items = [Calibration.Item(item: "clips", spans: [], goldSpans: [],
                                      ratings: [.init(clip: "c1", dimension: "motion", score: 4), .init(clip: "c2", dimension: "motion", score: 2),
                                                .init(clip: "c1", dimension: "fidelity", score: 5), .init(clip: "c3", dimension: "motion", score: 5)],
                                      goldRatings: [.init(clip: "c1", dimension: "motion", score: 4), .init(clip: "c2", dimension: "motion", score: 4),
                                                    .init(clip: "c1", dimension: "fidelity", score: 4)])]
        let exact = Calibration.score(items, rule: .init(threshold: 0.85, measure: .ratingExact))
        #expect(exact.value == 1.0 / 3.0 && exact.passed == false)
        #expect(exact.dimensions.map(\.dimension) == ["fidelity", "motion"] && exact.dimensions[1].n == 2, "c3 has no gold: not scored")
        #expect(exact.dimensions[1].meanAbsoluteError == 1)
        let within = Calibration.score(items, rule: .init(threshold: 0.6, measure: .ratingWithinOne))
        #expect(within.value == 2.0 / 3.0 && within.passed == true)
        let spans = Calibration.score(items, rule: .init(measure: .spanF1))
        #expect(spans.value == nil && spans.passed == nil && spans.undefinedReason == "the gold has no spans on these items", "never a pass by default")
        #expect(Calibration.score([], rule: .init(measure: .ratingExact)).undefinedReason == "no calibration item")
    }
}
