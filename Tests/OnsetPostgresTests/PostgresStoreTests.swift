import Foundation
@testable import OnsetStore
import Testing
@testable import OnsetPostgres

/// What only PostgreSQL has to prove: several servers on one database, its schema checks, a
/// connection lost mid-ingest. (Every other central-store test runs on PostgreSQL too, through
/// `ONSET_TEST_POSTGRES`: see `make test`.)
@Suite(.enabled(if: PostgresTesting.url != nil, "ONSET_TEST_POSTGRES is not set: these tests need a PostgreSQL server (make test starts a throwaway one)"))
struct PostgresStoreTests {
    @Test func twoServersOnOneDatabaseApplyABundleOnceAndKeepOwnership() throws {
        let location = PostgresTesting.freshSchema()
        let one = try CentralStore.open(location), two = try CentralStore.open(location)
        try one.addProject("p1")
        // The same bundle through both at once: applied exactly once.
        let bundle = IngestBundle(id: "b1", sha256: "h1", annotator: "ana", workstation: "w1", project: "p1", sequence: 1)
        let outcomes = try concurrently([one, two]) { store in
            try store.ingest(bundle, bytes: [1]) { w in
                try w.session(id: "s1", project: "p1", wave: nil, line: "{}")
                for i in 0..<200 { try w.record(kind: "span", id: PostgresTesting.uuid(i), revision: 1, session: "s1", wave: nil, deleted: false, line: "{\"n\":\(i)}") }
            }
        }
        #expect(outcomes.filter { $0 == .applied(records: 200, unchanged: 0) }.count == 1)
        #expect(outcomes.filter { $0 == .alreadyApplied }.count == 1)
        // Two annotators claiming one id through two servers at once: one of them is refused.
        let claims = try concurrently([one, two].enumerated().map { $0 }) { (i, store) -> Bool in
            let b = IngestBundle(id: "c\(i)", sha256: "c\(i)", annotator: i == 0 ? "ana" : "ben", workstation: "w\(i + 2)", project: "p1", sequence: 1)
            do {
                _ = try store.ingest(b, bytes: [2]) { w in
                    try w.session(id: "s\(i + 2)", project: "p1", wave: nil, line: "{}")
                    try w.record(kind: "span", id: PostgresTesting.uuid(999), revision: Int64(i + 1), session: "s\(i + 2)", wave: nil, deleted: false, line: "{}")
                }
                return true
            } catch { return false }
        }
        #expect(claims.filter { $0 }.count == 1)
        #expect(try one.revisions(of: PostgresTesting.uuid(999)).count == 1)
    }

