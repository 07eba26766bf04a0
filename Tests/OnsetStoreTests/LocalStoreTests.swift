import Foundation
import GRDB
import OnsetCore
import Testing
@testable import OnsetStore

/// A store in a fresh temporary folder, removed by the test that made it.
struct TemporaryStore {
    let folder: String
    var path: String { folder + "/store/onset.sqlite" }

    init() {
        folder = NSTemporaryDirectory() + "onset-test-" + UUID().uuidString
    }

    func open() throws -> LocalStore { try LocalStore(path: path) }
    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

let testScheme = Scheme(id: "test", version: 2, title: "Test",
                        signals: [Signal(id: "a", label: "A", definition: "d", valence: 0, arousal: 0, observability: [],
                                         hotkey: "1", color: RGB(1, 2, 3), cues: [])])

func register(_ store: LocalStore, session: String = "s1") throws {
    try store.register(SessionFile(id: session, media: "m.mp4", scheme: "test", directory: "/tmp", path: "/tmp/\(session).toml"),
                       scheme: testScheme, annotator: "ann")
}

func makeSpan(_ on: Int64, _ off: Int64, session: String = "s1", signal: String = "a") -> Span {
    Span(sessionID: session, signal: signal, onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
         confidence: 3, intensity: 2, cues: ["x", "y"], rationale: "why ✓ 日本",
         annotator: "ann", schemeID: "test", schemeVersion: 2)
}

@Suite struct LocalStoreTests {
    @Test func createsTheFolderAndMigrates() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        #expect(try store.sessions().map(\.id) == ["s1"])
        let mode = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let fk = try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(fk == 1)
    }

