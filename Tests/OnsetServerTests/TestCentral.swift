import Foundation
import OnsetPostgres
import OnsetStore

/// The central store a test works on: a SQLite file, or, when `ONSET_TEST_POSTGRES` names a
/// PostgreSQL database (`make test` starts a throwaway one), a fresh schema in it, so that every
/// central-store test runs on both backends.
enum TestCentral {
    static let postgres = ProcessInfo.processInfo.environment["ONSET_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static func open(folder: String) throws -> CentralStore {
        guard let url = postgres else { return try CentralStore(path: folder + "/central.sqlite") }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try CentralStore.open(url + (url.contains("?") ? "&" : "?") + "schema=" + schema)
    }
}
