import Foundation
import OnsetCore
import Testing
import TerminalUI
@testable import Workstation

@Suite struct EditingTests {
    typealias Harness = MarkingTests.Harness

    func harness(_ spans: [Span]) throws -> Harness {
        let h = try Harness(state: Fixtures.state(spans: spans))
        for s in spans { h.effects.stored[s.id] = s }
        return h
    }

    @Test func nudgesMoveEdgesByOneFrameAndSetPutsThemAtThePlayhead() throws {
        let span = Fixtures.span("stress", 1.0, 2.0)
        let h = try harness([span])
        h.key(KeyEvent(.tab))
        h.key(KeyEvent(.left, .control))
        h.key(KeyEvent(.right, .alt))
        var s = try #require(h.app.state.selectedSpan)
        #expect(s.onset.microseconds == 1_000_000 - 33_366 && s.offset.microseconds == 2_000_000 + 33_366)
        h.seek(frames: 10)
        h.keys(">")
        s = try #require(h.app.state.selectedSpan)
        #expect(s.offset == h.app.state.playhead)
        h.keys("<")
        #expect(h.app.state.message?.contains("not changed") == true)
        #expect(h.effects.storeRequests.count == 3)
    }

    @Test func splitIsAnUpdateAndAGroupedCreate() throws {
        let span = Fixtures.span("interest", 0.5, 3.0)
        let h = try harness([span])
        h.key(KeyEvent(.tab))
        h.seek(frames: 45)
        h.keys("S")
        let requests = h.effects.storeRequests
        guard requests.count == 2, case .update(let first, grouped: false) = requests[0], case .create(let second, grouped: true) = requests[1] else {
            Issue.record("unexpected \(requests)"); return
        }
        #expect(first.offset == second.onset && first.onset == span.onset && second.offset == span.offset)
        #expect(h.app.state.spans.count == 2)
    }

    @Test func mergeExtendsAndDeletesTheNextSpanOfTheSameSignal() throws {
        let a = Fixtures.span("hesitation", 1.2, 2.5), b = Fixtures.span("hesitation", 3.1, 3.9)
        let h = try harness([a, b])
        h.key(KeyEvent(.tab))
        h.keys("M")
        let requests = h.effects.storeRequests
        guard requests.count == 2, case .update(let merged, grouped: false) = requests[0], case .delete(let gone, grouped: true) = requests[1] else {
            Issue.record("unexpected \(requests)"); return
        }
        #expect(merged.offset == b.offset && gone == b.id)
        #expect(h.app.state.spans.count == 1)
    }

    @Test func changeSignalTakesTheNextSignalKeyAndDropsForeignCues() throws {
        var span = Fixtures.span("hesitation", 1.0, 2.0)
        span.cues = ["filled-pause", "gaze-aversion"]
        let h = try harness([span])
        h.key(KeyEvent(.tab))
        h.keys("c")
        #expect(h.app.state.changingSignal)
        h.keys("=")
        guard case .update(let changed, _) = h.effects.storeRequests.first else { Issue.record("no update"); return }
        #expect(changed.signal == "uncertainty" && changed.cues.isEmpty)
        #expect(h.app.state.openSpans.isEmpty)
    }

    @Test func ratingAgainIsItsOwnUndoStepAndCanBeAbandoned() throws {
        let span = Fixtures.span("stress", 1.0, 2.0, conf: 2, int: 2)
        let h = try harness([span])
        h.key(KeyEvent(.tab))
        h.keys("r")
        #expect(h.app.state.prompt == .confidence(span.id))
        h.keys("5")
        h.key(KeyEvent(.escape))
        #expect(h.app.state.prompt == nil)
        guard case .update(let rated, grouped: false) = h.effects.storeRequests.first else { Issue.record("no update"); return }
        #expect(rated.confidence == 5 && rated.intensity == 2)
    }

    @Test func definitionsOnDemand() throws {
        let h = try harness([Fixtures.span("skepticism", 1.0, 2.0)])
        h.key(KeyEvent(.tab))
        h.keys("d")
        h.app.redraw()
        let backend = TestBackend(width: 80, height: 24)
        backend.draw(Screen.render(h.app.state, keymap: h.app.keymap))
        let text = backend.frame.text
        #expect(text.contains("0 Skepticism"))
        #expect(text.contains("withholds belief"))
        #expect(text.contains("Cues — video"))
        h.key(KeyEvent(.escape))
        #expect(!h.app.state.showDefinition)
    }

    @Test func pauseJumpsUseTheEnvelope() throws {
        let h = try harness([])
        h.keys("p")
        #expect(h.app.state.message?.contains("pauses unknown") == true)
        var rms = [Float](repeating: 0.3, count: 400)
        for i in 150..<200 { rms[i] = 0 }
        for i in 300..<340 { rms[i] = 0 }
        Reducer.apply(&h.app.stateForTesting, .envelope(AudioEnvelope(rms: rms)))
        h.keys("p")
        #expect(h.app.state.playhead.microseconds == 1_500_000)
        h.keys("p")
        #expect(h.app.state.playhead.microseconds == 3_000_000)
        h.keys("P")
        #expect(h.app.state.playhead.microseconds == 1_500_000)
        let backend = TestBackend(width: 80, height: 24)
        backend.draw(Screen.render(h.app.state, keymap: h.app.keymap))
        #expect(backend.frame.lines.contains { $0.contains("│audio") && $0.contains("▆") })
    }

    func type(_ h: Harness, _ text: String) {
        for ch in text { h.key(ch == " " ? KeyEvent(.space) : KeyEvent(.char(ch))) }
    }