    @Test func roundTripsEveryField() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        let stored = try store.create(makeSpan(1_000, 2_000_001), actor: "ann")
        let read = try #require(try store.span(stored.id))
        #expect(read == stored)
        #expect(read.revision == 1)
        #expect(read.cues == ["x", "y"] && read.rationale == "why ✓ 日本")
    }

    @Test func refusesAFileThatIsNotAStoreWithoutTouchingIt() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        try FileManager.default.createDirectory(atPath: tmp.folder + "/store", withIntermediateDirectories: true)
        let junk = Data("this is not sqlite, just text that happens to be long enough to have a header".utf8)
        try junk.write(to: URL(fileURLWithPath: tmp.path))
        #expect(throws: StoreError.notAStore(path: tmp.path)) { try tmp.open() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmp.path)) == junk)
    }

    @Test func refusesAStoreFromANewerSchema() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        do {
            let store = try tmp.open()
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
        }
        #expect(throws: StoreError.newerSchema(path: tmp.path, unknown: ["v99-from-the-future"])) { try tmp.open() }
    }

    @Test func refusesAnUnwritableLocation() {
        #expect(throws: StoreError.self) { try LocalStore(path: "/proc/onset-cannot-write-here/onset.sqlite") }
    }

    @Test func aSpanForAnUnknownSessionIsRefusedAndNothingIsLogged() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        #expect(throws: StoreError.self) { try store.create(makeSpan(0, 10, session: "nope"), actor: "ann") }
        let ops = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM op_log") }
        #expect(ops == 0)
    }

    @Test func everyEditAppendsToTheLogWithBeforeAndAfter() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        var span = try store.create(makeSpan(0, 1_000_000), actor: "ann")
        span.offset = Timecode(microseconds: 1_500_000)
        span = try store.update(span, actor: "ann")
        #expect(span.revision == 2)
        try store.deleteSpan(span.id, actor: "rev")
        let ops = try store.operations(session: "s1")
        #expect(ops.map(\.kind) == [.create, .update, .delete])
        #expect(ops.map(\.actor) == ["ann", "ann", "rev"])
        #expect(ops[0].beforeJSON == nil && ops[0].afterJSON != nil)
        #expect(ops[1].beforeJSON?.contains("1000000") == true && ops[1].afterJSON?.contains("1500000") == true)
        #expect(try store.spans(session: "s1").isEmpty)
        #expect(try store.spans(session: "s1", includeDeleted: true).count == 1)
        #expect(throws: StoreError.spanDeleted(span.id.uuidString)) { try store.deleteSpan(span.id, actor: "ann") }
    }

    @Test func undoAndRedoSurviveAReopen() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        var id: UUID
        do {
            let store = try tmp.open()
            try register(store)
            var span = try store.create(makeSpan(0, 1_000_000), actor: "ann")
            id = span.id
            span.signal = "b"
            try store.update(span, actor: "ann")
        }
        do {
            let store = try tmp.open()
            let undone = try store.undo(session: "s1", actor: "ann")
            #expect(undone.span?.signal == "a")
            #expect(undone.span?.revision == 3)
            try store.undo(session: "s1", actor: "ann")
            #expect(try store.spans(session: "s1").isEmpty)
            #expect(throws: StoreError.nothingToUndo(session: "s1")) { try store.undo(session: "s1", actor: "ann") }
        }
        do {
            let store = try tmp.open()
            let redone = try store.redo(session: "s1", actor: "ann")
            #expect(redone.span?.id == id && redone.span?.signal == "a" && redone.span?.isDeleted == false)
            #expect(try store.redo(session: "s1", actor: "ann").span?.signal == "b")
            #expect(throws: StoreError.nothingToRedo(session: "s1")) { try store.redo(session: "s1", actor: "ann") }
            #expect(try store.spans(session: "s1").map(\.revision) == [6])
        }
    }

    @Test func aNewEditDiscardsTheRedoStack() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        try store.create(makeSpan(0, 10), actor: "ann")
        try store.create(makeSpan(20, 30), actor: "ann")
        try store.undo(session: "s1", actor: "ann")
        try store.create(makeSpan(40, 50), actor: "ann")
        #expect(throws: StoreError.nothingToRedo(session: "s1")) { try store.redo(session: "s1", actor: "ann") }
        #expect(try store.undoDepth(session: "s1") == (2, 0))
        #expect(try store.spans(session: "s1").map(\.onset.microseconds) == [0, 40])
    }

    @Test func undoStacksArePerSession() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store, session: "s1")
        try register(store, session: "s2")
        try store.create(makeSpan(0, 10, session: "s1"), actor: "ann")
        try store.create(makeSpan(0, 10, session: "s2"), actor: "ann")
        try store.undo(session: "s1", actor: "ann")
        #expect(try store.spans(session: "s1").isEmpty)
        #expect(try store.spans(session: "s2").count == 1)
    }

    @Test func ratingsAreStoredLoggedAndUndoable() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        var rating = ClipRating(sessionID: "s1", clip: "a.mp4", dimension: "visual-fidelity", score: 2, annotator: "ann",
                                schemeID: "video-quality", schemeVersion: 1)
        rating = try store.save(rating, actor: "ann")
        rating.score = 4
        rating = try store.save(rating, actor: "ann")
        #expect(rating.revision == 2)
        let undone = try store.undo(session: "s1", actor: "ann")
        #expect(undone.rating?.score == 2)
        #expect(try store.ratings(session: "s1").map(\.score) == [2])
    }

    @Test func aReaderSeesCommittedWorkWhileAWriterWrites() async throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let writer = try tmp.open()
        try register(writer)
        let reader = try tmp.open()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<200 { try writer.create(makeSpan(Int64(i) * 10, Int64(i) * 10 + 5), actor: "ann") }
            }
            group.addTask {
                var last = 0
                for _ in 0..<50 {
                    let n = try reader.spans(session: "s1").count
                    #expect(n >= last)
                    last = n
                }
            }
            try await group.waitForAll()
        }
        #expect(try reader.spans(session: "s1").count == 200)
    }

    @Test func aBatchIsOneTransaction() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        var batch = (0..<10).map { makeSpan(Int64($0) * 10, Int64($0) * 10 + 5) }
        batch.append(makeSpan(100, 100)) // violates offset > onset: the whole batch must roll back
        #expect(throws: StoreError.self) { try store.createAll(batch, actor: "ann") }
        #expect(try store.spans(session: "s1").isEmpty)
        #expect(try store.operations(session: "s1").isEmpty)
    }

    @Test func defaultPathFollowsXDG() {
        #expect(LocalStore.defaultPath(environment: ["ONSET_STORE": "/x/y.sqlite", "XDG_DATA_HOME": "/d"]) == "/x/y.sqlite")
        #expect(LocalStore.defaultPath(environment: ["XDG_DATA_HOME": "/d"]) == "/d/onset/onset.sqlite")
        #expect(LocalStore.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/onset/onset.sqlite")
    }
}

@Suite struct FastJSONTests {
    @Test func spanJSONIsByteIdenticalToFoundations() throws {
        var span = makeSpan(1_234, 5_678_901)
        span.rationale = "quote \" backslash \\ newline \n tab \t bell \u{7} é 日本 😀"
        span.cues = ["a\"b", "c"]
        span.confidence = nil
        span.createdAt = Date(microsecondsSince1970: 1_763_770_465_123_457)
        span.updatedAt = span.createdAt
        for deleted in [nil, Date(microsecondsSince1970: 1_763_770_466_000_001)] {
            span.deletedAt = deleted
            let foundation = String(decoding: try RecordCoding.encoder.encode(span), as: UTF8.self)
            #expect(FastJSON.span(span) == foundation)
            #expect(try RecordCoding.decode(Span.self, FastJSON.span(span)) == span)
        }
    }

    @Test func stringArraysRoundTrip() {
        for items in [[], ["a"], ["x y", "é", "日本"], ["with \"quote\"", "back\\slash"]] {
            #expect(FastJSON.parseStringArray(FastJSON.stringArray(items)) == items)
        }
    }
}

