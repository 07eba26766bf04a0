import Foundation
import OnsetCore
import Testing
import TerminalUI
@testable import Workstation

@Suite struct MarkingTests {
    struct Harness {
        let app: Workstation
        let effects: RecordingEffects
        let clock: TestClock

        init(state: AppState = Fixtures.state(spans: [])) throws {
            effects = RecordingEffects()
            let clock = TestClock()
            self.clock = clock
            app = Workstation(state: state, keymap: try Fixtures.keymap(), backend: TestBackend(width: state.size.width, height: state.size.height),
                              effects: effects, now: { clock.now })
        }

        func keys(_ text: String) {
            for ch in text { app.handle(.key(KeyEvent(.char(ch)))) }
        }

        func key(_ key: KeyEvent) { app.handle(.key(key)) }
        func seek(frames: Int) { for _ in 0..<frames { keys(".") } }
    }

    @Test func aSignalKeyOpensAndClosesASpanThenRatingsFollow() throws {
        let h = try Harness()
        h.seek(frames: 30)
        h.keys("8")
        #expect(h.app.state.openSpans["hesitation"] == Timecode(microseconds: 1_001_000))
        #expect(h.effects.storeRequests.isEmpty)
        h.seek(frames: 30)
        h.keys("8")
        guard case .create(let span, _) = h.effects.storeRequests.first else { Issue.record("no create"); return }
        #expect(span.signal == "hesitation" && span.onset.microseconds == 1_001_000 && span.offset.microseconds == 2_002_000)
        #expect(span.annotator == "ann" && span.schemeID == "social-signals")
        #expect(h.app.state.prompt == .confidence(span.id))
        h.keys("4")
        #expect(h.app.state.prompt == .intensity(span.id))
        h.keys("3")
        #expect(h.app.state.prompt == nil)
        #expect(h.app.state.checklist?.spanID == span.id)
        #expect(h.effects.storeRequests.count == 3)
        guard case .update(let rated, grouped: true) = h.effects.storeRequests.last else { Issue.record("no grouped rating"); return }
        #expect(rated.confidence == 4 && rated.intensity == 3)
        #expect(!h.app.state.saved)
        h.app.tick()
        #expect(h.app.state.saved)
        // Created (1), then confidence (2) and intensity (3), each its own durable edit.
        #expect(h.app.state.spans.span(span.id)?.revision == 3)
    }

