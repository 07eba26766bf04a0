import Foundation
import OnsetAgreement
import OnsetCore
import OnsetPostgres
import OnsetStore
import OnsetSync

/// The central store on PostgreSQL beside SQLite, in one run: ingest, the agreement report, and
/// two stores (two server instances) ingesting at once against one. `url`: an empty database
/// (each run works in schemas of its own).
enum PostgresBenchmark {
    static func run(url: String, folder: String, annotations: Int) throws {
        print("\n## The central store on PostgreSQL")
        let coders = [Identity.create(annotator: "a1", workstation: "w1"), Identity.create(annotator: "a2", workstation: "w2")]
        let bundles = try coders.map { try makeBundle($0, sequence: 1, session: "shared", spans: annotations / 2) }
        func fresh() -> String { url + (url.contains("?") ? "&" : "?") + "schema=bench_" + String(UInt32.random(in: 0...UInt32.max), radix: 36) }
        var times: [String: (ingest: Double, load: Double, report: Double)] = [:]
        for (name, location) in [("SQLite", folder + "/pg-bench-\(UUID().uuidString).sqlite"), ("PostgreSQL", fresh())] {
            let store = try CentralStore.open(location)
            try store.addProject("bench")
            for c in coders { try store.registerAnnotator(c.annotator, publicKey: c.publicKey, projects: ["bench"]) }
            let ingest = try Measure.time { for b in bundles { _ = try Ingest.ingest(b, into: store) } }
            var input: AgreementInput?
            let load = try Measure.time { input = try AgreementSource.central(store, project: "bench", wave: nil) }
            let report = Measure.time { _ = AgreementReport.compute(input!) }
            times[name] = (ingest, load, report)
            print("- \(name): ingest of \(annotations) annotations (2 bundles) \(Measure.s(ingest)), \(Int(Double(annotations) / ingest))/s; "
                  + "agreement report: reading \(Measure.s(load)), computing \(Measure.s(report))")
        }
        let s = times["SQLite"]!, p = times["PostgreSQL"]!
        print(String(format: "- PostgreSQL ÷ SQLite: ingest %.1f×, agreement read %.1f×", p.ingest / s.ingest, p.load / s.load))

        // Two stores on one database (as two `onset serve` processes would be) against one.
        let senders = 2, perSender = 20, perBundle = 500
        let identities = (0..<senders).map { Identity.create(annotator: "c\($0)", workstation: "cw\($0)") }
        let work = try identities.map { id in try (1...perSender).map { try makeBundle(id, sequence: Int64($0), session: "s-\(id.workstation)", spans: perBundle) } }
        for instances in [1, 2] {
            let location = fresh()
            let stores = try (0..<instances).map { _ in try CentralStore.open(location) }
            try stores[0].addProject("bench")
            for id in identities { try stores[0].registerAnnotator(id.annotator, publicKey: id.publicKey, projects: ["bench"]) }
            let failures = SyncBenchmark.Counter()
            let elapsed = Measure.time {
                DispatchQueue.concurrentPerform(iterations: senders) { i in
                    for b in work[i] where (try? Ingest.ingest(b, into: stores[i % instances])) == nil { failures.add() }
                }
            }
            let total = senders * perSender * perBundle
            print("- \(instances) store\(instances == 1 ? "" : "s") on one PostgreSQL database, \(senders) senders × \(perSender) bundles of \(perBundle) spans: "
                  + "\(Measure.s(elapsed)), \(Int(Double(total) / elapsed)) annotations/s, \(failures.value) failed")
        }
    }

    static func makeBundle(_ identity: Identity, sequence: Int64, session: String, spans count: Int) throws -> [UInt8] {
        let sessionLine = "{\"id\":\"\(session)\",\"title\":\"t\",\"project\":\"bench\",\"wave\":\"w1\",\"mode\":\"spans\",\"scheme_id\":\"x\",\"scheme_version\":1,\"annotator\":\"\(identity.annotator)\",\"media_duration_us\":\(count * 1000 + 1000)}\n"
        var spans: [UInt8] = []
        spans.reserveCapacity(count * 330)
        let signals = ["interest", "hesitation", "stress", "agreement"]
        for i in 0..<count {
            spans += Array("{\"id\":\"\(UUID().uuidString)\",\"session\":\"\(session)\",\"signal\":\"\(signals[i % 4])\",\"onset_us\":\(i * 1000),\"offset_us\":\(i * 1000 + 700),\"confidence\":3,\"intensity\":2,\"cues\":[\"x\"],\"rationale\":\"\",\"annotator\":\"\(identity.annotator)\",\"scheme_id\":\"x\",\"scheme_version\":1,\"created_at_us\":1,\"updated_at_us\":1,\"revision\":1,\"deleted_at_us\":null}\n".utf8)
        }
        let draft = BundleManifest(created_at_us: sequence, annotator: identity.annotator, workstation: identity.workstation, project: "bench",
                                   wave: "w1", waves: ["w1"], sequence: sequence, schemes: [], media: [],
                                   operations: .init(after_seq: 0, through_seq: 0))
        return try BundleFile.make(draft, members: [.sessions: Array(sessionLine.utf8), .spans: spans], identity: identity).bytes
    }
}
