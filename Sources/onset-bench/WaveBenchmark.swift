import Foundation
import OnsetCore
import OnsetStore
import OnsetSync

/// Planning and creating a wave of 100,000 items for 200 annotators (issue "Projects, waves and
/// assignments"). The reference is a plain round-robin deal of the same items in the same
/// process: the floor any planner pays to touch every assignment once.
enum WaveBenchmark {
    static func run(folder: String, items: Int, annotators: Int) throws {
        print("\n## Waves: \(items) items, \(annotators) annotators")
        let names = (0..<annotators).map { String(format: "ann%03d", $0) }
        for perItem in [2, 3] {
            let request = WavePlanner.Request(items: items, annotators: names, overlap: 0.2, perItem: perItem, seed: 1)
            var plan: WavePlanner.Plan?
            let times = try (0..<3).map { _ in try Measure.time { plan = try WavePlanner.plan(request) } }
            let reference = (0..<3).map { _ in Measure.time { _ = roundRobin(items: items, annotators: annotators, overlapped: request.overlappedItems, perItem: perItem) } }
            let s = plan!.summary
            print("- plan, overlap 0.2 × \(perItem): \(times.map(Measure.ms).joined(separator: ", ")) (round-robin deal \(reference.map(Measure.ms).joined(separator: ", ")); "
                  + String(format: "%.1f×", times.min()! / reference.min()!) + ")")
            print("  \(s.assignments) assignments; workload \(s.min_load)–\(s.max_load); pairs sharing items \(s.pairs_sharing_items) of \(s.pairs), \(s.min_pair_items)–\(s.max_pair_items) each")
        }

        // The whole command's work: manifest text → items → plan → one transaction.
        var csv = "id,media,duration,source\n"
        for i in 0..<items { csv += "item-\(i),/srv/media/item-\(i).mp4,\(30 + i % 600),lab\n" }
        let store = try CentralStore(path: folder + "/waves.sqlite")
        let toml = "id = \"bench\"\nversion = 1\n"
        try store.createProject("bench", scheme: SchemeVersion(id: "bench", version: 1, sha256: "x", toml: toml))
        for name in names { try store.registerAnnotator(name, publicKey: Data(repeating: 7, count: 32).base64EncodedString(), projects: ["bench"]) }
        var manifest: ItemManifest?
        let parse = Measure.time { manifest = ItemManifest.parse(csv, file: "items.csv") }
        var planned: WaveCreation.Planned?
        let request = WaveCreation.Request(project: "bench", wave: "production-1", phase: "production", annotators: names, overlap: 0.2, perItem: 2, createdBy: "bench")
        let plan = try Measure.time { planned = try WaveCreation.plan(request, items: manifest!.items, gold: [], store: store) }
        let commit = try Measure.time { try WaveCreation.commit(planned!, store: store) }
        print("- wave create: manifest \(Measure.s(parse)), checks and plan \(Measure.s(plan)), commit \(Measure.s(commit)); total \(Measure.s(parse + plan + commit))")
        let status = try Measure.time { _ = try store.waveStatus(project: "bench", wave: "production-1") }
        let pull = try Measure.time { _ = try store.assignments(annotator: names[0]) }
        print("- wave status (\(planned!.plan.assignments.count) assignments): \(Measure.s(status)); one annotator's assignments: \(Measure.ms(pull))")
    }

    /// Items dealt in turn, overlapped ones to `perItem` consecutive annotators: no balancing of pairs.
    static func roundRobin(items: Int, annotators: Int, overlapped: Int, perItem: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        out.reserveCapacity(items + overlapped * (perItem - 1))
        var next = 0
        for item in 0..<items {
            for _ in 0..<(item < overlapped ? perItem : 1) {
                out.append((item, next))
                next = (next + 1) % annotators
            }
        }
        return out
    }
}