    @Test func theCueChecklistFollowsTheRatingsAndJoinsTheSameUndoStep() throws {
        let h = try Harness()
        h.keys("8")
        h.seek(frames: 10)
        h.keys("8")
        h.keys("43")
        #expect(h.app.state.checklist?.cues.first?.id == "gaze-aversion")
        h.key(KeyEvent(.space))
        h.keys("jjjj")
        h.keys("x")
        h.keys("k")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.checklist == nil)
        guard case .update(let withCues, grouped: true) = h.effects.storeRequests.last else { Issue.record("no grouped cue update"); return }
        #expect(withCues.cues == ["gaze-aversion", "filled-pause"])
        // Later, C opens the checklist for the selected span; Esc leaves it unchanged.
        h.keys("C")
        #expect(h.app.state.checklist?.checked == ["gaze-aversion", "filled-pause"])
        h.key(KeyEvent(.escape))
        #expect(h.app.state.checklist == nil && h.effects.storeRequests.count == 4)
    }

    @Test func markingWorksWhilePlayingAndSignalsOverlap() throws {
        let h = try Harness()
        h.key(KeyEvent(.space))
        #expect(h.app.state.isPlaying)
        h.clock.advance(500_000); h.app.tick()
        h.keys("8")
        h.clock.advance(400_000); h.app.tick()
        h.keys("=")
        h.clock.advance(600_000); h.app.tick()
        h.keys("8")
        h.keys("45")
        h.key(KeyEvent(.escape))
        h.clock.advance(300_000); h.app.tick()
        h.keys("=")
        h.keys("23")
        let created = h.effects.storeRequests.compactMap { if case .create(let s, _) = $0 { s } else { nil } }
        #expect(created.map(\.signal) == ["hesitation", "uncertainty"])
        #expect(created[0].onset.microseconds == 500_000 && created[0].offset.microseconds == 1_500_000)
        #expect(created[1].onset.microseconds == 900_000 && created[1].offset.microseconds == 1_800_000)
        #expect(h.app.state.isPlaying)
    }

    @Test func inAndOutPointsThenASignalKeyLabelTheStretch() throws {
        let h = try Harness()
        h.seek(frames: 60)
        h.keys("]")
        h.seek(frames: 0)
        h.key(KeyEvent(.home))
        h.seek(frames: 15)
        h.keys("[")
        h.keys("0")
        guard case .create(let span, _) = h.effects.storeRequests.first else { Issue.record("no create"); return }
        #expect(span.signal == "skepticism")
        #expect(span.onset.microseconds == 500_500 && span.offset.microseconds == 2_002_000)
        #expect(h.app.state.markIn == nil && h.app.state.markOut == nil)
    }

    @Test func requiredRatingsCannotBeSkippedButTheSpanCanBeUndone() throws {
        let h = try Harness()
        h.keys("1")
        h.seek(frames: 10)
        h.keys("1")
        h.key(KeyEvent(.escape))
        #expect(h.app.state.prompt != nil)
        #expect(h.app.state.message?.contains("requires confidence") == true)
        h.keys("7")
        #expect(h.app.state.message?.contains("outside the scale") == true)
        h.keys("3")
        h.keys("u")
        #expect(h.app.state.prompt == nil)
        #expect(h.effects.storeRequests.last == .undo)
    }

    @Test func aSignalClosedWhereItOpenedMakesNoSpan() throws {
        let h = try Harness()
        h.keys("5")
        h.keys("5")
        #expect(h.effects.storeRequests.isEmpty)
        #expect(h.app.state.openSpans.isEmpty)
        #expect(h.app.state.message?.contains("no span") == true)
    }

    @Test func deleteSendsTheSelectedSpanAndUndoRestoresIt() throws {
        let existing = Fixtures.span("stress", 1.0, 1.5)
        let h = try Harness(state: Fixtures.state(spans: [existing]))
        h.effects.stored[existing.id] = existing
        h.key(KeyEvent(.tab))
        h.keys("D")
        #expect(h.effects.storeRequests == [.delete(existing.id)])
        #expect(h.app.state.spans.count == 0)
        h.app.tick()
        var restored = existing
        restored.revision = 3
        Reducer.apply(&h.app.stateForTesting, .replayed(restored, undo: true))
        #expect(h.app.state.spans.count == 1)
        #expect(h.app.state.message?.contains("undone") == true)
    }

    @Test func markSegmentUsesTheTranscript() throws {
        var state = Fixtures.state(spans: [])
        state.transcript = Transcript(segments: [
            .init(start: Timecode(microseconds: 200_000), end: Timecode(microseconds: 1_400_000), speaker: "A", text: "so um"),
            .init(start: Timecode(microseconds: 1_900_000), end: Timecode(microseconds: 3_000_000), speaker: "B", text: "yes"),
        ])
        let h = try Harness(state: state)
        h.key(KeyEvent(.char("}")))
        #expect(h.app.state.playhead.microseconds == 200_000)
        h.keys("m")
        h.keys("8")
        guard case .create(let span, _) = h.effects.storeRequests.first else { Issue.record("no create"); return }
        #expect(span.onset.microseconds == 200_000 && span.offset.microseconds == 1_400_000)
    }

    @Test func telemetryRecordsWhatTheAnnotatorDid() throws {
        let h = try Harness()
        h.keys("..")
        h.key(KeyEvent(.space))
        h.clock.advance(2_000_000); h.app.tick()
        h.key(KeyEvent(.space))
        h.keys("z")
        let t = h.app.state.telemetry
        #expect(t.scrubs == 2 && t.plays == 1 && t.pauses == 1 && t.timelineInteractions == 1 && t.keys == 5)
        #expect(t.coverage.total >= 2_000_000)
        #expect(t.activeMicroseconds == 2_000_000)
        h.app.saveTelemetry(force: true)
        guard case .telemetry(let saved) = h.effects.storeRequests.last else { Issue.record("no telemetry write"); return }
        #expect(saved == t)
    }

    @Test func playbackFollowsTheClockAndStopsAtTheEnd() throws {
        let h = try Harness()
        h.key(KeyEvent(.space))
        h.clock.advance(1_000_000); h.app.tick()
        #expect(h.app.state.playhead.microseconds == 1_000_000)
        h.keys(")")
        h.clock.advance(1_000_000); h.app.tick()
        #expect(h.app.state.playhead.microseconds == 2_250_000)
        h.clock.advance(10_000_000); h.app.tick()
        #expect(!h.app.state.isPlaying)
        #expect(h.app.state.playhead == Timecode(microseconds: 4_004_000))
    }
}
