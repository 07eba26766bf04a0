import Foundation
import OnsetCore
import TerminalUI
import Testing
@testable import Workstation

/// Rating a queue of clips by keys only: one digit per score, the queue moves on by itself.
struct QueueTests {
    static let scheme: Scheme = {
        let path = Fixtures.root + "/Sessions/schemes/video-quality.toml"
        return try! Scheme.parse(toml: try! String(contentsOfFile: path, encoding: .utf8), file: path)
    }()

    static let clips = (1...3).map { Clip(name: "clips/c\($0).mp4", path: "/data/clips/c\($0).mp4", prompt: "prompt \($0)", category: "cinematic") }

    func harness(ratings: [ClipRating] = [], width: Int = 80, height: Int = 24) throws -> MarkingTests.Harness {
        var state = AppState(session: .init(id: "rate", title: "Rate", mediaName: "3 clips", annotator: "ann"), scheme: Self.scheme,
                             spans: [], duration: Timecode(seconds: 60), frameRate: nil, hasVideo: true, size: (width, height))
        state.queue = ClipQueue(clips: Self.clips, ratings: ratings)
        let h = try MarkingTests.Harness(state: state)
        h.app.start()
        h.app.tick()
        return h
    }

    var rates: (RecordingEffects) -> [ClipRating] { { $0.storeRequests.compactMap { if case .rate(let r) = $0 { r } else { nil } } } }

    func clipRequests(_ e: RecordingEffects) -> [(String, String?)] {
        e.performed.compactMap { if case .preview(.clip(let path, let next, _, _)) = $0 { (path, next) } else { nil } }
    }

    @Test func fourDigitsScoreAClipAndTheNextOneComesUpPreloaded() throws {
        let h = try harness()
        #expect(clipRequests(h.effects).first! == ("/data/clips/c1.mp4", "/data/clips/c2.mp4"), "the first clip plays and the second is decoded ahead")
        h.keys("4325")
        let given = rates(h.effects)
        #expect(given.map(\.dimension) == ["motion-quality", "visual-fidelity", "viewer-interest", "text-alignment"])
        #expect(given.map(\.score) == [4, 3, 2, 5])
        #expect(given.allSatisfy { $0.clip == "clips/c1.mp4" && $0.annotator == "ann" && $0.schemeID == "video-quality" && $0.sessionID == "rate" })
        #expect(clipRequests(h.effects).last! == ("/data/clips/c2.mp4", "/data/clips/c3.mp4"))
        h.app.tick()
        let q = h.app.state.queue!
        #expect(q.current == 1 && q.focus == 0 && q.doneCount(scheme: Self.scheme) == 1)
        #expect(h.app.state.saved, "every score was answered by the store")
        #expect(q.rating("clips/c1.mp4", "motion-quality")?.revision == 2, "the store's copy replaces the one on screen")
    }

    @Test func aScoreOutsideTheScaleIsRefusedAndNothingIsStored() throws {
        let h = try harness()
        h.keys("7")
        #expect(rates(h.effects).isEmpty)
        #expect(h.app.state.message?.contains("outside Motion quality (1–5)") == true)
        #expect(h.app.state.queue?.focus == 0)
    }

    @Test func confidenceAfterAScoreOrAfterEveryScore() throws {
        let h = try harness()
        h.keys("5c4")
        #expect(rates(h.effects).last?.dimension == "motion-quality" && rates(h.effects).last?.confidence == 4)
        #expect(h.app.state.queue?.focus == 1, "the confidence of the score just given does not move the focus again")
        h.keys("C")
        h.keys("3")
        #expect(h.app.state.queue?.awaitingConfidence == "visual-fidelity")
        h.keys("2")
        #expect(rates(h.effects).last?.confidence == 2 && h.app.state.queue?.focus == 2)
        h.keys("4")
        h.key(KeyEvent(.escape))
        #expect(h.app.state.queue?.awaitingConfidence == nil && h.app.state.queue?.focus == 3, "Esc leaves the confidence out")
        #expect(rates(h.effects).last?.confidence == nil)
    }

    @Test func aBrokenClipKeepsItsReasonAndAScoreTakesTheMarkAway() throws {
        let h = try harness()
        h.keys("b")
        #expect(h.app.state.lineEdit?.prompt == "broken because: ")
        h.keys("black frames")
        h.key(KeyEvent(.enter))
        let flag = rates(h.effects).last!
        #expect(flag.dimension == "!broken" && flag.score == 0 && flag.note == "black frames" && flag.flag == .broken)
        #expect(h.app.state.queue?.current == 1, "a broken clip is done: the queue moves on")
        h.keys("p")
        #expect(h.app.state.queue?.current == 0)
        h.keys("3")
        let after = rates(h.effects).suffix(2)
        #expect(after.first?.dimension == "!broken" && after.first?.deletedAt != nil, "scoring means it could be judged after all")
        #expect(after.last?.dimension == "motion-quality" && after.last?.score == 3)
    }

