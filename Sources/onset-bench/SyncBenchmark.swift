import Foundation
import OnsetCore
import OnsetStore
import OnsetSync

/// Export bundles at scale: a million annotations bundled, verified, ingested and re-ingested.
enum SyncBenchmark {
    static func run(root: String, folder: String, count: Int) throws {
        print("\n## Export bundles and the central store")
        let storePath = folder + "/sync-ws.sqlite"
        let store = try LocalStore(path: storePath)
        let schemePath = root + "/Sessions/schemes/social-signals.toml"
        let scheme = try Scheme.parse(toml: try Workspace.read(schemePath), file: schemePath)
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

        let identity = Identity.create(annotator: "bench", workstation: "bench-ws")
        var changes: BundleChanges?
        let query = try Measure.time { changes = try store.bundleChanges(project: "bench", annotator: "bench", all: true) }
        let members: [BundleMember: [UInt8]] = [.spans: changes!.spans, .operations: changes!.operations]
        let draft = BundleManifest(bundle_id: "", created_at_us: 0, annotator: "bench", workstation: "bench-ws", public_key: "", project: "bench",
                                   wave: nil, waves: [], sequence: 1, schemes: [], media: [], operations: .init(after_seq: 0, through_seq: 0),
                                   counts: [:], members: [:])
        let pack = try Measure.time { _ = try BundleFile.make(draft, members: members, identity: identity) }
        print("  (of which: reading the changes as JSON lines \(Measure.s(query)), hashing, compressing and signing \(Measure.s(pack)))")
        var made: BundleBuilder.Made?
        let create = try Measure.time {
            made = try BundleBuilder.create(store: store, identity: identity, project: "bench", all: true, outbox: folder + "/outbox") { _ in SessionDescription() }
        }
        guard let made else { throw BenchError("no bundle") }
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
