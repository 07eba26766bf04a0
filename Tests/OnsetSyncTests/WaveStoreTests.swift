import Foundation
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetSync

/// Projects, scheme versions, waves and their assignments on the central store.
@Suite struct WaveStoreTests {
    static func scheme(_ version: Int, _ text: String = "") -> SchemeVersion {
        let toml = "id = \"test\"\nversion = \(version)\n\(text)"
        return SchemeVersion(id: "test", version: version, sha256: SHA256.hex(SHA256.hash(Array(toml.utf8))), toml: toml)
    }

    func items(_ ids: [String]) -> [ItemManifest.Item] {
        ids.enumerated().map { ItemManifest.Item(line: $0 + 2, id: $1, media: "/srv/\($1).mp4", durationUs: 60_000_000, metadata: "{}") }
    }

    func request(_ wave: String, _ annotators: [String], overlap: Double = 1, perItem: Int = 2) -> WaveCreation.Request {
        WaveCreation.Request(project: "acme", wave: wave, phase: "pilot", annotators: annotators, overlap: overlap, perItem: perItem, createdBy: "lead")
    }

    func world(annotators: [String] = ["ann", "bob", "cy"]) throws -> (SyncWorld, [String: SyncWorld.Workstation]) {
        let world = try SyncWorld()
        try world.central.createProject("acme", scheme: Self.scheme(2))
        var stations: [String: SyncWorld.Workstation] = [:]
        for a in annotators { stations[a] = try world.workstation(a, name: a, project: "acme") }
        return (world, stations)
    }

