import Foundation
import OnsetCore
import OnsetMedia
import OnsetStore
import TerminalUI
import Workstation

/// The clip rating queue, headless, on the four sample clips with the real pieces: the
/// workstation loop, the local store, and frame pumps decoding the files.
enum QueueBenchmark {
    /// Ratings go to a real store on the caller's thread; pictures come from `ClipPumps`.
    final class QueueEffects: EffectHandler {
        let store: LocalStore
        let pumps: ClipPumps
        var queued: [Message] = []
        init(store: LocalStore, preloads: Bool) {
            self.store = store
            pumps = ClipPumps(preloads: preloads)
        }
        func perform(_ effect: Effect) {
            switch effect {
            case .store(.rate(let r)):
                do { queued.append(.rated(try store.save(r, actor: r.annotator))) } catch { queued.append(.storeFailed(error.description)) }
            case .preview(.clip(let path, let next, let w, let h)):
                pumps.show(path, next: next, size: FramePump.Size(width: w, height: h))
            case .preview(.play(let t, let speed, let w, let h)):
                pumps.current?.play(from: t, speed: speed, size: FramePump.Size(width: w, height: h))
            default: break
            }
        }
        func drainMessages() -> [Message] { defer { queued.removeAll() }; return queued }
        func previewFrame(at t: Timecode) -> PreviewImage? {
            guard let f = pumps.current?.frame(for: t) else { return nil }
            return PreviewImage(time: f.time, width: f.width, height: f.height, rgb: f.rgb)
        }
    }

    static func run(root: String, folder: String, rounds: Int) throws {
        let names = ["carphone_pristine", "carphone_distorted", "bigbuckbunny", "bikes"]
        let clips = (0..<rounds).flatMap { r in names.map { Clip(name: "r\(r)/\($0).mp4", path: root + "/Sessions/media/\($0).mp4") } }
        let schemePath = root + "/Sessions/schemes/video-quality.toml"
        let scheme = try Scheme.parse(toml: try String(contentsOfFile: schemePath, encoding: .utf8), file: schemePath)
        var keymap = Keymap()
        try keymap.merge(toml: try String(contentsOfFile: root + "/Keymaps/default.toml", encoding: .utf8), file: "default.toml")
        print("\n## Clip rating queue (\(clips.count) clips: the 4 sample clips × \(rounds), 120×40, video-quality's 4 dimensions)")

        var latency: [Bool: [Double]] = [:]
        for preloads in [false, true] {
            let (app, effects, store) = try queue("bench-queue", folder + "/queue-\(preloads).sqlite", preloads: preloads, scheme: scheme, keymap: keymap, clips: clips)
            defer { effects.pumps.stop() }
            var samples: [Double] = []
            for i in 0..<(clips.count - 1) {
                // A rater spends seconds on a clip; the preloader needs only its first picture.
                let deadline = Measure.now() + 1_000_000_000
                while preloads, !effects.pumps.isReady(clips[i + 1].path), Measure.now() < deadline { usleep(500) }
                if !preloads { usleep(20_000) }
                app.handle(.key(KeyEvent(.char("4"))))
                app.handle(.key(KeyEvent(.char("3"))))
                app.handle(.key(KeyEvent(.char("2"))))
                let start = Measure.now()
                app.handle(.key(KeyEvent(.char("5"))))
                waitForPicture(app)
                samples.append(Double(Measure.now() - start) / 1e9)
                precondition(app.state.queue?.current == i + 1, "the queue did not move on")
            }
            latency[preloads] = samples
            let stored = try store.ratings(session: "bench-queue").count
            guard stored == (clips.count - 1) * 4 else { fatalError("expected every score stored, found \(stored): \(app.state.message ?? "")") }
        }
        let cold = latency[false]!, warm = latency[true]!
        print("- last score key → next clip's first picture drawn, without preloading: p50 \(Measure.ms(Measure.percentile(cold, 0.5))), p99 \(Measure.ms(Measure.percentile(cold, 0.99)))")
        print("- the same with the next clip preloaded (target ≤ 50 ms): p50 \(Measure.ms(Measure.percentile(warm, 0.5))), p99 \(Measure.ms(Measure.percentile(warm, 0.99))) "
              + "(\(String(format: "%.0f", Measure.percentile(cold, 0.5) / max(1e-9, Measure.percentile(warm, 0.5))))× faster at the median)")

        // A scripted rater that never hesitates: four digits, then the next clip as soon as its
        // picture is on screen. The ceiling the tool allows; a person is the limit long before.
        let (app, effects, store) = try queue("bench-rater", folder + "/queue-rater.sqlite", preloads: true, scheme: scheme, keymap: keymap, clips: clips)
        defer { effects.pumps.stop() }
        let started = Measure.now()
        for _ in clips.indices {
            for key in "4325" { app.handle(.key(KeyEvent(.char(key)))) }
            if app.state.queue?.doneCount(scheme: scheme) == clips.count { break }
            waitForPicture(app)
        }
        let seconds = Double(Measure.now() - started) / 1e9
        print("- scripted rater (4 keys per clip, next clip as soon as it is drawn): \(clips.count) clips in \(Measure.s(seconds)) = "
              + "\(String(format: "%.0f", Double(clips.count) / seconds * 60)) clips/min; every score stored (\(try store.ratings(session: "bench-rater").count))")
    }

    /// A rating session `id` in a new store at `path`, open at 120×40 with its first picture drawn.
    static func queue(_ id: String, _ path: String, preloads: Bool, scheme: Scheme, keymap: Keymap, clips: [Clip]) throws
        -> (Workstation, QueueEffects, LocalStore) {
        let store = try LocalStore(path: path)
        try store.register(SessionFile(id: id, scheme: scheme.id, mode: .rating, clips: clips.map(\.path), directory: "", path: id + ".toml"),
                           scheme: scheme, annotator: "bench")
        let effects = QueueEffects(store: store, preloads: preloads)
        var state = AppState(session: .init(id: id, title: "bench", mediaName: "clips", annotator: "bench"), scheme: scheme,
                             spans: [], duration: Timecode(seconds: 60), frameRate: nil, hasVideo: true, size: (120, 40))
        state.queue = ClipQueue(clips: clips)
        let app = Workstation(state: state, keymap: keymap, backend: TestBackend(width: 120, height: 40), effects: effects)
        app.start()
        waitForPicture(app)
        return (app, effects, store)
    }

    /// Runs the loop (drain, tick, draw) until the current clip's picture is on screen.
    static func waitForPicture(_ app: Workstation) {
        let deadline = Measure.now() + 5_000_000_000
        while Measure.now() < deadline {
            app.tick()
            app.redraw()
            if app.state.preview != nil { return }
            usleep(200)
        }
        fatalError("no picture within 5 s")
    }
}
