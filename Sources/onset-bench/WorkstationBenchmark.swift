import Foundation
import OnsetCore
import OnsetMedia
import OnsetStore
import TerminalUI
import Workstation

/// The workstation's interactive costs, headless: key latency, bytes per scrub, cold start.
enum WorkstationBenchmark {
    /// Answers store writes at once and serves a fixed decoded picture, so the loop's own cost
    /// (reduce, render, diff) is what is measured.
    final class BenchEffects: EffectHandler {
        var queued: [Message] = []
        let picture: PreviewImage?
        init(picture: PreviewImage?) { self.picture = picture }
        func perform(_ effect: Effect) {
            switch effect {
            case .store(.create(var s, _)), .store(.update(var s, _)):
                s.revision += 1
                queued.append(.stored(s))
            case .preview(.show(let t, _, _)):
                if var p = picture { p.time = t; queued.append(.frame(p)) }
            default: break
            }
        }
        func drainMessages() -> [Message] { defer { queued.removeAll() }; return queued }
        func previewFrame(at t: Timecode) -> PreviewImage? { picture.map { var p = $0; p.time = t; return p } }
    }

    static let duration = Timecode(seconds: 7200)

    static func spans(_ count: Int, scheme: Scheme) -> [Span] {
        var g = SplitMix(seed: 7)
        return (0..<count).map { i in
            let signal = scheme.signals[Int(g.next() % UInt64(scheme.signals.count))].id
            let onset = Int64(g.next() % UInt64(duration.microseconds - 10_000_000))
            return Span(sessionID: "bench-ui", signal: signal, onset: Timecode(microseconds: onset),
                        offset: Timecode(microseconds: onset + 300_000 + Int64(g.next() % 4_000_000)),
                        confidence: 3, intensity: 3, annotator: "bench", schemeID: scheme.id, schemeVersion: scheme.version)
        }
    }

    static func transcript(_ count: Int) -> Transcript {
        let step = duration.microseconds / Int64(count)
        return Transcript(segments: (0..<count).map { i in
            Transcript.Segment(start: Timecode(microseconds: Int64(i) * step), end: Timecode(microseconds: Int64(i) * step + step * 9 / 10),
                               speaker: i % 2 == 0 ? "A" : "B", text: "segment \(i): so what I was trying to say is, um, I'm not really sure")
        })
    }

