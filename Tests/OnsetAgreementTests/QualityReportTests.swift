import Testing
@testable import OnsetAgreement

@Suite struct QualityReportTests {
    typealias S = AgreementInput.Span

    static let input = AgreementInput(spanItems: [.init(item: "s1", wave: "w", length: 60_000_000, coders: [
        "ann": [S(signal: "smile", start: 1_000_000, end: 3_000_000, intensity: nil), S(signal: "smile", start: 10_000_000, end: 12_000_000, intensity: nil)],
        "bob": [S(signal: "smile", start: 1_200_000, end: 3_000_000, intensity: nil)],
        "gold": [S(signal: "smile", start: 1_000_000, end: 3_100_000, intensity: nil), S(signal: "smile", start: 30_000_000, end: 31_000_000, intensity: nil)]])],
        ratings: [.init(clip: "c", dimension: "q", wave: "w", annotator: "ann", score: 3, session: "s1"),
                  .init(clip: "c", dimension: "q", wave: "w", annotator: "gold", score: 5, session: "g1")])

    @Test func measuresAgainstPeersAndGoldAndRaisesTheRules() throws {
        let work = [
            QualityReport.Work(session: "s1", annotator: "ann", wave: "w", item: "s1", mediaDurationUs: 60_000_000,
                               telemetry: .init(activeUs: 30_000_000, coveredUs: 45_000_000, timelineInteractions: 0)),
            QualityReport.Work(session: "s1", annotator: "bob", wave: "w", item: "s1", mediaDurationUs: 60_000_000,
                               telemetry: .init(activeUs: 90_000_000, coveredUs: 60_000_000, timelineInteractions: 12), decision: "accepted", reason: "ok"),
        ]
        let r = QualityReport.compute(work: work, input: Self.input, gold: ["gold"])
        let ann = try #require(r.sessions.first { $0.annotator == "ann" })
        #expect(ann.timeRatio == 0.5 && ann.coverage == 0.75 && ann.annotations == 3)
        #expect(ann.annotationsPerMinute == 6)   // 3 annotations in 30 s
        // Peer: ann's 2 spans vs bob's 1, one match (IoU 0.9) → F1 = 2·1/3.
        #expect(abs(ann.peerF1! - 2.0 / 3) < 1e-12)
        // Gold: 1 of 2 spans matches 1 of 2 gold spans; onset error 0, offset 100 ms.
        #expect(ann.goldPrecision == 0.5 && ann.goldRecall == 0.5 && ann.goldF1 == 0.5)
        #expect(ann.goldOnsetErrorMs == 0 && ann.goldOffsetErrorMs == 100)
        #expect(ann.goldExact == 0 && ann.goldMeanAbsoluteError == 2)
        #expect(Set(ann.flags.map(\.rule)) == ["time_on_task", "no_timeline_interaction", "gold_exact"])
        let bob = try #require(r.sessions.first { $0.annotator == "bob" })
        #expect(bob.flags.isEmpty && bob.decision == "accepted")
        #expect(r.annotators.map(\.flaggedSessions) == [1, 0])
    }

    @Test func rulesCanBeTurnedOffAndMissingTelemetryIsFlagged() {
        var rules = QualityReport.Rules()
        rules.minTimeOnTask = 0
        rules.requireTimelineInteraction = false
        rules.minGoldExact = 0
        rules.minGoldF1 = 0.6
        let work = [QualityReport.Work(session: "s1", annotator: "ann", wave: nil, item: "s1", mediaDurationUs: 60_000_000,
                                       telemetry: .init(activeUs: 1, coveredUs: 0, timelineInteractions: 0)),
                    QualityReport.Work(session: "s2", annotator: "cat", wave: nil, item: "nowhere", mediaDurationUs: nil, telemetry: nil)]
        let r = QualityReport.compute(work: work, input: Self.input, gold: ["gold"], rules: rules)
        #expect(r.sessions[0].flags.map(\.rule) == ["gold_f1"])
        #expect(r.sessions[1].flags.map(\.rule) == ["no_telemetry"] && r.sessions[1].goldF1 == nil)
    }

    /// Clip rating is judged on rushing through clips, not on the media's time or a timeline.
    @Test func clipRatingIsFlaggedForClipsFinishedBeforeTheyPlayedThrough() throws {
        let rushed = QualityReport.Work(session: "r1", annotator: "ann", wave: "w", item: "r1", mediaDurationUs: nil,
                                        telemetry: .init(activeUs: 20_000_000, coveredUs: 0, timelineInteractions: 0, clipsFinished: 8, clipsRushed: 3),
                                        rating: true)
        let careful = QualityReport.Work(session: "r2", annotator: "bob", wave: "w", item: "r2", mediaDurationUs: nil,
                                         telemetry: .init(activeUs: 90_000_000, coveredUs: 0, timelineInteractions: 0, clipsFinished: 8, clipsRushed: 2),
                                         rating: true)
        let r = QualityReport.compute(work: [rushed, careful], input: AgreementInput(spanItems: [], ratings: []), gold: [])
        let ann = try #require(r.sessions.first { $0.annotator == "ann" })
        #expect(ann.flags.map(\.rule) == ["rushed_clips"], "no timeline or time-on-task rule for clip rating")
        #expect(ann.flags.first?.message == "finished 3 of 8 clips before they had played through once (rule: at most 25%)")
        #expect(ann.clipsFinished == 8 && ann.clipsRushed == 3)
        #expect(r.sessions.first { $0.annotator == "bob" }?.flags.isEmpty == true, "2 of 8 is within the rule")
    }
}
