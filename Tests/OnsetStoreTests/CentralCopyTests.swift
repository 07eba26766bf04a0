import Foundation
import Testing
@testable import OnsetStore

struct CentralCopyTests {
    /// `onset store migrate` copies the tables `CentralStore.tables` lists: a table added by a
    /// migration and not listed there would be left behind.
    @Test func everyTableOfTheSchemaIsCopied() throws {
        let folder = NSTemporaryDirectory() + "onset-copy-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CentralStore(path: folder + "/central.sqlite")
        let all: [String] = try store.database.read {
            try $0.values("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'")
        }
        #expect(Set(all) == Set(CentralStore.tables.map(\.name)))
    }

    @Test func aFileCopiesIntoAnotherWithTheSameChecksums() throws {
        let folder = NSTemporaryDirectory() + "onset-copy-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try CentralStore(path: folder + "/a.sqlite")
        try source.addProject("p1")
        try source.registerAnnotator("ana", publicKey: Data(repeating: 1, count: 32).base64EncodedString(), projects: ["p1"])
        let target = try CentralStore(path: folder + "/b.sqlite")
        try source.copy(to: target)
        #expect(try target.tableChecks() == source.tableChecks())
        #expect(try target.projects() == source.projects())
        try target.addProject("p2")
        #expect(try target.tableChecks() != source.tableChecks(), "a difference shows")
    }
}