    static func run(root: String, folder: String, keyCount: Int = 10_000) throws {
        print("\n## Workstation (headless, TestBackend)")
        let schemePath = root + "/Sessions/schemes/social-signals.toml"
        let scheme = try Scheme.parse(toml: try Workspace.read(schemePath), file: schemePath)
        let allSpans = spans(100_000, scheme: scheme)
        let text = transcript(60_000)
        let picture = PreviewImage(time: .zero, width: 56, height: 42, rgb: (0..<(56 * 42 * 3)).map { UInt8($0 % 251) })

        // Key latency: input → reduce → render → diff, over a mix of 10,000 keys.
        let backend = TestBackend(width: 120, height: 40)
        var state = AppState(session: .init(id: "bench-ui", title: "bench", mediaName: "long.mp4", annotator: "bench"),
                             scheme: scheme, spans: allSpans, duration: duration, frameRate: FrameRate(numerator: 25, denominator: 1),
                             hasVideo: true, transcript: text, size: (120, 40))
        state.viewport = Viewport(start: .zero, length: Timecode(seconds: 60))
        let keymap = try loadKeymap(root)
        let effects = BenchEffects(picture: picture)
        var clock: Int64 = 1_000_000
        let app = Workstation(state: state, keymap: keymap, backend: backend, effects: effects, now: { clock })
        app.start(); app.tick(); app.redraw()
        var g = SplitMix(seed: 11)
        let scrubKeys: [KeyEvent] = [KeyEvent(.right), KeyEvent(.left), .char("."), .char(","), .char("l"), .char("h")]
        var latencies: [Double] = []
        latencies.reserveCapacity(10_000)
        var pendingMark = false
        for i in 0..<keyCount {
            let r = Int(g.next() % 100)
            var keys: [KeyEvent]
            switch r {
            case 0..<60: keys = [scrubKeys[Int(g.next() % UInt64(scrubKeys.count))]]
            case 60..<70: keys = [i % 2 == 0 ? .char("z") : .char("Z")]
            case 70..<80: keys = [KeyEvent(.tab)]
            case 80..<90:
                // Mark: open, later close, then rate and leave the checklist.
                keys = pendingMark ? [.char("8"), .char("4"), .char("3"), KeyEvent(.enter)] : [.char("8")]
                pendingMark.toggle()
            default: keys = [[KeyEvent(.left, .control), KeyEvent(.right, .alt), .char("s")][Int(g.next() % 3)]]
            }
            for key in keys {
                clock += 50_000
                let start = Measure.now()
                app.handle(.key(key))
                app.tick()
                app.redraw()
                latencies.append(Double(Measure.now() - start) / 1e9)
            }
        }
        print("- \(latencies.count) keys (scrub 60%, zoom 10%, next span 10%, mark + rate 10%, edit 10%) on 100,000 spans, a 2-hour timeline and 60,000 transcript cues, 120×40: p50 \(Measure.ms(Measure.percentile(latencies, 0.5))), p99 \(Measure.ms(Measure.percentile(latencies, 0.99))), max \(Measure.ms(latencies.max() ?? 0)) per key (input → diffed frame)")

        // Bytes per scrub step at 120×40, paused and playing.
        for playing in [false, true] {
            let b = TestBackend(width: 120, height: 40)
            var s2 = state
            s2.viewport = Viewport(start: Timecode(seconds: 3000), length: Timecode(seconds: 60))
            s2.playhead = Timecode(seconds: 3010)
            let fx = BenchEffects(picture: picture)
            var t: Int64 = 1_000_000
            let a = Workstation(state: s2, keymap: keymap, backend: b, effects: fx, now: { t })
            a.start(); a.tick(); a.redraw()
            if playing { a.handle(.key(KeyEvent(.space))) }
            var bytes = 0
            var previous = Screen.render(a.state, keymap: keymap)
            for _ in 0..<200 {
                t += 66_666
                if !playing { a.handle(.key(.char("."))) }
                a.tick()
                let frame = Screen.render(a.state, keymap: keymap)
                bytes += AnsiWriter.encode(frame.changes(since: previous), mode: .truecolor).utf8.count
                previous = frame
            }
            print("- bytes sent per \(playing ? "tick while playing (15 fps, the picture changes every tick)" : "frame-step scrub, preview paused"), 120×40 true colour: \(bytes / 200)")
        }

        // Cold start: what `onset open` does before the first frame, on a real store.
        try coldStart(root: root, folder: folder, scheme: scheme, spans: allSpans, transcript: text)
    }

    static func loadKeymap(_ root: String) throws -> Keymap {
        var k = Keymap()
        let path = root + "/Keymaps/default.toml"
        try k.merge(toml: try Workspace.read(path), file: path)
        return k
    }

