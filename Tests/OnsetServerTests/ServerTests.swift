import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import OnsetStore
import OnsetCore
import Testing
@testable import OnsetServer
@testable import OnsetSync

/// Bundles made directly (no workstation store): `count` spans for one annotator.
func makeBundle(_ identity: Identity, project: String = "p1", sequence: Int64, spans count: Int = 3, session id: String? = nil,
                shift: Int = 0) throws -> [UInt8] {
    let sid = id ?? "s-\(identity.workstation)"
    let session = "{\"id\":\"\(sid)\",\"title\":\"t\",\"project\":\"\(project)\",\"wave\":\"w1\",\"mode\":\"spans\",\"scheme_id\":\"x\",\"scheme_version\":1,\"annotator\":\"\(identity.annotator)\"}\n"
    var spans = ""
    for i in 0..<count {
        spans += "{\"id\":\"\(UUID().uuidString)\",\"session\":\"\(sid)\",\"signal\":\"a\",\"onset_us\":\(i * 1000 + shift),\"offset_us\":\(i * 1000 + 500 + shift),\"confidence\":3,\"intensity\":2,\"cues\":[\"x\"],\"rationale\":\"\",\"annotator\":\"\(identity.annotator)\",\"scheme_id\":\"x\",\"scheme_version\":1,\"created_at_us\":1,\"updated_at_us\":1,\"revision\":1,\"deleted_at_us\":null}\n"
    }
    let draft = BundleManifest(bundle_id: "", created_at_us: sequence, annotator: identity.annotator, workstation: identity.workstation,
                               public_key: identity.publicKey, project: project, wave: "w1", waves: ["w1"], sequence: sequence, schemes: [],
                               media: [], operations: .init(after_seq: 0, through_seq: 0), counts: [:], members: [:])
    return try BundleFile.make(draft, members: [.sessions: Array(session.utf8), .spans: Array(spans.utf8)], identity: identity).bytes
}

final class CentralFixture: @unchecked Sendable {
    let folder = NSTemporaryDirectory() + "onset-server-" + UUID().uuidString
    let store: CentralStore
    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try TestCentral.open(folder: folder)
        try store.addProject("p1")
    }
    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A registered annotator with an identity and a token.
    func annotator(_ name: String) throws -> (Identity, String) {
        let identity = Identity.create(annotator: name, workstation: "ws-\(name)")
        try store.registerAnnotator(name, publicKey: identity.publicKey, projects: ["p1"])
        return (identity, try store.issueToken(annotator: name, label: "test"))
    }
}

func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

