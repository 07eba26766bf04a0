import Foundation
import OnsetCore
import OnsetStore

/// Foundation benchmarks: durable edits, batch inserts, a large store.
enum StoreBenchmark {
    static let scheme = Scheme(id: "bench", version: 1, title: "bench")

    static func span(_ i: Int, session: String) -> Span {
        Span(sessionID: session, signal: ["hesitation", "interest", "stress", "agreement"][i % 4],
             onset: Timecode(microseconds: Int64(i) * 40_000), offset: Timecode(microseconds: Int64(i) * 40_000 + 1_500_000),
             confidence: 1 + i % 5, intensity: 1 + (i / 5) % 5, cues: ["filled-pause", "gaze-aversion"],
             rationale: "benchmark span \(i)", annotator: "bench", schemeID: "bench", schemeVersion: 1)
    }

    static func register(_ store: LocalStore, _ session: String) throws {
        try store.register(SessionFile(id: session, media: "m.mp4", scheme: "bench", directory: "", path: "\(session).toml"),
                           scheme: scheme, annotator: "bench")
    }

    static func run(folder: String, count: Int, largeCount: Int) throws {
        print("## Local store (synchronous=FULL, WAL)")
        let path = folder + "/single.sqlite"
        let store = try LocalStore(path: path)
        try register(store, "single")
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        let single = try Measure.time {
            for i in 0..<count {
                let start = Measure.now()
                try store.create(span(i, session: "single"), actor: "bench")
                latencies.append(Double(Measure.now() - start) / 1e9)
            }
        }
        print("- insert \(count) spans, one transaction each: \(Measure.s(single)) (\(Int(Double(count) / single)) edits/s)")
        print("- one durable edit (create + op log, fsync'd): p50 \(Measure.ms(Measure.percentile(latencies, 0.5))), p99 \(Measure.ms(Measure.percentile(latencies, 0.99))), max \(Measure.ms(latencies.max() ?? 0))")

        let batchStore = try LocalStore(path: folder + "/batch.sqlite")
        try register(batchStore, "batch")
        let spans = (0..<count).map { span($0, session: "batch") }
        let batch = try Measure.time { try batchStore.createAll(spans, actor: "bench") }
        print("- insert \(count) spans in one batch transaction: \(Measure.s(batch)) (\(Int(Double(count) / batch)) spans/s; one-each is \(String(format: "%.1f", single / batch))× slower)")

        var updates: [Double] = []
        var target = try store.spans(session: "single").first!
        for i in 0..<2_000 {
            target.intensity = 1 + i % 5
            let start = Measure.now()
            target = try store.update(target, actor: "bench")
            updates.append(Double(Measure.now() - start) / 1e9)
        }
        print("- one durable update of an existing span (store holding \(count)): p50 \(Measure.ms(Measure.percentile(updates, 0.5))), p99 \(Measure.ms(Measure.percentile(updates, 0.99)))")

        var undos: [Double] = []
        for _ in 0..<500 {
            let start = Measure.now()
            try store.undo(session: "single", actor: "bench")
            undos.append(Double(Measure.now() - start) / 1e9)
        }
        print("- undo (store holding \(count) spans, \(count + 2_000) log entries): p50 \(Measure.ms(Measure.percentile(undos, 0.5))), p99 \(Measure.ms(Measure.percentile(undos, 0.99)))")

        try large(folder: folder, total: largeCount)
    }

    /// Builds a store of `total` spans over 100 sessions, reopens it cold and lists one session.
    static func large(folder: String, total: Int) throws {
        let path = folder + "/large.sqlite"
        let sessions = 100
        let perSession = total / sessions
        let build = try Measure.time {
            let store = try LocalStore(path: path)
            for s in 0..<sessions {
                let id = "session-\(s)"
                try register(store, id)
                try store.createAll((0..<perSession).map { span($0, session: id) }, actor: "bench")
            }
            try store.checkpoint()
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
        print("- built a store of \(total) spans (\(sessions) sessions × \(perSession)) with their op log: \(Measure.s(build)), \(size / 1_048_576) MiB")
        var opens: [Double] = [], lists: [Double] = []
        var listed = 0
        for round in 0..<5 {
            let start = Measure.now()
            let store = try LocalStore(path: path)
            let opened = Measure.now()
            let spans = try store.spans(session: "session-\(37 + round)")
            let done = Measure.now()
            listed = spans.count
            opens.append(Double(opened - start) / 1e9)
            lists.append(Double(done - opened) / 1e9)
        }
        print("- open that store (migrations checked): median \(Measure.ms(Measure.percentile(opens, 0.5))); list one session of \(listed) spans: median \(Measure.ms(Measure.percentile(lists, 0.5)))")
    }
}
