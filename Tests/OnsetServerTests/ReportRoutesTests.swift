import Foundation
import Hummingbird
import HummingbirdTesting
import OnsetPostgres
import OnsetStore
import Testing
@testable import OnsetServer
@testable import OnsetSync

@Suite struct ReportRoutesTests {
    /// ana and bob code the same session; bob's spans are shifted by 400 µs of each 500 µs span.
    @Test func agreementAndQCOverHTTPAndAFlagLoggedAsBundlesArrive() async throws {
        let f = try CentralFixture()
        let (ana, token) = try f.annotator("ana")
        let (bob, bobToken) = try f.annotator("bob")
        let monitor = AgreementMonitor(store: f.store)
        let app = Application(router: CentralServer.router(store: f.store, monitor: monitor))
        try await app.test(.router) { client in
            for (bundle, sender) in [(try makeBundle(ana, sequence: 1, spans: 5, session: "shared"), token),
                                     (try makeBundle(bob, sequence: 1, spans: 5, session: "shared", shift: 400), bobToken)] {
                try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(sender), body: ByteBuffer(bytes: bundle)) { r in
                    #expect(r.status == .ok)
                }
            }
            try await client.execute(uri: "/v1/agreement", method: .get, headers: auth(token)) { r in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                let signal = (json["signals"] as! [[String: Any]])[0]
                #expect(r.status == .ok && signal["signal"] as? String == "a" && signal["items"] as? Int == 1)
                #expect((signal["u_alpha"] as! [String: Any])["flagged"] as? Bool == true)
                #expect((json["flags"] as! [[String: Any]]).contains { $0["name"] as? String == "a" })
            }
            try await client.execute(uri: "/v1/agreement?project=p1&slice_ms=0.1&pairs=false", method: .get, headers: auth(token)) { r in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                #expect((json["signals"] as! [[String: Any]])[0]["slice_ms"] as? Double == 0.1)
            }
            try await client.execute(uri: "/v1/qc?gold=ana", method: .get, headers: auth(token)) { r in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                let bobRow = try #require((json["sessions"] as? [[String: Any]])?.first { $0["annotator"] as? String == "bob" })
                #expect(bobRow["gold_f1"] as? Double == 0, "IoU 100/900 is below 0.5: nothing matches")
                #expect((bobRow["flags"] as! [[String: Any]]).contains { $0["rule"] as? String == "gold_f1" })
            }
            try await client.execute(uri: "/v1/agreement?project=nope", method: .get, headers: auth(token)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/agreement?slice_ms=abc", method: .get, headers: auth(token)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/qc", method: .get) { #expect($0.status == .unauthorized) }
        }
        // The monitor recomputed after the ingests and reported the flag once.
        let logged = Logged()
        monitor.settle()
        monitor.changed(project: "p1") { logged.add($0) }
        monitor.settle()
        #expect(logged.lines.isEmpty, "flags already known are not logged again")
        let fresh = AgreementMonitor(store: f.store)
        fresh.changed(project: "p1") { logged.add($0) }
        fresh.settle()
        #expect(logged.lines.contains { $0.contains("agreement flag in project p1: signal a: uα") }, "\(logged.lines)")
    }
}

extension ReportRoutesTests {
    /// Two servers on one central store (a second `CentralStore` on the same file or database):
    /// a bundle that arrives through the second shows in the first's agreement report at once.
    @Test func agreementSeesBundlesThatArrivedThroughAnotherServer() async throws {
        let f = try CentralFixture()
        let (ana, token) = try f.annotator("ana")
        let (bob, bobToken) = try f.annotator("bob")
        let other = try CentralStore.open(f.store.path)
        let first = Application(router: CentralServer.router(store: f.store, monitor: AgreementMonitor(store: f.store)))
        let second = Application(router: CentralServer.router(store: other, monitor: AgreementMonitor(store: other)))
        @Sendable func items(_ client: some TestClientProtocol) async throws -> Int {
            try await client.execute(uri: "/v1/agreement", method: .get, headers: auth(token)) { r in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                return (json["signals"] as! [[String: Any]]).first?["items"] as? Int ?? 0
            }
        }
        try await first.test(.router) { client in
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(token),
                                     body: ByteBuffer(bytes: try makeBundle(ana, sequence: 1, spans: 5, session: "shared"))) { #expect($0.status == .ok) }
            let before = try await items(client)
            #expect(before == 0, "one coder: nothing to compare yet")
        }
        try await second.test(.router) { client in
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(bobToken),
                                     body: ByteBuffer(bytes: try makeBundle(bob, sequence: 1, spans: 5, session: "shared", shift: 400))) { #expect($0.status == .ok) }
        }
        try await first.test(.router) { client in
            let after = try await items(client)
            #expect(after == 1, "the first server's cached report gave way to bob's bundle from the second")
        }
    }
}

final class Logged: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [String] = []
    func add(_ line: String) { lock.withLock { all.append(line) } }
    var lines: [String] { lock.withLock { all } }
}