@Suite struct RouterTests {
    @Test func bundlesGoInOnceAndTheReadEndpointsShowThem() async throws {
        let f = try CentralFixture()
        let (ana, token) = try f.annotator("ana")
        let app = Application(router: CentralServer.router(store: f.store))
        let first = try makeBundle(ana, sequence: 1), second = try makeBundle(ana, sequence: 2)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/health", method: .get) { #expect(String(buffer: $0.body) == #"{"held_bundles":0,"status":"ok"}"#) }
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(token), body: ByteBuffer(bytes: second)) { r in
                let receipt = try JSONDecoder().decode(CentralServer.Receipt.self, from: Data(buffer: r.body))
                #expect(r.status == .ok && receipt.status == "held" && receipt.waiting_for == 1)
            }
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(token), body: ByteBuffer(bytes: first)) { r in
                let receipt = try JSONDecoder().decode(CentralServer.Receipt.self, from: Data(buffer: r.body))
                #expect(receipt.status == "applied" && receipt.records == 3 && receipt.released.count == 1)
            }
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(token), body: ByteBuffer(bytes: first)) { r in
                let receipt = try JSONDecoder().decode(CentralServer.Receipt.self, from: Data(buffer: r.body))
                #expect(receipt.status == "already_applied")
            }
            try await client.execute(uri: "/v1/projects", method: .get, headers: auth(token)) { r in
                let projects = try JSONDecoder().decode([CentralStore.ProjectSummary].self, from: Data(buffer: r.body))
                #expect(projects.map(\.id) == ["p1"] && projects[0].annotators == 1 && projects[0].bundles == 2 && projects[0].spans == 6)
            }
            try await client.execute(uri: "/v1/projects/p1/waves", method: .get, headers: auth(token)) { r in
                let waves = try JSONDecoder().decode([CentralStore.WaveSummary].self, from: Data(buffer: r.body))
                #expect(waves.first?.spans == 6)
            }
            try await client.execute(uri: "/v1/projects/p1/progress?wave=w1", method: .get, headers: auth(token)) { r in
                let progress = try JSONDecoder().decode([CentralStore.Progress].self, from: Data(buffer: r.body))
                #expect(progress.first?.annotator == "ana" && progress.first?.spans == 6 && progress.first?.bundles == 2)
            }
            try await client.execute(uri: "/v1/annotators", method: .get, headers: auth(token)) { r in
                let annotators = try JSONDecoder().decode([CentralStore.AnnotatorSummary].self, from: Data(buffer: r.body))
                #expect(annotators.map(\.id) == ["ana"])
            }
            try await client.execute(uri: "/v1/projects/p1/export?format=csv", method: .get, headers: auth(token)) { r in
                let lines = String(buffer: r.body).split(separator: "\n")
                #expect(lines.count == 7 && lines[0].hasPrefix("kind,id,project,wave"))
            }
            try await client.execute(uri: "/v1/projects/p1/export", method: .get, headers: auth(token)) { r in
                #expect(String(buffer: r.body).split(separator: "\n").count == 6 && r.headers[.contentType] == "application/x-ndjson")
            }
        }
    }

    @Test func tokensAndRejectionsAnswerClearlyAndChangeNothing() async throws {
        let f = try CentralFixture()
        let (ana, anaToken) = try f.annotator("ana")
        let (_, bobToken) = try f.annotator("bob")
        let app = Application(router: CentralServer.router(store: f.store))
        let bundle = try makeBundle(ana, sequence: 1)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/bundles", method: .post, body: ByteBuffer(bytes: bundle)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth("onset_forged"), body: ByteBuffer(bytes: bundle)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/projects", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(bobToken), body: ByteBuffer(bytes: bundle)) { r in
                #expect(r.status == .unprocessableContent && String(buffer: r.body).contains("the token is bob's"))
            }
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(anaToken), body: ByteBuffer(bytes: Array(bundle.dropLast(10)))) { r in
                #expect(r.status == .unprocessableContent && String(buffer: r.body).contains("no ZIP end record"))
            }
            try f.store.revokeTokens(annotator: "ana", label: nil)
            try await client.execute(uri: "/v1/bundles", method: .post, headers: auth(anaToken), body: ByteBuffer(bytes: bundle)) {
                #expect($0.status == .unauthorized)
            }
        }
        #expect(try f.store.projects().first?.bundles == 0)
    }
}

