import OnsetCore
import Testing
import TerminalUI
@testable import Workstation

@Suite struct ReducerTests {
    func run(_ keys: [KeyEvent], state: AppState = Fixtures.state()) throws -> Workstation {
        let backend = TestBackend(width: state.size.width, height: state.size.height)
        let app = Workstation(state: state, keymap: try Fixtures.keymap(), backend: backend, effects: RecordingEffects())
        for key in keys { app.handle(.key(key)) }
        return app
    }

    @Test func stepsAndJumpsStayInsideTheMedia() throws {
        var app = try run([KeyEvent(.right)])
        #expect(app.state.playhead.microseconds == 4_004_000 / 20)
        app = try run([KeyEvent(.left)])
        #expect(app.state.playhead == .zero)
        app = try run([KeyEvent(.end)])
        #expect(app.state.playhead.microseconds == 4_004_000 - 33_366)
        app = try run([KeyEvent(.end), KeyEvent(.right, .shift)])
        #expect(app.state.playhead.microseconds == 4_004_000 - 33_366)
    }

    @Test func framesStepExactly() throws {
        let app = try run([.char("."), .char("."), .char("."), .char(",")])
        #expect(app.state.frameNumber == 2)
        #expect(app.state.playhead.microseconds == 66_733)
    }

    @Test func nextAndPreviousSpanSelectAndSeek() throws {
        var app = try run([KeyEvent(.tab)])
        #expect(app.state.selectedSpan?.signal == "interest")
        #expect(app.state.playhead.microseconds == 500_000)
        app = try run([KeyEvent(.tab), KeyEvent(.tab), KeyEvent(.tab)])
        #expect(app.state.selectedSpan?.signal == "hesitation")
        #expect(app.state.playhead.microseconds == 1_200_000)
        app = try run([KeyEvent(.tab), KeyEvent(.tab), KeyEvent(.backTab)])
        #expect(app.state.selectedSpan?.signal == "interest")
    }

    @Test func selectionCyclesThroughSpansUnderThePlayhead() throws {
        var state = Fixtures.state()
        state.playhead = Timecode(microseconds: 1_300_000)
        let app = try run([.char("s"), .char("s"), .char("s"), .char("s")], state: state)
        #expect(app.state.selectedSpan?.signal == "hesitation")
        let seen = try (1...3).map { n in try run(Array(repeating: .char("s"), count: n), state: state).state.selectedSpan?.signal }
        #expect(seen == ["hesitation", "interest", "stress"])
    }

    @Test func zoomKeepsThePlayheadInViewAndStopsAtOneFramePerColumn() throws {
        var state = Fixtures.state()
        state.playhead = Timecode(microseconds: 3_000_000)
        let app = try run(Array(repeating: .char("+"), count: 10), state: state)
        let columns = Screen.timelineColumns(app.state)
        #expect(app.state.viewport.length.microseconds == 33_366 * Int64(columns))
        #expect(app.state.viewport.start <= app.state.playhead && app.state.playhead < app.state.viewport.end)
        let fit = try run([.char("+"), .char("w")], state: state)
        #expect(fit.state.viewport == Viewport(start: .zero, length: Timecode(microseconds: 4_004_000)))
    }

    @Test func unboundKeysSayHowToFindHelp() throws {
        let app = try run([.char("Y")])
        #expect(app.state.message?.contains("not bound") == true)
        #expect(app.state.message?.contains("?") == true)
    }

    @Test func quitAndShutdownEndTheLoop() throws {
        #expect(try run([.char("q")]).state.shouldQuit)
        let app = try run([])
        #expect(app.handle(.shutdown(reason: "SIGHUP")) == false)
    }

    @Test func helpIsModalAndEscCloses() throws {
        let app = try run([.char("?"), .char("+"), KeyEvent(.escape)])
        #expect(app.state.showHelp == false)
        #expect(app.state.viewport.length.microseconds == 4_004_000)
    }
}
