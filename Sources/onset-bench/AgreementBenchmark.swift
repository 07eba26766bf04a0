import Foundation
import OnsetAgreement
import OnsetStore
import OnsetSync

/// Alpha against the PyPI `krippendorff` package on the same CSV files, and the full agreement
/// report over a central store with a million annotations.
enum AgreementBenchmark {
    static func run(folder: String, annotations: Int) throws {
        print("\n## Agreement")
        try alpha(folder: folder, coders: 10, units: 5_000)
        try alpha(folder: folder, coders: 100, units: 100_000)
        try report(folder: folder, annotations: annotations)
    }

    /// Seeded reliability data: a true score per unit, coders off by one now and then, 10% missing.
    static func writeCSV(_ path: String, coders: Int, units: Int) throws {
        var rng = SplitMix64(seed: 42)
        let truth = (0..<units).map { _ in 1 + rng.below(5) }
        var out = "coder," + (0..<units).map { "u\($0)" }.joined(separator: ",") + "\n"
        for c in 0..<coders {
            out += "c\(c)"
            for u in 0..<units {
                out += ","
                if rng.below(10) == 0 { continue }
                let noise = rng.below(4) == 0 ? (rng.below(2) == 0 ? -1 : 1) : 0
                out += String(min(5, max(1, truth[u] + noise)))
            }
            out += "\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func alpha(folder: String, coders: Int, units: Int) throws {
        let path = folder + "/alpha-\(coders)x\(units).csv"
        try writeCSV(path, coders: coders, units: units)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var data: ReliabilityData?
        let parse = try Measure.time { data = try bytes.withUnsafeBytes { try ReliabilityData.parse(csv: $0) } }
        var ours: [KrippendorffAlpha.Level: (seconds: Double, alpha: Double?)] = [:]
        for level in KrippendorffAlpha.Level.allCases {
            var best = Double.infinity, value: Double?
            for _ in 0..<3 { best = min(best, Measure.time { value = KrippendorffAlpha.compute(data!.coded, level: level).alpha }) }
            ours[level] = (best, value)
        }
        // The reference on the same file, in the same run: its load and each level's alpha (best of 3).
        let script = """
            import csv, sys, time, math
            import numpy as np, krippendorff
            t = time.perf_counter()
            with open(sys.argv[1]) as f:
                rows = list(csv.reader(f))[1:]
            data = np.array([[float(v) if v else np.nan for v in r[1:]] for r in rows])
            load = time.perf_counter() - t
            out = ['load %.6f' % load]
            for level in ['nominal', 'ordinal', 'interval', 'ratio']:
                best, a = 1e9, None
                for _ in range(3):
                    t = time.perf_counter()
                    a = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
                    best = min(best, time.perf_counter() - t)
                out.append('%s %.6f %.9f' % (level, best, a))
            print(' '.join(out))
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, path]
        let outPath = folder + "/kref.out"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        python.standardOutput = FileHandle(forWritingAtPath: outPath)
        python.standardError = FileHandle.nullDevice
        try python.run()
        python.waitUntilExit()
        let words = (try? String(contentsOfFile: outPath, encoding: .utf8))?.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) ?? []
        print("- alpha, \(coders) coders × \(units) units (values 1–5, 10% missing; \(bytes.count / 1000) kB CSV): reading the CSV \(Measure.ms(parse))")
        guard python.terminationStatus == 0, words.count >= 14 else {
            for level in KrippendorffAlpha.Level.allCases { print("  - \(level): \(Measure.ms(ours[level]!.seconds)) (the krippendorff package is not installed: no reference)") }
            return
        }
        let theirLoad = Double(words[1])!
        print("  (the reference loads the same CSV into numpy in \(Measure.ms(theirLoad)))")
        for (i, level) in KrippendorffAlpha.Level.allCases.enumerated() {
            let theirs = Double(words[3 + 3 * i])!, theirAlpha = Double(words[4 + 3 * i])!
            let mine = ours[level]!
            let same = mine.alpha.map { abs($0 - theirAlpha) < 1e-9 } ?? false
            print(String(format: "  - %@: ours %@, krippendorff %@ → %.1f× faster; file to result %.1f× faster; alpha %.6f (%@)",
                         level.rawValue, Measure.ms(mine.seconds), Measure.ms(theirs), theirs / mine.seconds,
                         (theirLoad + theirs) / (parse + mine.seconds), mine.alpha ?? .nan, same ? "same as the package" : "DIFFERS from the package"))
        }
    }

    /// A central store with `annotations` spans: items coded by two annotators each, five
    /// signals with intensities, delivered as real bundles; then the report from the store.
    static func report(folder: String, annotations: Int) throws {
        // ONSET_BENCH_CENTRAL keeps the generated store for profiling the queries afterwards.
        let path = ProcessInfo.processInfo.environment["ONSET_BENCH_CENTRAL"] ?? folder + "/agreement-central.sqlite"
        let central = try CentralStore(path: path)
        try central.addProject("bench")
        let perBundle = 1_000, items = max(1, annotations / (2 * perBundle))
        let coders = ["ana", "bob"].map { Identity.create(annotator: $0, workstation: "ws-\($0)") }
        for id in coders { try central.registerAnnotator(id.annotator, publicKey: id.publicKey, projects: ["bench"]) }
        let signals = ["interest", "hesitation", "stress", "agreement", "smile"]
        var rng = SplitMix64(seed: 7)
        let ingest = try Measure.time {
            for item in 0..<items {
                for (c, identity) in coders.enumerated() {
                    let session = "item-\(item)"
                    var lines = "{\"id\":\"\(session)\",\"title\":\"t\",\"project\":\"bench\",\"wave\":\"w\(1 + item % 3)\",\"mode\":\"spans\",\"scheme_id\":\"x\",\"scheme_version\":1,\"annotator\":\"\(identity.annotator)\",\"media_duration_us\":\(perBundle * 2_000_000)}\n"
                    let sessionLine = lines
                    lines = ""
                    for i in 0..<perBundle {
                        let jitter = Int64(rng.below(400_000)) - 200_000
                        let on = Int64(i) * 2_000_000 + (c == 0 ? 0 : jitter)
                        let off = on + 1_000_000 + Int64(rng.below(500_000))
                        let signal = signals[(i + (c == 1 && rng.below(10) == 0 ? 1 : 0)) % signals.count]
                        lines += "{\"id\":\"\(UUID().uuidString)\",\"session\":\"\(session)\",\"signal\":\"\(signal)\",\"onset_us\":\(max(0, on)),\"offset_us\":\(off),\"confidence\":3,\"intensity\":\(1 + rng.below(5)),\"cues\":[],\"rationale\":\"\",\"annotator\":\"\(identity.annotator)\",\"scheme_id\":\"x\",\"scheme_version\":1,\"created_at_us\":1,\"updated_at_us\":1,\"revision\":1,\"deleted_at_us\":null}\n"
                    }
                    let draft = BundleManifest(created_at_us: Int64(item), annotator: identity.annotator, workstation: identity.workstation, project: "bench",
                                               wave: "w\(1 + item % 3)", waves: ["w\(1 + item % 3)"], sequence: Int64(item + 1), schemes: [], media: [],
                                               operations: .init(after_seq: 0, through_seq: 0))
                    let bytes = try BundleFile.make(draft, members: [.sessions: Array(sessionLine.utf8), .spans: Array(lines.utf8)], identity: identity).bytes
                    _ = try Ingest.ingest(bytes, into: central)
                }
            }
        }
        let stored = try central.projects().first?.spans ?? 0
        print("- agreement report over a central store with \(stored) annotations (\(items) items × 2 annotators × \(perBundle) spans, 5 signals, 3 waves; built through \(items * 2) bundles in \(Measure.s(ingest))):")
        var input: AgreementInput?
        let load = try Measure.time { input = try AgreementSource.central(central, project: "bench", wave: nil) }
        var report: AgreementReport?
        let compute = Measure.time { report = AgreementReport.compute(input!) }
        print("  reading the store \(Measure.s(load)), computing \(Measure.s(compute)): \(Measure.s(load + compute)) in all (target ≤ 5 s); \(report!.signals.count) signals, \(report!.waves.count) waves in the trend, \(report!.flags.count) flags")
    }

    static func read(path: String) throws {
        let central = try CentralStore(path: path)
        var times: [Double] = []
        var count = 0
        for _ in 0..<5 {
            times.append(try Measure.time { count = try AgreementSource.central(central, project: "bench", wave: nil).spanItems.count })
        }
        print("- reading \(count) items for the agreement report: best \(Measure.s(times.min()!)), median \(Measure.s(Measure.percentile(times, 0.5)))")
    }
}