    static func coldStart(root: String, folder: String, scheme: Scheme, spans: [Span], transcript: Transcript) throws {
        let storePath = folder + "/ui.sqlite"
        let store = try LocalStore(path: storePath)
        let file = SessionFile(id: "bench-ui", media: root + "/Sessions/media/carphone_pristine.mp4", scheme: "social-signals",
                               directory: folder, path: folder + "/bench-ui.toml")
        try store.register(file, scheme: scheme, annotator: "bench")
        try store.createAll(spans, actor: "bench")
        let vtt = folder + "/long.vtt"
        var body = "WEBVTT\n\n"
        for s in transcript.segments { body += "\(s.start.formatted(alwaysHours: true)) --> \(s.end.formatted(alwaysHours: true))\n<v \(s.speaker ?? "A")>\(s.text)\n\n" }
        try body.write(toFile: vtt, atomically: true, encoding: .utf8)
        var samples: [Double] = []
        var untilLoaded: [Double] = []
        var stages: [String: [Double]] = [:]
        for _ in 0..<5 {
            let start = Measure.now()
            func stage(_ name: String, _ t0: UInt64) { stages[name, default: []].append(Double(Measure.now() - t0) / 1e9) }
            var t0 = Measure.now()
            let s = try Scheme.parse(toml: try Workspace.read(root + "/Sessions/schemes/social-signals.toml"), file: "scheme")
            stage("scheme", t0); t0 = Measure.now()
            let info = try MediaProbe.probe(file.mediaPath!, vfrSample: 0)
            stage("probe", t0); t0 = Measure.now()
            let opened = try LocalStore(path: storePath)
            let lanes = try opened.lanes(session: "bench-ui")
            let window = try opened.spans(session: "bench-ui", overlapping: .zero, AppState.openingViewLength)
            let more = try opened.hasSpans(session: "bench-ui", outside: .zero, AppState.openingViewLength)
            precondition(more)
            stage("store: open, lanes, read the opening window", t0); t0 = Measure.now()
            let data = try Data(contentsOf: URL(fileURLWithPath: vtt))
            let prefix = try Transcript.readPrefix(data, file: vtt, through: .zero, atLeast: 400)
            stage("transcript: read, parse the opening part", t0); t0 = Measure.now()
            var state = AppState(session: .init(id: "bench-ui", title: "bench", mediaName: "carphone", annotator: "bench"), scheme: s,
                                 spans: window, duration: duration, frameRate: info.frameRate, hasVideo: true,
                                 transcript: prefix.transcript, size: (120, 40))
            state.loading = [.spans, .transcript]
            state.laneHints = Set(lanes.keys)
            stage("state", t0); t0 = Measure.now()
            let b = TestBackend(width: 120, height: 40)
            b.draw(Screen.render(state, keymap: try loadKeymap(root)))
            stage("first frame", t0)
            samples.append(Double(Measure.now() - start) / 1e9)
            // The rest, as `onset open` reads it after the first frame: the transcript, then the spans.
            t0 = Measure.now()
            let whole = try Transcript.read(data, file: vtt)
            let index = try opened.spanIndex(session: "bench-ui")
            precondition(index.count == spans.count && whole.segments.count == transcript.segments.count)
            untilLoaded.append(Double(Measure.now() - start) / 1e9)
        }
        let breakdown = stages.sorted { $0.key < $1.key }.map { "\($0.key) \(Measure.ms(Measure.percentile($0.value, 0.5)))" }.joined(separator: ", ")
        print("- cold start to the first complete frame (session of 100,000 spans, 60,000-cue transcript): median \(Measure.ms(Measure.percentile(samples, 0.5))) — \(breakdown); the whole session in memory (transcript then spans, keys held until then) after \(Measure.ms(Measure.percentile(untilLoaded, 0.5)))")
    }

    /// Writes the benchmark session for measuring `onset open` as a process (scripts/bench-open.sh):
    /// `DIR/store.sqlite` with 100,000 spans in session `bench-ui`, `DIR/bench-ui.toml` on the
    /// 2-hour file and `DIR/long.vtt` with 60,000 cues.
    static func writeFixture(root: String, folder: String, media: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let schemePath = root + "/Sessions/schemes/social-signals.toml"
        let scheme = try Scheme.parse(toml: try Workspace.read(schemePath), file: schemePath)
        let vtt = folder + "/long.vtt"
        var body = "WEBVTT\n\n"
        for s in transcript(60_000).segments { body += "\(s.start.formatted(alwaysHours: true)) --> \(s.end.formatted(alwaysHours: true))\n<v \(s.speaker ?? "A")>\(s.text)\n\n" }
        try body.write(toFile: vtt, atomically: true, encoding: .utf8)
        let toml = """
            title = "Benchmark: 100,000 spans on two hours"
            media = "\(media)"
            transcript = "long.vtt"
            scheme = "social-signals"
            mode = "spans"
            """
        try toml.write(toFile: folder + "/bench-ui.toml", atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: folder + "/store.sqlite")
        let store = try LocalStore(path: folder + "/store.sqlite")
        let file = try SessionFile.parse(toml: toml, path: folder + "/bench-ui.toml")
        try store.register(file, scheme: scheme, annotator: "bench")
        try store.createAll(spans(100_000, scheme: scheme), actor: "bench")
        print("wrote \(folder)/store.sqlite (100,000 spans), bench-ui.toml, long.vtt (60,000 cues) on \(media)")
    }
}
