import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnsetCore
import OnsetServer
import OnsetStore
import OnsetSync

/// Export bundles at scale: a million annotations bundled, verified, ingested and re-ingested.
enum SyncBenchmark {
    /// `bundle create --all` three times on a workstation store like the sync suite's, with its parts.
    static func create(path: String, root: String, folder: String, count: Int) throws {
        let store = FileManager.default.fileExists(atPath: path) ? try LocalStore(path: path) : try workstation(path: path, root: root, count: count)
        let identity = Identity.create(annotator: "bench", workstation: "bench-ws")
        for run in 1...3 {
            let timed = try timedCreate(store: store, identity: identity, outbox: folder + "/outbox-\(run)")
            print("- run \(run): bundle create \(Measure.s(timed.create)) (reading the changes \(Measure.s(timed.query)), hashing, compressing and signing \(Measure.s(timed.pack)))")
        }
    }

    /// Reading the changes and packing them, each timed on its own, then the whole `bundle create --all`.
    static func timedCreate(store: LocalStore, identity: Identity, outbox: String) throws -> (query: Double, pack: Double, create: Double, made: BundleBuilder.Made) {
        var changes: BundleChanges?
        let query = try Measure.time { changes = try store.bundleChanges(project: "bench", annotator: "bench", all: true) }
        let members: [BundleMember: [UInt8]] = [.spans: changes!.spans, .operations: changes!.operations]
        changes = nil
        let draft = BundleManifest(bundle_id: "", created_at_us: 0, annotator: "bench", workstation: "bench-ws", public_key: "", project: "bench",
                                   wave: nil, waves: [], sequence: 1, schemes: [], media: [], operations: .init(after_seq: 0, through_seq: 0),
                                   counts: [:], members: [:])
        let pack = try Measure.time { _ = try BundleFile.make(draft, members: members, identity: identity) }
        var made: BundleBuilder.Made?
        let create = try Measure.time {
            made = try BundleBuilder.create(store: store, identity: identity, project: "bench", all: true, outbox: outbox) { _ in SessionDescription() }
        }
        guard let made else { throw BenchError("no bundle") }
        return (query, pack, create, made)
    }

    /// A workstation store with `count` spans of session "big" in project "bench" and their op-log
    /// entries, written by `sqlite3` itself (the edit API would take minutes and is measured elsewhere).
    static func workstation(path storePath: String, root: String, count: Int) throws -> LocalStore {
        let store = try LocalStore(path: storePath)
        let schemePath = root + "/Sessions/schemes/social-signals.toml"
        let scheme = try Scheme.parse(toml: try Workspace.read(schemePath), file: schemePath)
        let folder = (storePath as NSString).deletingLastPathComponent
        try store.register(SessionFile(id: "big", media: nil, scheme: "social-signals", annotator: "bench", project: "bench", wave: "w1",
                                       directory: folder, path: folder + "/big.toml"), scheme: scheme, annotator: "bench")
        // A million spans with their op-log entries, written by SQLite itself (the edit API would
        // take minutes and is measured elsewhere).
        let generate = """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < \(count - 1))
            INSERT INTO span (id, session_id, signal, onset_us, offset_us, confidence, intensity, cues, rationale, annotator, scheme_id,
                              scheme_version, created_at_us, updated_at_us, revision, deleted_at_us)
            SELECT printf('%08X-%04X-4%03X-8%03X-%012X', i, i % 65536, i % 4096, (i * 7) % 4096, i * 13), 'big',
                   CASE i % 4 WHEN 0 THEN 'interest' WHEN 1 THEN 'hesitation' WHEN 2 THEN 'stress' ELSE 'agreement' END,
                   i * 7000, i * 7000 + 1500000, 1 + i % 5, 1 + (i / 5) % 5, '["gaze aversion","filled pause"]',
                   CASE WHEN i % 10 = 0 THEN 'voice drops and she looks away before answering' ELSE '' END,
                   'bench', 'social-signals', 1, 1700000000000000 + i, 1700000000000000 + i, 1, NULL FROM n;
            INSERT INTO op_log (session_id, at_us, actor, kind, record_type, record_id, origin, undo_state)
            SELECT session_id, created_at_us, 'bench', 'create', 'span', id, 'edit', 'done' FROM span WHERE session_id = 'big';
            """
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [storePath, generate]
        let generation = try Measure.time { try sqlite.run(); sqlite.waitUntilExit() }
        guard sqlite.terminationStatus == 0 else { throw BenchError("sqlite3 could not generate the spans") }
        print("- generated \(count) spans and their op log with sqlite3 in \(Measure.s(generation))")

        return store
    }