    @Test func aConnectionLostMidIngestLeavesNothingAndTheRetryApplies() throws {
        // Its own application_name, so that only this store's connection is dropped, not those of tests running beside it.
        let name = "onset-" + UUID().uuidString.prefix(8).lowercased()
        let location = PostgresTesting.freshSchema()
        let store = try CentralStore.open(location + "&application_name=" + name), admin = try PostgresTesting.database(location)
        try store.addProject("p1")
        let bundle = IngestBundle(id: "b1", sha256: "h1", annotator: "ana", workstation: "w1", project: "p1", sequence: 1)
        #expect(throws: StoreError.self) {
            try store.ingest(bundle, bytes: [1]) { w in
                try w.session(id: "s1", project: "p1", wave: nil, line: "{}")
                try w.record(kind: "span", id: PostgresTesting.uuid(1), revision: 1, session: "s1", wave: nil, deleted: false, line: "{}")
                // The server drops this connection, as a restart or a network failure would.
                try admin.write { db in
                    try db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '\(name)' AND state LIKE 'idle in transaction%'")
                }
                try w.record(kind: "span", id: PostgresTesting.uuid(2), revision: 1, session: "s1", wave: nil, deleted: false, line: "{}")
            }
        }
        #expect(try store.revisions(of: PostgresTesting.uuid(1)).isEmpty)
        #expect(try store.expectedSequence(workstation: "w1", project: "p1") == 1)
        let retried = try store.ingest(bundle, bytes: [1]) { w in
            try w.session(id: "s1", project: "p1", wave: nil, line: "{}")
            try w.record(kind: "span", id: PostgresTesting.uuid(1), revision: 1, session: "s1", wave: nil, deleted: false, line: "{}")
        }
        #expect(retried == .applied(records: 1, unchanged: 0))
    }

    @Test func aSchemaFromANewerOnsetIsRefusedAndLeftAlone() throws {
        let location = PostgresTesting.freshSchema()
        _ = try CentralStore.open(location)
        try PostgresTesting.database(location).write { db in
            try db.execute("INSERT INTO onset_migrations (identifier, applied_at_us) VALUES ('central-v99-future', 0)")
        }
        #expect {
            _ = try CentralStore.open(location)
        } throws: { error in
            guard case StoreError.newerSchema(_, let unknown) = error else { return false }
            return unknown == ["central-v99-future"]
        }
    }

    @Test func aSchemaHoldingOtherTablesIsNotTakenOver() throws {
        let location = PostgresTesting.freshSchema()
        let url = try PostgresURL(location)
        // A table of somebody else's, made before Onset ever looked.
        let other = try PostgresTesting.database(PostgresTesting.url!)
        try other.write { db in
            try db.execute("CREATE SCHEMA \(url.schema!)")
            try db.execute("CREATE TABLE \(url.schema!).payroll (id INT)")
        }
        #expect {
            _ = try CentralStore.open(location)
        } throws: { error in
            "\(error)".contains("not a central store's") && "\(error)".contains("payroll")
        }
    }

    @Test func wrongCredentialsAndUnreachableServersSaySo() throws {
        let url = try PostgresURL(PostgresTesting.url!)
        #expect {
            _ = try CentralStore.open("postgres://no_such_role@\(url.host!):\(url.port)/\(url.database)?sslmode=disable")
        } throws: { "\($0)".contains("role \"no_such_role\" does not exist") }
        #expect {
            _ = try CentralStore.open("postgres://onset@127.0.0.1:1/\(url.database)?sslmode=disable")
        } throws: { "\($0)".contains("cannot reach the PostgreSQL server") }
    }
}

enum PostgresTesting {
    static let url = ProcessInfo.processInfo.environment["ONSET_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static func freshSchema() -> String {
        url! + (url!.contains("?") ? "&" : "?") + "schema=t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    static func database(_ location: String) throws -> PostgresCentralDatabase {
        try PostgresCentralDatabase(url: try PostgresURL(location), migrate: false)
    }

    static func uuid(_ n: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", n) }
}

/// Runs `body` for each input on its own thread, all at once; results in input order.
func concurrently<In, Out>(_ inputs: [In], _ body: @escaping (In) throws -> Out) throws -> [Out] {
    let lock = NSLock()
    nonisolated(unsafe) var results = [Result<Out, any Error>?](repeating: nil, count: inputs.count)
    nonisolated(unsafe) let inputs = inputs
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
        let r = Result { try body(inputs[i]) }
        lock.withLock { results[i] = r }
    }
    return try results.map { try $0!.get() }
}

@Suite(.enabled(if: PostgresTesting.url != nil, "ONSET_TEST_POSTGRES is not set: these tests need a PostgreSQL server (make test starts a throwaway one)"))
struct PostgresSchemaTests {
    /// The PostgreSQL schema is written out separately from the SQLite migrations (it has its own
    /// history of steps); this keeps the two from drifting apart.
    @Test func everyTableHasTheSameColumnsAsOnSQLite() throws {
        let folder = NSTemporaryDirectory() + "onset-schema-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlite = try CentralStore(path: folder + "/central.sqlite")
        let postgres = try CentralStore.open(PostgresTesting.freshSchema())
        for (table, _) in CentralStore.tables {
            let onSQLite: [String] = try sqlite.database.read { try $0.values("SELECT name FROM pragma_table_info(?)", [table]) }
            let onPostgres: [String] = try postgres.database.read {
                try $0.values("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?", [table])
            }
            #expect(Set(onPostgres).subtracting(["rowid"]) == Set(onSQLite), "\(table)")
        }
    }
}