@Suite struct UndoGroupTests {
    @Test func ratingsGivenRightAfterMarkingAreUndoneWithTheSpan() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        var span = makeSpan(0, 1_000_000)
        span.confidence = nil
        span.intensity = nil
        span = try store.create(span, actor: "ann")
        span.confidence = 4
        span = try store.update(span, actor: "ann", continuing: true)
        span.intensity = 3
        span = try store.update(span, actor: "ann", continuing: true)
        #expect(try store.undoDepth(session: "s1") == (1, 0))
        let undone = try store.undo(session: "s1", actor: "ann")
        #expect(undone.span?.isDeleted == true)
        #expect(try store.spans(session: "s1").isEmpty)
        let redone = try store.redo(session: "s1", actor: "ann")
        #expect(redone.span?.confidence == 4 && redone.span?.intensity == 3 && redone.span?.isDeleted == false)
        #expect(try store.undoDepth(session: "s1") == (1, 0))
    }

    @Test func aSplitIsOneUndoStepAcrossTwoSpans() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        var a = try store.create(makeSpan(0, 100), actor: "ann")
        a.offset = Timecode(microseconds: 40)
        a = try store.update(a, actor: "ann")                      // its own step
        let b = try store.create(makeSpan(40, 100), actor: "ann", continuing: true)
        #expect(try store.undoDepth(session: "s1") == (2, 0))
        try store.undo(session: "s1", actor: "ann")
        #expect(try store.span(a.id)?.offset.microseconds == 100)
        #expect(try store.span(b.id)?.isDeleted == true)
        try store.redo(session: "s1", actor: "ann")
        #expect(try store.spans(session: "s1").map(\.onset.microseconds) == [0, 40])
    }

    @Test func aVersionOneStoreUpgradesWithItsDataAndHistory() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        try FileManager.default.createDirectory(atPath: tmp.folder + "/store", withIntermediateDirectories: true)
        let migrator = Migrations.migrator
        do {
            // The store as the first release left it: only the first step applied, one edit made.
            let queue = try DatabaseQueue(path: tmp.path)
            try migrator.migrate(queue, upTo: migrator.migrations[0])
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO session VALUES ('s1', 't', '/tmp/s1.toml', NULL, NULL, 'test', 2, 'ann', NULL, NULL, 'spans', 0);
                    """)
            }
        }
        let store = try tmp.open()
        let span = try store.create(makeSpan(0, 10), actor: "ann")
        let columns = try store.pool.read { db in try db.columns(in: "op_log").map(\.name) }
        #expect(columns.contains("group_seq"))
        #expect(try store.sessions().map(\.id) == ["s1"])
        try store.undo(session: "s1", actor: "ann")
        #expect(try store.span(span.id)?.isDeleted == true)
    }
}

@Suite struct TelemetryStoreTests {
    @Test func telemetryIsStoredPerSessionAndAnnotator() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        var t = SessionTelemetry()
        t.record(.scrub(to: Timecode(seconds: 1), frame: Timecode(microseconds: 40_000)), at: 0)
        t.activity(at: 0)
        t.activity(at: 5_000_000)
        try store.saveTelemetry(t, session: "s1", annotator: "ann")
        #expect(try store.telemetry(session: "s1", annotator: "ann") == nil ? false : true)
        let read = try #require(try store.telemetry(session: "s1", annotator: "ann"))
        #expect(read.activeMicroseconds == 5_000_000 && read.scrubs == 1 && read.coverage.total == 40_000)
        #expect(try store.telemetry(session: "s1", annotator: "other") == nil)
        t.record(.timeline, at: 6_000_000)
        try store.saveTelemetry(t, session: "s1", annotator: "ann")
        #expect(try store.telemetry(session: "s1", annotator: "ann")?.timelineInteractions == 1)
        #expect(try store.operations(session: "s1").isEmpty)
    }
}

@Suite struct UUIDParsingTests {
    @Test func parsesWhatTheStoreWritesAndFallsBackOtherwise() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUID.fromStore(id.uuidString) == id)
            #expect(UUID.fromStore(id.uuidString.lowercased()) == id)
        }
        #expect(UUID.fromStore("not-a-uuid") == nil)
        #expect(UUID.fromStore("0000000000000000000000000000000000") == nil)
        #expect(UUID.fromStore("E621E1F8-C36C-495A-93FC-0C247A3E6E5F-") == nil)
    }
}

@Suite struct DamagedRowTests {
    @Test func aDamagedIdIsAClearErrorNotARandomSpan() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        try store.create(makeSpan(0, 10), actor: "ann")
        try store.pool.write { db in try db.execute(sql: "UPDATE span SET id = 'garbage'") }
        do {
            _ = try store.spans(session: "s1")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("damaged id `garbage`"))
        }
    }
}