    static func run(root: String, folder: String, count: Int) throws {
        print("\n## Export bundles and the central store")
        let store = try workstation(path: folder + "/sync-ws.sqlite", root: root, count: count)

        let identity = Identity.create(annotator: "bench", workstation: "bench-ws")
        let timed = try timedCreate(store: store, identity: identity, outbox: folder + "/outbox")
        let made = timed.made, create = timed.create
        print("  (of which: reading the changes as JSON lines \(Measure.s(timed.query)), hashing, compressing and signing \(Measure.s(timed.pack)))")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: made.path)))
        let raw = made.manifest.members.values.reduce(0) { $0 + $1.bytes }
        print("- bundle create, \(made.records) annotations: \(Measure.s(create)) (target ≤ 5 s); \(bytes.count / 1_000_000) MB file, \(raw / 1_000_000) MB of JSON lines")

        let verify = try Measure.time {
            let bundle = try OpenedBundle.open(bytes)
            try bundle.verify()
            try bundle.verifyLines()
        }
        print("- bundle verify (container, signature, checksums, every line's schema and owner): \(Measure.s(verify))")

        let central = try CentralStore(path: folder + "/sync-central.sqlite")
        try central.addProject("bench")
        try central.registerAnnotator("bench", publicKey: identity.publicKey, projects: ["bench"])
        var result: Ingest.Result?
        let ingest = try Measure.time { result = try Ingest.ingest(bytes, into: central) }
        guard case .applied(let records, _)? = result?.outcome else { throw BenchError("ingest did not apply: \(String(describing: result?.summary))") }
        print("- central ingest of \(records) annotations: \(Measure.s(ingest)), \(Int(Double(records) / ingest)) annotations/s (target ≥ 200,000/s)")
        let again = try Measure.time { result = try Ingest.ingest(bytes, into: central) }
        print("- re-ingest of the same bundle: \(Measure.ms(again)) (\(result!.outcome == .alreadyApplied ? "recognised, nothing changed" : "UNEXPECTED")) (target ≤ 1 s)")
        var exported = 0
        let export = try Measure.time { exported = try DatasetExport.export(central, project: "bench", wave: nil, format: .jsonl) { _ in } }
        print("- merged dataset export (JSONL) of \(exported) records: \(Measure.s(export))")
    }
}

extension SyncBenchmark {
    /// 32 clients at once, 50 bundles each (`perBundle` spans a bundle), over HTTP on 127.0.0.1.
    static func server(folder: String, clients: Int = 32, bundles: Int = 50, perBundle: Int = 100) throws {
        let central = try CentralStore(path: folder + "/server-central.sqlite")
        try central.addProject("bench")
        var prepared: [(token: String, bundles: [Data])] = []
        for c in 0..<clients {
            let identity = Identity.create(annotator: "a\(c)", workstation: "ws\(c)")
            try central.registerAnnotator("a\(c)", publicKey: identity.publicKey, projects: ["bench"])
            let token = try central.issueToken(annotator: "a\(c)", label: "bench")
            prepared.append((token, try (1...bundles).map { try Data(makeBundle(identity, sequence: Int64($0), spans: perBundle)) }))
        }
        let port = 18_640 + Int.random(in: 0..<1000)
        let app = CentralServer.application(store: central, host: "127.0.0.1", port: port)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        // Wait until it answers.
        for _ in 0..<100 {
            if (try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/v1/health")!)) != nil { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let failures = Counter()
        let senders = prepared
        let elapsed = Measure.time {
            DispatchQueue.concurrentPerform(iterations: clients) { c in
                for body in senders[c].bundles {
                    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/bundles")!)
                    request.httpMethod = "POST"
                    request.setValue("Bearer \(senders[c].token)", forHTTPHeaderField: "Authorization")
                    request.httpBody = body
                    let done = DispatchSemaphore(value: 0)
                    URLSession.shared.dataTask(with: request) { _, response, _ in
                        if (response as? HTTPURLResponse)?.statusCode != 200 { failures.add() }
                        done.signal()
                    }.resume()
                    done.wait()
                }
            }
        }
        let total = clients * bundles
        let stored = try central.projects().first?.spans ?? 0
        print("- server, \(clients) concurrent clients × \(bundles) bundles of \(perBundle) spans over HTTP on 127.0.0.1: \(total) bundles in \(Measure.s(elapsed)), \(Int(Double(total) / elapsed)) bundles/s, \(Int(Double(total * perBundle) / elapsed)) annotations/s; \(failures.value) failed, \(stored) of \(total * perBundle) spans stored")
    }

    /// A bundle made directly (no workstation store): `count` spans for one annotator.
    static func makeBundle(_ identity: Identity, sequence: Int64, spans count: Int) throws -> [UInt8] {
        let session = "{\"id\":\"s-\(identity.workstation)\",\"title\":\"t\",\"project\":\"bench\",\"wave\":\"w1\",\"mode\":\"spans\",\"scheme_id\":\"x\",\"scheme_version\":1,\"annotator\":\"\(identity.annotator)\"}\n"
        var spans = ""
        for i in 0..<count {
            spans += "{\"id\":\"\(UUID().uuidString)\",\"session\":\"s-\(identity.workstation)\",\"signal\":\"a\",\"onset_us\":\(i * 1000),\"offset_us\":\(i * 1000 + 500),\"confidence\":3,\"intensity\":2,\"cues\":[\"x\"],\"rationale\":\"\",\"annotator\":\"\(identity.annotator)\",\"scheme_id\":\"x\",\"scheme_version\":1,\"created_at_us\":1,\"updated_at_us\":1,\"revision\":1,\"deleted_at_us\":null}\n"
        }
        let draft = BundleManifest(created_at_us: sequence, annotator: identity.annotator, workstation: identity.workstation, project: "bench",
                                   wave: "w1", waves: ["w1"], sequence: sequence, schemes: [], media: [],
                                   operations: .init(after_seq: 0, through_seq: 0))
        return try BundleFile.make(draft, members: [.sessions: Array(session.utf8), .spans: Array(spans.utf8)], identity: identity).bytes
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var value = 0
        func add() { lock.lock(); value += 1; lock.unlock() }
    }
}