@Suite struct LiveServerTests {
    /// 32 annotators' workstations each send 50 bundles at once over real HTTP on 127.0.0.1.
    /// Each sender is its own URLSession, as each workstation is its own process: a shared
    /// client's pool (8 connections, a deadline counted from the queue) would time requests out
    /// on a loaded machine and test the harness instead of the server.
    @Test func thirtyTwoConcurrentClientsFiftyBundlesEachNothingLostNothingDuplicated() async throws {
        let f = try CentralFixture()
        var clients: [(Identity, String, [[UInt8]])] = []
        for i in 0..<32 {
            let (identity, token) = try f.annotator("a\(i)")
            clients.append((identity, token, try (1...50).map { try makeBundle(identity, sequence: Int64($0), spans: 2) }))
        }
        let app = CentralServer.application(store: f.store, host: "127.0.0.1", port: 0)
        let senders = clients.map { ($0.1, $0.2) }
        let receipts = try await app.test(.live) { client in
            let url = URL(string: "http://127.0.0.1:\(client.port!)/v1/bundles")!
            return try await withThrowingTaskGroup(of: [String].self) { group in
                for (token, bundles) in senders {
                    group.addTask {
                        let configuration = URLSessionConfiguration.ephemeral
                        configuration.timeoutIntervalForRequest = 600
                        let session = URLSession(configuration: configuration)
                        defer { session.finishTasksAndInvalidate() }
                        var statuses: [String] = []
                        for bytes in bundles {
                            var request = URLRequest(url: url)
                            request.httpMethod = "POST"
                            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                            request.httpBody = Data(bytes)
                            let (body, status) = try await post(request, on: session)
                            #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")
                            statuses.append((try? JSONDecoder().decode(CentralServer.Receipt.self, from: body))?.status ?? "?")
                        }
                        return statuses
                    }
                }
                var all: [String] = []
                for try await statuses in group { all += statuses }
                return all
            }
        }
        #expect(receipts.count == 1600 && receipts.allSatisfy { $0 == "applied" })
        let projects = try f.store.projects()
        #expect(projects.first?.bundles == 1600 && projects.first?.spans == 3200)
        #expect(try f.store.progress(project: "p1", wave: nil).allSatisfy { $0.spans == 100 && $0.bundles == 50 && $0.held_bundles == 0 })
    }

    private func post(_ request: URLRequest, on session: URLSession) async throws -> (Data, Int) {
        try await withCheckedThrowingContinuation { done in
            session.dataTask(with: request) { body, response, error in
                if let error { done.resume(throwing: error); return }
                done.resume(returning: (body ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
            }.resume()
        }
    }
}

@Suite struct SyncOverHTTPTests {
    /// A workstation's `onset sync` path against a live server: delivered, acknowledged, and an
    /// interrupted run resumes without sending anything twice.
    @Test func syncDeliversAcknowledgesAndResumes() async throws {
        let f = try CentralFixture()
        let (identity, token) = try f.annotator("ana")
        let local = try LocalStore(path: f.folder + "/ws/store.sqlite")
        try local.register(.init(id: "s1", media: nil, scheme: "x", annotator: "ana", project: "p1", wave: "w1", directory: f.folder,
                                 path: f.folder + "/s1.toml"),
                           scheme: .init(id: "x", version: 1, title: "x", signals: []), annotator: "ana")
        for i in 0..<3 {
            _ = try local.create(.init(sessionID: "s1", signal: "a", onset: .init(microseconds: Int64(i) * 1000), offset: .init(microseconds: Int64(i) * 1000 + 10),
                                       annotator: "ana", schemeID: "x", schemeVersion: 1), actor: "ana")
            _ = try BundleBuilder.create(store: local, identity: identity, project: "p1", all: false, outbox: f.folder + "/ws/outbox") { _ in .init() }
        }
        // One bundle was sent before an interruption (say, the link dropped after the upload).
        let first = try #require(try local.outbox(pendingOnly: true).first)
        _ = try Ingest.ingest(Array(try Data(contentsOf: URL(fileURLWithPath: first.filePath))), into: f.store)
        let app = CentralServer.application(store: f.store, host: "127.0.0.1", port: 0)
        let report = try await app.test(.live) { client in
            let url = URL(string: "http://127.0.0.1:\(client.port!)")!
            return try await Task.detached { try SyncClient(store: local, destination: .server(url, token: token)).run() }.value
        }
        #expect(report.delivered == 3 && report.pending == 0 && !report.failed)
        #expect(report.lines[0].contains("already ingested"), "\(report.lines)")
        #expect(try f.store.projects().first?.spans == 3 && f.store.projects().first?.bundles == 3)
        #expect(try local.outbox().allSatisfy { $0.receipt?.contains("\"bundle_id\"") == true })
    }
}
