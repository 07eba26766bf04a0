import Foundation
import OnsetCore
import Testing
import TerminalUI
@testable import Workstation

/// The first frame shows the opening window while the rest of the session loads; keys typed
/// meanwhile wait and then act, in order, on the whole session.
@Suite struct LoadingTests {
    @Test func keysTypedWhileLoadingWaitAndThenActOnTheWholeSession() throws {
        let all = Fixtures.spans
        var state = Fixtures.state(spans: [all[1]])
        state.loading = [.spans]
        state.laneHints = Set(all.map(\.signal))
        let h = try MarkingTests.Harness(state: state)
        let screen = Screen.render(h.app.state, keymap: h.app.keymap).text
        #expect(screen.contains("loading spans…"))
        #expect(h.app.state.laneSignals.count == 3, "every lane with spans shows from the first frame")

        // Select the next span, then delete it: both keys wait.
        h.key(KeyEvent(.tab))
        h.keys("D")
        h.app.tick()
        #expect(h.app.state.selected == nil && h.effects.storeRequests.isEmpty)

        h.effects.queued.append(.spansLoaded(SpanIndex(all)))
        h.app.tick()
        #expect(!h.app.state.isLoading && h.app.state.spans.count == all.count - 1, "all spans, less the one deleted by the held keys")
        #expect(!Screen.render(h.app.state, keymap: h.app.keymap).text.contains("loading"))
        guard case .delete = h.effects.storeRequests.first else { Issue.record("the held keys did not act: \(h.effects.storeRequests)"); return }
    }

    @Test func aFailedLoadKeepsTheWindowAndSaysWhy() throws {
        var state = Fixtures.state()
        state.loading = [.transcript]
        let h = try MarkingTests.Harness(state: state)
        h.keys("l")
        h.effects.queued.append(.loadFailed(.transcript, "transcript: t.vtt:9: bad cue timing"))
        h.app.tick()
        #expect(!h.app.state.isLoading)
        #expect(Screen.render(h.app.state, keymap: h.app.keymap).text.contains("t.vtt:9"), "the problem stays on screen after the held key")
        #expect(h.app.state.playhead > .zero, "the held key ran once loading ended")
    }

    @Test func aLongRecordingOpensOnAWindowAShortOneWhole() {
        #expect(Fixtures.state().viewport.length == Timecode(microseconds: 4_004_000))
        let long = AppState(session: .init(id: "x", title: "x", mediaName: "x", annotator: "a"), scheme: Fixtures.scheme, spans: [],
                            duration: Timecode(seconds: 7200), frameRate: nil, size: (80, 24))
        #expect(long.viewport == Viewport(start: .zero, length: AppState.openingViewLength))
    }
}

@Suite struct SyncStatusTests {
    @Test func theStatusLineCountsEditsNotYetSynced() throws {
        var state = Fixtures.state(width: 100, height: 30)
        state.sync = SyncStatus(unbundledEdits: 0, queuedBundles: 0)
        let h = try MarkingTests.Harness(state: state)
        #expect(Screen.render(h.app.state, keymap: h.app.keymap).text.contains("saved ✓ │ synced │ ? help"))
        h.keys("8")
        h.seek(frames: 10)
        h.keys("8")
        h.key(KeyEvent(.escape))
        h.app.tick()
        let edits = h.effects.storeRequests.count
        #expect(edits >= 1 && h.app.state.sync?.unbundledEdits == edits, "one per stored edit")
        #expect(Screen.render(h.app.state, keymap: h.app.keymap).text.contains("│ \(edits) unsynced │"))
        #expect(SyncStatus(unbundledEdits: 0, queuedBundles: 2).text == "2 bundles queued")
    }
}
