import Foundation
import OnsetStore
import Testing
@testable import OnsetSync

@Suite struct SyncClientTests {
    @Test func aFolderReceivesEveryPendingBundleOnceInOrder() throws {
        let world = try SyncWorld()
        let w = try world.workstation()
        _ = try w.store.create(world.span(0, 1_000), actor: "ann")
        _ = try world.bundle(w)
        _ = try w.store.create(world.span(2_000, 3_000), actor: "ann")
        _ = try world.bundle(w)
        let inbox = world.folder + "/inbox"
        let report = try SyncClient(store: w.store, destination: .directory(inbox)).run()
        #expect(report.delivered == 2 && report.pending == 0 && !report.failed)
        let files = try FileManager.default.contentsOfDirectory(atPath: inbox).sorted()
        #expect(files.count == 2 && files.allSatisfy { $0.hasSuffix(".onsetbundle") })
        #expect(try w.store.outbox(pendingOnly: true).isEmpty)
        #expect(try SyncClient(store: w.store, destination: .directory(inbox)).run().delivered == 0, "nothing is sent twice")
        // What reached the folder ingests as it is.
        for file in files { _ = try Ingest.ingest(Array(try Data(contentsOf: URL(fileURLWithPath: inbox + "/" + file))), into: world.central) }
        #expect(try world.exported().count == 2)
    }

    @Test func offlineTheBundlesStayQueuedWithTheReason() throws {
        let world = try SyncWorld()
        let w = try world.workstation()
        _ = try w.store.create(world.span(0, 1_000), actor: "ann")
        _ = try world.bundle(w)
        var client = SyncClient(store: w.store, destination: .server(URL(string: "http://127.0.0.1:9")!, token: "t"))
        client.attempts = 3
        var pauses: [Double] = []
        client.pause = { pauses.append($0) }
        let report = try client.run()
        #expect(report.failed && report.delivered == 0 && report.pending == 1)
        #expect(pauses == [0.5, 1.0], "backoff doubles between attempts")
        let entry = try #require(try w.store.outbox(pendingOnly: true).first)
        #expect(entry.attempts == 1 && entry.lastError?.contains("after 3 attempts") == true)
    }
}
