import Foundation

// Benchmarks for BENCHMARKS.md. Run with `make bench` (release build). Arguments choose suites:
//   onset-bench [store] [media] [ui] [sync] [interchange] [agreement] [waves] [queue] [postgres] [--count N] [--large N] [--seeks N] [--annotations N]
//   onset-bench open-fixture DIR   (the session scripts/bench-open.sh measures)
//   onset-bench bundle-create STORE [--annotations N]   (bundle create --all, three times; STORE is made first when missing)
let args = CommandLine.arguments.dropFirst()
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = args.firstIndex(of: name), args.index(after: i) < args.endIndex, let v = Int(args[args.index(after: i)]) else { return fallback }
    return v
}
let suites = Set(args.filter { !$0.hasPrefix("--") && Int($0) == nil })
let all = suites.isEmpty
let folder = NSTemporaryDirectory() + "onset-bench-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

print("# onset-bench \(Date()) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
do {
    if all || suites.contains("store") {
        try StoreBenchmark.run(folder: folder, count: option("--count", 100_000), largeCount: option("--large", 1_000_000))
    }
    if suites.contains("seek") {
        try MediaBenchmark.seekExperiment(cacheFolder: NSTemporaryDirectory() + "onset-bench-media", seeks: option("--seeks", 50))
    }
    if all || suites.contains("ui") {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        try WorkstationBenchmark.run(root: root, folder: folder, keyCount: option("--keys", 10_000))
    }
    if let i = args.firstIndex(of: "open-fixture"), args.index(after: i) < args.endIndex {
        // Not a suite: writes the session scripts/bench-open.sh opens as a real process.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let media = try MediaBenchmark.longFile(folder: NSTemporaryDirectory() + "onset-bench-media")
        try WorkstationBenchmark.writeFixture(root: root, folder: args[args.index(after: i)], media: media)
        exit(0)
    }
    if all || suites.contains("interchange") {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        try InterchangeBenchmark.run(root: root, count: option("--spans", 100_000))
    }
    if all || suites.contains("sync") {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        try SyncBenchmark.run(root: root, folder: folder, count: option("--annotations", 1_000_000))
        try SyncBenchmark.server(folder: folder)
    }
    if let i = args.firstIndex(of: "bundle-create"), args.index(after: i) < args.endIndex {
        // Not a suite: bundling a workstation store like the sync suite's (made at that path first if
        // there is none, and kept), three times.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        try SyncBenchmark.create(path: args[args.index(after: i)], root: root, folder: folder, count: option("--annotations", 1_000_000))
        exit(0)
    }
    if let i = args.firstIndex(of: "agreement-read"), args.index(after: i) < args.endIndex {
        // Not a suite: reading a kept central store (ONSET_BENCH_CENTRAL) for the report, best of 5.
        try AgreementBenchmark.read(path: args[args.index(after: i)])
        exit(0)
    }
    if suites.contains("postgres") {
        // Not in `all`: it needs a PostgreSQL database (an empty one; scripts/postgres-cluster.sh start makes one).
        guard let url = ProcessInfo.processInfo.environment["ONSET_BENCH_POSTGRES"] else { throw BenchError("set ONSET_BENCH_POSTGRES to a postgres:// URL") }
        try PostgresBenchmark.run(url: url, folder: folder, annotations: option("--annotations", 1_000_000))
    }
    if all || suites.contains("agreement") {
        try AgreementBenchmark.run(folder: folder, annotations: option("--annotations", 1_000_000))
    }
    if all || suites.contains("waves") {
        try WaveBenchmark.run(folder: folder, items: option("--items", 100_000), annotators: option("--annotators", 200))
    }
    if all || suites.contains("queue") {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        try QueueBenchmark.run(root: root, folder: folder, rounds: option("--rounds", 25))
    }
    if all || suites.contains("media") {
        try MediaBenchmark.run(cacheFolder: NSTemporaryDirectory() + "onset-bench-media", seeks: option("--seeks", 50))
    }
    print("- peak memory of the benchmark process: \(String(format: "%.0f", Measure.peakMemoryMiB())) MiB")
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