    @Test func commandLineGotoSpeedAndQuit() throws {
        let h = try harness([])
        h.keys(":")
        type(h, "goto 00:02.5")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.playhead.microseconds == 2_500_000)
        #expect(h.app.state.telemetry.seeks == 1)
        h.keys(":")
        type(h, "45f")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.playhead.microseconds == 1_501_500)
        h.keys(":")
        type(h, "speed 9")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.clock.speed == 4 && h.app.state.message?.contains("limited") == true)
        h.keys(":")
        type(h, "goto 9")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.message?.contains("past the end") == true)
        h.keys(":")
        type(h, "frobnicate")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.message?.contains("unknown command") == true)
        h.keys(":")
        type(h, "submit")
        h.key(KeyEvent(.enter))
        #expect(h.effects.performed.last == .store(.submit(reopen: false)), "the assignment's work is declared done through the store")
        h.keys(":")
        type(h, "reopen")
        h.key(KeyEvent(.enter))
        #expect(h.effects.performed.last == .store(.submit(reopen: true)))
        h.keys(":q")
        #expect(!h.app.state.shouldQuit)
        h.key(KeyEvent(.enter))
        #expect(h.app.state.shouldQuit)
    }

    @Test func searchFindsSegmentsIgnoringCaseAndAccents() throws {
        var state = Fixtures.state(spans: [])
        state.transcript = Transcript(segments: [
            .init(start: Timecode(microseconds: 100_000), end: Timecode(microseconds: 900_000), text: "Um, I'm not sure"),
            .init(start: Timecode(microseconds: 1_000_000), end: Timecode(microseconds: 1_900_000), text: "yes, sure"),
            .init(start: Timecode(microseconds: 2_000_000), end: Timecode(microseconds: 2_900_000), text: "Café SÛRE maybe"),
        ])
        let h = try Harness(state: state)
        h.keys("/")
        type(h, "sure")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.playhead.microseconds == 100_000)
        #expect(h.app.state.message == "“sure”: match 1 of 3")
        h.keys("n")
        #expect(h.app.state.playhead.microseconds == 1_000_000)
        h.keys("n")
        #expect(h.app.state.playhead.microseconds == 2_000_000)
        h.keys("n")
        #expect(h.app.state.playhead.microseconds == 100_000)
        h.keys("N")
        #expect(h.app.state.playhead.microseconds == 2_000_000)
        h.keys("/")
        type(h, "zzz")
        h.key(KeyEvent(.escape))
        #expect(h.app.state.lineEdit == nil && h.app.state.lastSearch == "sure")
    }

    @Test func theRationaleEditorTakesAnyScript() throws {
        let span = Fixtures.span("hesitation", 1.0, 2.0)
        let h = try harness([span])
        h.key(KeyEvent(.tab))
        h.keys("R")
        type(h, "looks away — 目をそらす ")
        h.key(KeyEvent(.backspace))
        h.key(KeyEvent(.enter))
        guard case .update(let edited, _) = h.effects.storeRequests.first else { Issue.record("no update"); return }
        #expect(edited.rationale == "looks away — 目をそらす")
        let backend = TestBackend(width: 80, height: 24)
        h.keys("R")
        backend.draw(Screen.render(h.app.state, keymap: h.app.keymap))
        #expect(backend.frame.lines[23].hasPrefix(" rationale: looks away — 目をそらす"))
    }
}

@Suite struct SameSignalAndMoveTests {
    @Test func jumpsBetweenSpansOfTheSelectedSignalAndMovesWholeSpans() throws {
        let a = Fixtures.span("hesitation", 1.2, 2.5), b = Fixtures.span("interest", 1.5, 3.0), c = Fixtures.span("hesitation", 3.1, 3.9)
        let h = try MarkingTests.Harness(state: Fixtures.state(spans: [a, b, c]))
        for s in [a, b, c] { h.effects.stored[s.id] = s }
        h.key(KeyEvent(.char("n"), .control))
        #expect(h.app.state.message?.contains("select a span first") == true)
        h.key(KeyEvent(.tab))
        #expect(h.app.state.selected == a.id)
        h.key(KeyEvent(.char("n"), .control))
        #expect(h.app.state.selected == c.id)
        h.key(KeyEvent(.char("p"), .control))
        #expect(h.app.state.selected == a.id)
        h.key(KeyEvent(.up, .control))
        let moved = try #require(h.app.state.selectedSpan)
        #expect(moved.onset.microseconds == 1_200_000 + 33_366 && moved.duration == a.duration)
    }

    @Test func nudgesAndMovesByAStepFollowTheZoomAndStayInside() throws {
        let a = Fixtures.span("hesitation", 1.2, 2.5)
        var state = Fixtures.state(spans: [a])
        state.viewport = Viewport(start: .zero, length: Timecode(seconds: 2)) // a step is 0.1 s
        let h = try MarkingTests.Harness(state: state)
        h.effects.stored[a.id] = a
        h.key(KeyEvent(.tab))
        h.key(KeyEvent(.left, [.control, .shift]))
        #expect(h.app.state.selectedSpan?.onset.microseconds == 1_100_000)
        h.key(KeyEvent(.right, [.alt, .shift]))
        #expect(h.app.state.selectedSpan?.offset.microseconds == 2_600_000)
        for _ in 0..<30 { h.key(KeyEvent(.up, [.control, .shift])) }
        let end = try #require(h.app.state.selectedSpan)
        #expect(end.offset == h.app.state.duration && end.duration.microseconds == 1_500_000, "moved up to the end, length kept")
        for _ in 0..<40 { h.key(KeyEvent(.right, [.control, .shift])) }
        #expect(try #require(h.app.state.selectedSpan).onset < end.offset, "the onset never passes the offset")
    }
}
