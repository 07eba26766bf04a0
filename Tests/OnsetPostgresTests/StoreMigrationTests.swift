import Foundation
import OnsetStore
import Testing
@testable import OnsetPostgres

@Suite(.enabled(if: PostgresTesting.url != nil, "ONSET_TEST_POSTGRES is not set: these tests need a PostgreSQL server (make test starts a throwaway one)"))
struct StoreMigrationTests {
    @Test func aStoreMovesToPostgreSQLAndBackWithEveryRowTheSame() throws {
        let folder = NSTemporaryDirectory() + "onset-migrate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlite = try CentralStore(path: folder + "/central.sqlite")
        try sqlite.addProject("p1")
        try sqlite.registerAnnotator("ana", publicKey: Data(repeating: 7, count: 32).base64EncodedString(), projects: ["p1"])
        _ = try sqlite.issueToken(annotator: "ana", label: "laptop")
        let bundle = IngestBundle(id: "b1", sha256: "h1", annotator: "ana", workstation: "w1", project: "p1", sequence: 1)
        _ = try sqlite.ingest(bundle, bytes: Array(repeating: 0xAB, count: 1000)) { w in
            try w.session(id: "s1", project: "p1", wave: nil, line: "{\"id\":\"s1\"}")
            for i in 0..<1200 {
                try w.record(kind: "span", id: PostgresTesting.uuid(i), revision: 1, session: "s1", wave: nil, deleted: i % 7 == 0,
                             line: "{\"n\":\(i),\"text\":\"日本 ✓\"}", span: .init(signal: "smile", onsetUs: Int64(i), offsetUs: Int64(i + 5), intensity: i % 3 == 0 ? nil : 2))
            }
            try w.telemetry(session: "s1", updatedAtUs: 5, line: "{}")
        }
        try sqlite.decide(project: "p1", session: "s1", annotator: "ana", status: .accepted, reason: "fine", by: "qc")
        try sqlite.addCalibrationResult(CalibrationResultRecord(project: "p1", annotator: "ana", wave: nil, sessions: ["s1"], measure: "span-f1",
                                                                 threshold: 0.85, value: 0.5, passed: false, result: "{}", scored_at_us: 9, scored_by: "auto"))
        let postgres = try CentralStore.open(PostgresTesting.freshSchema())
        try sqlite.copy(to: postgres)
        #expect(try postgres.tableChecks() == sqlite.tableChecks())
        #expect(try postgres.projects() == sqlite.projects())
        // A second move into a store that holds data is refused and changes nothing.
        #expect(throws: StoreError.self) { try sqlite.copy(to: postgres) }
        #expect(try postgres.tableChecks() == sqlite.tableChecks())
        // And back into a new file.
        let back = try CentralStore(path: folder + "/back.sqlite")
        try postgres.copy(to: back)
        #expect(try back.tableChecks() == sqlite.tableChecks())
    }
}
