import Foundation
import Hummingbird
import HummingbirdTesting
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetServer
@testable import OnsetSync

@Suite struct WaveRoutesTests {
    @Test func anAnnotatorGetsTheirOwnAssignmentsAndTheWavesOfTheirProjects() async throws {
        let f = try CentralFixture()
        let (_, ana) = try f.annotator("ana")
        let (_, bob) = try f.annotator("bob")
        let (_, eve) = try f.annotator("eve")
        let toml = "id = \"x\"\nversion = 1\n"
        try f.store.createProject("acme", scheme: SchemeVersion(id: "x", version: 1, sha256: SHA256.hex(SHA256.hash(Array(toml.utf8))), toml: toml))
        let items = (1...4).map { ItemManifest.Item(line: $0, id: "i\($0)", media: "/srv/i\($0).mp4", metadata: "{}") }
        var request = WaveCreation.Request(project: "acme", wave: "pilot-1", phase: "pilot", annotators: ["ana", "bob"], overlap: 0.5, perItem: 2, createdBy: "lead")
        request.dueUs = 1_800_000_000_000_000
        try WaveCreation.commit(try WaveCreation.plan(request, items: items, gold: [], store: f.store), store: f.store)
        let app = Application(router: CentralServer.router(store: f.store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/assignments", method: .get, headers: auth(ana)) { r in
                #expect(r.status == .ok)
                let answer = try JSONDecoder().decode(AssignmentPull.Answer.self, from: Data(buffer: r.body))
                #expect(answer.annotator == "ana" && answer.assignments.count == 3, "2 overlapped items + half of the 2 single ones")
                #expect(answer.assignments.allSatisfy { $0.due_us == 1_800_000_000_000_000 && $0.status == "assigned" })
                #expect(answer.schemes.map(\.toml) == [toml], "the pinned scheme version comes along")
                #expect(!String(decoding: Data(buffer: r.body), as: UTF8.self).contains("gold"), "calibration stays blind")
            }
            try await client.execute(uri: "/v1/assignments", method: .get, headers: auth(eve)) { r in
                let answer = try JSONDecoder().decode(AssignmentPull.Answer.self, from: Data(buffer: r.body))
                #expect(answer.assignments.isEmpty)
            }
            try await client.execute(uri: "/v1/waves?project=acme&wave=pilot-1", method: .get, headers: auth(bob)) { r in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                #expect(r.status == .ok && (json["counts"] as? [String: Int])?["assigned"] == 6)
                #expect((json["assignments"] as? [[String: Any]])?.count == 6)
            }
            try await client.execute(uri: "/v1/waves?project=acme", method: .get, headers: auth(eve)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/waves?project=acme&wave=nope", method: .get, headers: auth(ana)) { r in
                #expect(r.status == .notFound && String(decoding: Data(buffer: r.body), as: UTF8.self).contains("its waves: pilot-1"))
            }
            try await client.execute(uri: "/v1/assignments", method: .get) { #expect($0.status == .unauthorized) }
        }
    }
}
