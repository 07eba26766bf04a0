import Foundation
import OnsetCore
import Testing
import TerminalUI
@testable import Workstation

@Suite struct TimelineViewTests {
    @Test func drawsLanesInSchemeOrderWithEighthBlockEdges() throws {
        var state = Fixtures.state(width: 60, height: 8)
        state.spans = SpanIndex([Fixtures.span("interest", 0.5, 3.0), Fixtures.span("hesitation", 1.0, 2.0)])
        state.viewport = Viewport(start: .zero, length: Timecode(seconds: 4))
        var buffer = Buffer(width: 60, height: 8)
        TimelineView(state: state).render(into: &buffer, area: buffer.area)
        let lines = buffer.lines
        // 44 track columns over 4 s: 11 columns a second.
        #expect(lines[2].hasPrefix("│Hesitation    │          ███████████ "))
        #expect(lines[3].hasPrefix("│Interest      │    ▌██"))
        let interest = Array(lines[3])
        // 0.5 s is 5.5 columns: half of column 5 is covered, on its right (drawn reversed).
        #expect(interest[15 + 5] == "▌" && buffer[15 + 5, 3].style.reverse)
        // 3.0 s is exactly column 33: column 32 is the last one drawn.
        #expect(interest[15 + 32] == "█" && interest[15 + 33] == " ")
    }

    @Test func overlapsWithinALaneAreVisible() {
        var state = Fixtures.state(width: 60, height: 6)
        state.spans = SpanIndex([Fixtures.span("stress", 1.0, 2.0), Fixtures.span("stress", 1.5, 3.0)])
        var buffer = Buffer(width: 60, height: 6)
        TimelineView(state: state).render(into: &buffer, area: buffer.area)
        #expect(buffer.lines[2].contains("▓"))
    }

    @Test func manyLanesScrollToTheSelection() {
        var state = Fixtures.state(width: 60, height: 6)
        let spans = Fixtures.scheme.signals.map { Fixtures.span($0.id, 1, 2) }
        state.spans = SpanIndex(spans)
        state.selected = spans.last!.id
        var buffer = Buffer(width: 60, height: 6)
        TimelineView(state: state).render(into: &buffer, area: buffer.area)
        #expect(buffer.text.contains("Uncertainty"))
        #expect(!buffer.text.contains("Agreement"))
    }
}

@Suite struct ScreenSnapshotTests {
    /// Compares with `Snapshots/<name>.txt`; set ONSET_RECORD_SNAPSHOTS=1 to re-record after an
    /// intended change.
    func assertSnapshot(_ buffer: Buffer, _ name: String) throws {
        let path = Fixtures.root + "/Tests/WorkstationTests/Snapshots/\(name).txt"
        let text = buffer.text + "\n"
        if ProcessInfo.processInfo.environment["ONSET_RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "screen differs from \(path)")
    }

    func screen(_ w: Int, _ h: Int, keys: [KeyEvent]) throws -> Buffer {
        let backend = TestBackend(width: w, height: h)
        let app = Workstation(state: Fixtures.state(width: w, height: h), keymap: try Fixtures.keymap(), backend: backend, effects: RecordingEffects())
        for k in keys { app.handle(.key(k)) }
        app.redraw()
        return backend.frame
    }

    @Test func at80x24() throws {
        try assertSnapshot(try screen(80, 24, keys: [KeyEvent(.tab), KeyEvent(.tab)]), "main-80x24")
    }

    @Test func at120x40() throws {
        try assertSnapshot(try screen(120, 40, keys: [.char("+"), KeyEvent(.tab)]), "main-120x40")
    }

    @Test func helpAt80x24() throws {
        try assertSnapshot(try screen(80, 24, keys: [.char("?")]), "help-80x24")
    }

    @Test func aTinyTerminalSaysSo() throws {
        let buffer = try screen(30, 5, keys: [])
        #expect(buffer.lines[0] == "terminal too small:")
        #expect(buffer.lines[1] == "30×5")
    }

    @Test func aPausedScreenSendsNothingAndAStepSendsLittle() throws {
        let backend = TestBackend(width: 120, height: 40)
        let app = Workstation(state: Fixtures.state(width: 120, height: 40), keymap: try Fixtures.keymap(), backend: backend, effects: RecordingEffects())
        app.redraw()
        app.redraw()
        #expect(backend.lastChangedCells == 0)
        app.handle(.key(KeyEvent(.right)))
        app.redraw()
        #expect(backend.lastChangedCells > 0 && backend.lastChangedCells < 120)
    }

    @Test func resizeReflowsTheScreen() throws {
        let backend = TestBackend(width: 120, height: 40)
        let app = Workstation(state: Fixtures.state(width: 120, height: 40), keymap: try Fixtures.keymap(), backend: backend, effects: RecordingEffects())
        app.handle(.resize(width: 80, height: 24))
        app.redraw()
        #expect(backend.frame.width == 80 && backend.frame.height == 24)
        #expect(backend.frame.lines[1].hasPrefix("┌ timeline"))
        #expect(backend.frame.lines.contains { $0.hasPrefix("└") && $0.hasSuffix("┘") && $0.count == 80 })
        #expect(backend.frame.lines[23].contains("saved ✓"))
    }
}

@Suite struct TranscriptViewTests {
    @Test func followsThePlayheadMarksTheWordAndAlignsScripts() {
        var state = Fixtures.state(width: 70, height: 30)
        var first = Transcript.Segment(start: Timecode(microseconds: 500_000), end: Timecode(microseconds: 2_000_000), speaker: "A", text: "so um well")
        first.words = [.init(start: Timecode(microseconds: 500_000), end: Timecode(microseconds: 800_000), text: "so"),
                       .init(start: Timecode(microseconds: 900_000), end: Timecode(microseconds: 1_400_000), text: "um")]
        state.transcript = Transcript(segments: [
            first,
            .init(start: Timecode(microseconds: 2_100_000), end: Timecode(microseconds: 2_900_000), text: "שלום עולם"),
            .init(start: Timecode(microseconds: 3_000_000), end: Timecode(microseconds: 3_900_000), text: "日本語のテキスト"),
        ])
        state.playhead = Timecode(microseconds: 1_000_000)
        var buffer = Buffer(width: 50, height: 8)
        TranscriptView(state: state).render(into: &buffer, area: buffer.area)
        let lines = buffer.lines
        #expect(lines[1].contains("▶00:00.5 A: so um well"))
        let umX = Array(lines[1]).firstIndex(of: "u").map { $0 } ?? -1
        #expect(umX > 0 && buffer[umX, 1].style.underline)
        #expect(lines[2].hasSuffix("שלום עולם│"))
        #expect(lines[3].contains("日本語のテキスト"))
    }
}