    @Test func aReopenedQueueStartsAtTheFirstClipNotDoneOnItsFirstMissingScore() throws {
        let done = Self.scheme.dimensions.map {
            ClipRating(sessionID: "rate", clip: "clips/c1.mp4", dimension: $0.id, score: 3, annotator: "ann", schemeID: "video-quality", schemeVersion: 1)
        }
        let partial = ClipRating(sessionID: "rate", clip: "clips/c2.mp4", dimension: "motion-quality", score: 2, annotator: "ann",
                                 schemeID: "video-quality", schemeVersion: 1)
        let h = try harness(ratings: done + [partial])
        #expect(h.app.state.queue?.current == 1 && h.app.state.queue?.focus == 1)
        h.keys("p")
        h.keys("x")
        #expect(rates(h.effects).last?.dimension == "motion-quality" && rates(h.effects).last?.deletedAt != nil, "x clears the focused score")
        h.keys(":")
        h.keys("clip 3")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.queue?.current == 2)
    }

    @Test func theLastScoreOfTheQueueSaysSoAndStays() throws {
        let h = try harness()
        for _ in 0..<3 {
            h.clock.advance(12_000_000)
            h.keys("3333")
        }
        #expect(h.app.state.queue?.doneCount(scheme: Self.scheme) == 3)
        #expect(h.app.state.queue?.current == 2)
        #expect(h.app.state.message?.contains("all 3 clips done") == true)
        #expect(h.app.state.queue?.clipsPerHour == 300, "three clips in 36 s")
    }

    @Test func theClipLoops() throws {
        let h = try harness()
        Reducer.apply(&h.app.stateForTesting, .clipOpened(path: "/data/clips/c1.mp4", duration: Timecode(seconds: 4), frameRate: nil))
        #expect(h.app.state.duration == Timecode(seconds: 4) && h.app.state.isPlaying)
        h.clock.advance(4_100_000)
        h.app.tick()
        #expect(h.app.state.playhead < Timecode(seconds: 1) && h.app.state.isPlaying, "back at the start, still playing")
        guard case .preview(.play(let from, _, _, _))? = h.effects.performed.last else { Issue.record("no play request"); return }
        #expect(from == .zero)
    }

    @Test func theAnchorsShowAndThePromptOnlyForTheAlignmentScale() throws {
        for (w, hgt) in [(80, 24), (120, 40)] {
            let h = try harness(width: w, height: hgt)
            var text = Screen.render(h.app.state, keymap: h.app.keymap, colorMode: .none).lines.joined(separator: "\n")
            #expect(text.contains("Clip 1/3 · 0 done"))
            #expect(text.contains("▶ Motion quality"))
            #expect(text.contains("1 broken — Objects morph"), "the focused scale's anchors are on screen at \(w)×\(hgt)")
            #expect(text.contains("5 excellent"))
            #expect(!text.contains("prompt 1"), "the prompt stays out of the other scales' way")
            h.keys("333")
            text = Screen.render(h.app.state, keymap: h.app.keymap, colorMode: .none).lines.joined(separator: "\n")
            #expect(text.contains("Prompt: prompt 1"))
            #expect(text.contains("1 unrelated"))
        }
    }

    @Test func theClipListShowsEveryScoreAndOpensAClip() throws {
        let h = try harness(width: 100, height: 30)
        h.keys("4325")
        h.keys("b")
        h.keys("too dark")
        h.key(KeyEvent(.enter))
        h.keys("o")
        #expect(h.app.state.queue?.listCursor == 2)
        let text = Screen.render(h.app.state, keymap: h.app.keymap, colorMode: .none).lines.joined(separator: "\n")
        #expect(text.contains("clips — 2 of 3 done"))
        #expect(text.contains("MQ  VF  VI  TTV"), "a column per dimension, headed by its initials")
        #expect(text.contains("clips/c1.mp4") && text.contains("4   3   2   5"))
        #expect(text.contains("broken: too dark"))
        h.keys("kk")
        #expect(h.app.state.queue?.listCursor == 0)
        h.keys("j")
        h.key(KeyEvent(.enter))
        #expect(h.app.state.queue?.listCursor == nil && h.app.state.queue?.current == 1)
        h.keys("o")
        h.key(KeyEvent(.escape))
        #expect(h.app.state.queue?.listCursor == nil && h.app.state.queue?.current == 1, "Esc closes without moving")
    }

    @Test func telemetryCountsClipsFinishedBeforeTheyPlayedThrough() throws {
        let h = try harness()
        h.keys("3333")
        #expect(h.app.state.telemetry.clipsFinished == 1 && h.app.state.telemetry.clipsRushed == 1, "four digits at once: not watched")
        Reducer.apply(&h.app.stateForTesting, .clipOpened(path: "/data/clips/c2.mp4", duration: Timecode(seconds: 4), frameRate: nil))
        h.clock.advance(4_100_000)
        h.app.tick()
        h.keys("3333")
        #expect(h.app.state.telemetry.clipsFinished == 2 && h.app.state.telemetry.clipsRushed == 1, "watched to its end first")
        #expect(h.app.state.telemetry.clipsShown == 3)
    }
}
