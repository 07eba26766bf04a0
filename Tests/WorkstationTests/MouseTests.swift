import Foundation
import OnsetCore
import TerminalUI
import Testing
@testable import Workstation

/// Clicks and the wheel: a convenience beside the keys, never instead of them.
struct MouseTests {
    @Test func aClickOnTheTimelineSeeksAndTheWheelZooms() throws {
        let h = try MarkingTests.Harness(state: Fixtures.state(width: 120, height: 40))
        let pane = Layout.compute(h.app.state).timeline
        let firstColumn = pane.x + 1 + TimelineView.labelWidth
        let columns = TimelineView.trackColumns(paneWidth: pane.width)
        h.app.handle(.mouse(x: firstColumn + columns / 2, y: pane.y + 2, action: .press))
        let half = h.app.state.duration.microseconds / 2
        #expect(abs(h.app.state.playhead.microseconds - half) < h.app.state.duration.microseconds / Int64(columns), "the middle column is the middle of the view")
        #expect(h.app.state.telemetry.seeks == 1)
        let before = h.app.state.viewport.length
        h.app.handle(.mouse(x: firstColumn + 3, y: pane.y + 2, action: .wheelUp))
        #expect(h.app.state.viewport.length < before)
        h.app.handle(.mouse(x: firstColumn + 3, y: pane.y + 2, action: .wheelDown))
        #expect(h.app.state.viewport.length == before)
        h.app.handle(.mouse(x: pane.x + 2, y: pane.y + 2, action: .press))
        #expect(h.app.state.telemetry.seeks == 1, "a click on the lane labels is not a seek")
    }

    @Test func inAQueueAClickOnAnAnchorScoresAndOnADimensionFocuses() throws {
        var state = AppState(session: .init(id: "rate", title: "Rate", mediaName: "3 clips", annotator: "ann"), scheme: QueueTests.scheme,
                             spans: [], duration: Timecode(seconds: 60), frameRate: nil, hasVideo: true, size: (120, 40))
        state.queue = ClipQueue(clips: QueueTests.clips)
        let h = try MarkingTests.Harness(state: state)
        h.app.start()
        let panel = try #require(Layout.compute(h.app.state).queuePanel)
        let rows = QueuePanel(state: h.app.state).lines(area: panel)
        let good = try #require(rows.firstIndex { $0.target == .score(4) })
        #expect(rows[good].text.contains("4 good"))
        h.app.handle(.mouse(x: panel.x + 3, y: panel.y + good, action: .press))
        guard case .store(.rate(let rating))? = h.effects.performed.last else { Issue.record("no score stored"); return }
        #expect(rating.dimension == "motion-quality" && rating.score == 4)
        #expect(h.app.state.queue?.focus == 1, "it moves on as a digit does")
        let alignment = try #require(QueuePanel(state: h.app.state).lines(area: panel).firstIndex { $0.target == .dimension(3) })
        h.app.handle(.mouse(x: panel.x + 3, y: panel.y + alignment, action: .press))
        #expect(h.app.state.queue?.focus == 3)
        h.app.handle(.mouse(x: panel.x + 3, y: panel.y + 1, action: .wheelDown))
        #expect(h.app.state.queue?.focus == 0, "the wheel moves between dimensions, round")
    }
}