    @Test func aSchemeChangeIsANewVersionNeverARewrite() throws {
        let (world, _) = try world(annotators: [])
        let central = world.central
        #expect(try central.addSchemeVersion(project: "acme", scheme: Self.scheme(2)) == false, "the same file again changes nothing")
        #expect(throws: StoreError.invalid("scheme test v2 is registered already with other content; a changed scheme is a new version: raise `version` in the file")) {
            try central.addSchemeVersion(project: "acme", scheme: Self.scheme(2, "title = \"changed\""))
        }
        #expect(throws: StoreError.self) { try central.addSchemeVersion(project: "acme", scheme: Self.scheme(1, "x = 1")) }
        #expect(try central.addSchemeVersion(project: "acme", scheme: Self.scheme(3, "title = \"changed\"")))
        #expect(try central.schemeVersions(project: "acme").versions.map(\.version) == [2, 3])
        #expect(try central.schemeVersion(id: "test", version: 2)?.toml == Self.scheme(2).toml, "the old version is untouched")
        #expect(throws: StoreError.self) { try central.createProject("acme", scheme: Self.scheme(2)) }
    }

    @Test func aWaveIsCreatedWholeOrNotAtAllAndPinsItsSchemeVersion() throws {
        let (world, _) = try world()
        let central = world.central
        _ = try central.addSchemeVersion(project: "acme", scheme: Self.scheme(3, "y = 1"))
        var bad = request("pilot-1", ["ann", "zed", "yan"])
        bad.schemeVersion = 9
        #expect { try WaveCreation.plan(bad, items: items(["i1", "i2"]), gold: [], store: central) } throws: { error in
            let text = "\(error)"
            return text.contains("not registered: zed, yan") && text.contains("no version 9; registered: v2, v3")
        }
        #expect(try central.waveRecords(project: "acme").isEmpty, "nothing half-created")

        var pinned = request("pilot-1", ["ann", "bob", "cy"])
        pinned.schemeVersion = 2
        let planned = try WaveCreation.plan(pinned, items: items(["i1", "i2", "i3"]), gold: [], store: central)
        try WaveCreation.commit(planned, store: central)
        #expect(try central.waveRecords(project: "acme").map { "\($0.id) v\($0.scheme_version)" } == ["pilot-1 v2"])
        let latest = try WaveCreation.plan(request("pilot-2", ["ann", "bob"]), items: items(["j1"]), gold: [], store: central)
        #expect(latest.wave.scheme_version == 3, "by default a wave runs under the latest version")
        #expect(throws: (any Error).self, "a wave name is never reused") {
            try WaveCreation.plan(request("pilot-1", ["ann", "bob"]), items: self.items(["k1"]), gold: [], store: central)
        }
        var reuse = items(["k1"])
        reuse[0].session = "acme.pilot-1.i1"
        #expect(throws: (any Error).self, "a session id of another wave is refused") {
            try WaveCreation.plan(self.request("pilot-3", ["ann", "bob"]), items: reuse, gold: [], store: central)
        }
        let mine = try central.assignments(annotator: "ann")
        #expect(mine.count == 2 && mine.allSatisfy { $0.status == "assigned" && $0.scheme_version == 2 && $0.session.hasPrefix("acme.pilot-1.") })
    }

    @Test func statusFollowsTheWorkAndARejectedItemIsRelaunched() throws {
        let (world, stations) = try world()
        let central = world.central
        let planned = try WaveCreation.plan(request("pilot-1", ["ann", "bob", "cy"]), items: items(["i1", "i2", "i3"]), gold: [], store: central)
        try WaveCreation.commit(planned, store: central)
        func status() throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try central.waveStatus(project: "acme", wave: "pilot-1").assignments.map { ("\($0.item)/\($0.annotator)", $0.status) })
        }
        #expect(Set(try status().values) == ["assigned"])
        // ann and bob share an item: both work on it; ann submits.
        let shared = try #require(Set(try central.assignments(annotator: "ann").map(\.session))
            .intersection(try central.assignments(annotator: "bob").map(\.session)).first)
        let item = String(shared.split(separator: ".").last!)
        for name in ["ann", "bob"] {
            let w = stations[name]!
            try w.store.register(SessionFile(id: shared, media: "/srv/\(item).mp4", scheme: "test", annotator: name, project: "acme", wave: "pilot-1",
                                             directory: world.folder, path: world.folder + "/x.toml"), scheme: world.scheme, annotator: name)
            _ = try w.store.create(world.span(0, 1_000_000, annotator: name, session: shared), actor: name)
        }
        try stations["ann"]!.store.submit(session: shared)
        for name in ["ann", "bob"] { _ = try Ingest.ingest(try world.bytes(try world.bundle(stations[name]!, project: "acme")), into: central) }
        #expect(try status()["\(item)/ann"] == "submitted")
        #expect(try status()["\(item)/bob"] == "in_progress")
        let report = try WaveStatusReport.build(central, project: "acme", wave: "pilot-1")
        #expect(report.overlappingItems == 1 && report.signals.map(\.signal) == ["a"])

        // Rejecting bob's work withdraws his assignment and gives the item to cy.
        let (_, relaunch) = try central.decide(project: "acme", session: shared, annotator: "bob", status: .rejected, reason: "rushed", by: "lead")
        #expect(relaunch == Relaunch(wave: "pilot-1", item: item, from: "bob", to: "cy"))
        #expect(try status()["\(item)/bob"] == "rejected")
        #expect(try status()["\(item)/cy"] == "assigned")
        let cy = try #require(try central.assignments(annotator: "cy").first { $0.item == item })
        #expect(cy.reason == "relaunched: bob's work was rejected")
        #expect(try central.assignments(annotator: "bob").first { $0.item == item }?.status == "withdrawn", "bob's workstation learns it on the next pull")
        #expect(try central.waveStatus(project: "acme", wave: "pilot-1").pool.isEmpty)
        let again = try central.decide(project: "acme", session: shared, annotator: "bob", status: .rejected, reason: "still rushed", by: "lead")
        #expect(again.relaunch?.to == "cy", "rejecting again finds the same replacement")

        // Nobody left who has not had it: the item waits in the pool.
        let w = stations["cy"]!
        try w.store.register(SessionFile(id: shared, media: "/srv/\(item).mp4", scheme: "test", annotator: "cy", project: "acme", wave: "pilot-1",
                                         directory: world.folder, path: world.folder + "/x.toml"), scheme: world.scheme, annotator: "cy")
        _ = try w.store.create(world.span(0, 900_000, annotator: "cy", session: shared), actor: "cy")
        _ = try Ingest.ingest(try world.bytes(try world.bundle(w, project: "acme")), into: central)
        let last = try central.decide(project: "acme", session: shared, annotator: "cy", status: .rejected, reason: "off", by: "lead")
        #expect(last.relaunch?.to == nil)
        #expect(try central.waveStatus(project: "acme", wave: "pilot-1").pool.map(\.item) == [item])

        // A newcomer takes the pool; ann leaves: her open work goes to others, her submitted item stays hers.
        try central.registerAnnotator("dee", publicKey: Data(repeating: 1, count: 32).base64EncodedString(), projects: [])
        #expect(throws: StoreError.self) { try central.fillPool(project: "acme", wave: "pilot-1", among: ["nobody"]) }
        #expect(try central.fillPool(project: "acme", wave: "pilot-1", among: ["dee"]).map { "\($0.item)→\($0.to)" } == ["\(item)→dee"])
        #expect(try central.waveStatus(project: "acme", wave: "pilot-1").pool.isEmpty)
        #expect(try central.isMember(annotator: "dee", project: "acme"), "who takes work may deliver it")
        let open = try central.assignments(annotator: "ann").filter { $0.status == "assigned" && $0.item != item }.map(\.item)
        let left = try central.withdraw(project: "acme", wave: "pilot-1", annotator: "ann", items: nil, reason: "left", reassign: true)
        #expect(left.map(\.item) == open && left.allSatisfy { $0.to != nil && $0.to != "ann" })
        #expect(try status()["\(item)/ann"] == "submitted", "submitted work is not withdrawn")
        #expect(try central.withdraw(project: "acme", wave: "pilot-1", annotator: "ann", items: nil, reason: "left", reassign: true).isEmpty)
        #expect(throws: StoreError.self) { try central.withdraw(project: "acme", wave: "pilot-1", annotator: "ann", items: ["nope"], reason: "x", reassign: false) }
    }

    @Test func goldGoesToNewcomersUnmarkedAndTimeOnTaskIsCounted() throws {
        let (world, stations) = try world()
        let central = world.central
        // bob has delivered work to the project before: by default he needs no calibration.
        _ = try stations["bob"]!.store.create(world.span(0, 1_000, annotator: "bob"), actor: "bob")
        _ = try Ingest.ingest(try world.bytes(try world.bundle(stations["bob"]!, project: "acme")), into: central)
        var gold = items(["g1", "g2"])
        gold[0].session = "expert.g1"
        let planned = try WaveCreation.plan(request("prod-1", ["ann", "bob", "cy"], overlap: 0.5, perItem: 2),
                                            items: items(["i1", "i2", "i3", "i4", "i5", "i6"]), gold: gold, store: central)
        #expect(planned.calibrated == ["ann", "cy"])
        try WaveCreation.commit(planned, store: central)
        let rows = try central.waveStatus(project: "acme", wave: "prod-1").assignments
        let golds = rows.filter(\.gold)
        #expect(Set(golds.map(\.annotator)) == ["ann", "cy"] && golds.count == 4, "every gold item for each newcomer")
        #expect(golds.contains { $0.session == "expert.g1" }, "a gold item is worked in the session the experts' gold is in")
        #expect(Dictionary(grouping: rows, by: \.annotator).values.map(\.count).sorted() == [4, 4, 5], "gold counts as work")

        let mine = try #require(rows.first { $0.annotator == "ann" && !$0.gold })
        let ann = stations["ann"]!
        try ann.store.register(SessionFile(id: mine.session, media: "/srv/x.mp4", scheme: "test", annotator: "ann", project: "acme", wave: "prod-1",
                                           directory: world.folder, path: world.folder + "/y.toml"), scheme: world.scheme, annotator: "ann")
        var telemetry = SessionTelemetry()
        telemetry.activity(at: 0)
        telemetry.activity(at: 7_000_000)
        try ann.store.saveTelemetry(telemetry, session: mine.session, annotator: "ann")
        _ = try Ingest.ingest(try world.bytes(try world.bundle(ann, project: "acme")), into: central)
        let now = try #require(try central.waveStatus(project: "acme", wave: "prod-1").assignments.first { $0.session == mine.session && $0.annotator == "ann" })
        #expect(now.time_on_task_s == 7 && now.status == "in_progress", "telemetry alone shows the work has begun")
    }

    @Test func pulledAssignmentsBecomeSessionFilesAndWithdrawnOnesGo() throws {
        let (world, stations) = try world(annotators: ["ann"])
        let central = world.central
        try WaveCreation.commit(try WaveCreation.plan(request("pilot-1", ["ann"], overlap: 0, perItem: 1), items: items(["i1", "i2"]), gold: [],
                                                      store: central), store: central)
        let folder = world.folder + "/assigned"
        let answer = AssignmentPull.Answer(annotator: "ann", assignments: try central.assignments(annotator: "ann"),
                                           schemes: [try #require(try central.schemeVersion(id: "test", version: 2))])
        let store = stations["ann"]!.store
        let first = try AssignmentPull.apply(answer, store: store, folder: folder)
        #expect(first.changes.new.count == 2 && first.active == 2)
        let file = folder + "/acme/acme.pilot-1.i1.toml"
        let session = try SessionFile.parse(toml: try String(contentsOfFile: file, encoding: .utf8), path: file)
        #expect(session.id == "acme.pilot-1.i1" && session.project == "acme" && session.wave == "pilot-1" && session.media == "/srv/i1.mp4")
        #expect(FileManager.default.fileExists(atPath: session.resolve(session.scheme)), "the pinned scheme version is beside it")
        #expect(try AssignmentPull.apply(answer, store: store, folder: folder).changes == AssignmentChanges(), "the same list again changes nothing")

        var withdrawn = answer
        withdrawn.assignments[0].status = "withdrawn"
        let second = try AssignmentPull.apply(withdrawn, store: store, folder: folder)
        #expect(second.changes.withdrawn.map(\.item) == ["i1"] && !FileManager.default.fileExists(atPath: file))
        #expect(try store.assignments().map(\.status) == ["withdrawn", "assigned"])

        var hostile = answer
        hostile.assignments[1].session = "../../etc/passwd"
        #expect(throws: BundleError.self) { try AssignmentPull.apply(hostile, store: store, folder: folder) }
    }
}
