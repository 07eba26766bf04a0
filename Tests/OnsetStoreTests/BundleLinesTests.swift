import Foundation
import GRDB
import OnsetCore
import Testing
@testable import OnsetStore

/// The spans member is written from column bytes; SQLite's `json_object` is the reference.
@Suite struct BundleLinesTests {
    /// What `json_object` writes for the spans the op log touched in (after, through], by id.
    func reference(_ store: LocalStore, after: Int64, through: Int64) throws -> [UInt8] {
        try store.read { db in
            var out: [UInt8] = []
            let rows = try String.fetchCursor(db, sql: """
                SELECT json_object('id', id, 'session', session_id, 'signal', signal, 'onset_us', onset_us, 'offset_us', offset_us,
                    'confidence', confidence, 'intensity', intensity, 'cues', json(cues), 'rationale', rationale, 'annotator', annotator,
                    'scheme_id', scheme_id, 'scheme_version', scheme_version, 'created_at_us', created_at_us,
                    'updated_at_us', updated_at_us, 'revision', revision, 'deleted_at_us', deleted_at_us)
                FROM span WHERE id IN (SELECT record_id FROM op_log WHERE seq > ? AND seq <= ? AND record_type = 'span') ORDER BY id
                """, arguments: [after, through])
            while let line = try rows.next() { out += Array(line.utf8) + [10] }
            return out
        }
    }

    func referenceOperations(_ store: LocalStore, after: Int64, through: Int64) throws -> [UInt8] {
        try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT json_object('seq', seq, 'session', session_id, 'at_us', at_us, 'actor', actor, 'kind', kind,
                    'record_type', record_type, 'record_id', record_id, 'origin', origin)
                FROM op_log WHERE seq > ? AND seq <= ? ORDER BY seq
                """, arguments: [after, through]).flatMap { Array($0.utf8) + [10] }
        }
    }

    func projectStore(_ tmp: TemporaryStore) throws -> LocalStore {
        let store = try tmp.open()
        try store.register(SessionFile(id: "s1", media: "m.mp4", scheme: "test", annotator: "ann", project: "p", wave: "w",
                                       directory: "/tmp", path: "/tmp/s1.toml"), scheme: testScheme, annotator: "ann")
        return store
    }

    @Test func everyCharacterIsWrittenAsJSONObjectWritesIt() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try projectStore(tmp)
        let awkward = ["", "\"quoted\" and \\back\\slashed", "line\nbreak\r\ttab \u{08}\u{0C}", "\u{01}\u{1F}\u{7F} controls",
                       "日本語 ✓ 🙂 עברית", String(repeating: "long ", count: 200)]
        var spans = awkward.enumerated().map { i, text in
            Span(sessionID: "s1", signal: "a", onset: Timecode(microseconds: Int64(i) * 1000), offset: Timecode(microseconds: Int64(i) * 1000 + 500),
                 confidence: i % 2 == 0 ? nil : 3, intensity: i, cues: [text, "x"], rationale: text, annotator: "ann", schemeID: "test", schemeVersion: 2)
        }
        spans.append(makeSpan(-5_000_000, -1_000))
        try store.createAll(spans, actor: "ann")
        _ = try store.deleteSpan(spans[0].id, actor: "ann")

        let changes = try store.bundleChanges(project: "p", annotator: "ann", all: true)
        #expect(changes.spans == (try reference(store, after: 0, through: changes.throughSeq)))
        #expect(changes.operations == (try referenceOperations(store, after: 0, through: changes.throughSeq)))
        #expect(String(decoding: changes.spans, as: UTF8.self).contains("\"confidence\":null"))
        #expect(String(decoding: changes.spans, as: UTF8.self).contains("\\u0001\\u001f"))
    }

    @Test func numbersAndNullsAsJSONObjectWritesThem() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        let values = "-9223372036854775808, 9223372036854775807, 0, 9, 10, 99, 100, -1, NULL, 1.5, '[1,2]'"
        let keys = (0..<11).map { "k\($0)" }
        try store.read { db in
            let ours = try JSONRowWriter.lines(db, sql: "SELECT \(values)", arguments: [], keys: keys)
            let sqlite = try String.fetchOne(db, sql: "SELECT json_object(" + zip(keys, values.components(separatedBy: ", "))
                .map { "'\($0)', \($0 == "k10" ? "json(\($1))" : $1)" }.joined(separator: ", ") + ")")!
            // The last column is JSON text kept as it is only when the writer is told so; here it is a string.
            #expect(String(decoding: ours, as: UTF8.self) == sqlite.replacingOccurrences(of: "[1,2]", with: "\"[1,2]\"") + "\n")
        }
    }

    @Test func stringsAndIntegersOfEveryLengthAsJSONObjectWritesThem() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        // Each character that must be escaped at every place in strings of 0–24 bytes (text is
        // scanned eight bytes at a time), among ASCII and multi-byte UTF-8; integers of every length.
        var texts: [String] = []
        for special in ["\"", "\\", "\u{01}", "\n", "\t", "\u{1f}", "\u{7f}", "é", "漢"] {
            for length in 0...24 {
                for at in stride(from: 0, to: max(length, 1), by: 3) {
                    var chars = Array(repeating: "a", count: length)
                    if length > 0 { chars[at] = special }
                    texts.append(chars.joined())
                }
            }
        }
        var integers: [Int64] = [0, Int64.min, Int64.max]
        var power: Int64 = 1
        for _ in 0..<18 { power *= 10; integers += [power - 1, power, power + 1, -power, -(power - 1)] }
        try store.read { db in
            for (i, text) in texts.enumerated() {
                let integer = integers[i % integers.count]
                let ours = try JSONRowWriter.lines(db, sql: "SELECT ?, ?", arguments: [text, integer], keys: ["t", "n"])
                let sqlite = try String.fetchOne(db, sql: "SELECT json_object('t', ?, 'n', ?)", arguments: [text, integer])!
                #expect(String(decoding: ours, as: UTF8.self) == sqlite + "\n", "\(text.debugDescription) \(integer)")
            }
        }
    }

    @Test func manyChangesAreReadInStorageOrderAndStillSortedByID() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try projectStore(tmp)
        // Past the point where the project's spans are scanned instead of looked up one by one.
        let spans = (0..<10_050).map { i in makeSpan(Int64(i) * 100, Int64(i) * 100 + 50) }
        try store.createAll(spans, actor: "ann")
        let first = try store.bundleChanges(project: "p", annotator: "ann", all: false)
        #expect(first.records == 10_050)
        #expect(first.spans == (try reference(store, after: 0, through: first.throughSeq)))
        try store.addToOutbox(first, bundleID: "b1", path: "/tmp/b1", sha256: "x", bytes: 1, createdAtUs: 1)

        // A few changes afterwards: looked up by id, and only they travel.
        var edited = spans[7]
        edited.rationale = "changed"
        _ = try store.update(edited, actor: "ann")
        _ = try store.deleteSpan(spans[9_000].id, actor: "ann")
        let next = try store.bundleChanges(project: "p", annotator: "ann", all: false)
        #expect(next.records == 2)
        #expect(next.spans == (try reference(store, after: first.throughSeq, through: next.throughSeq)))
        #expect(next.operations == (try referenceOperations(store, after: first.throughSeq, through: next.throughSeq)))

        let everything = try store.bundleChanges(project: "p", annotator: "ann", all: true)
        #expect(everything.spans == (try reference(store, after: 0, through: everything.throughSeq)))
    }

    /// A project's bundle carries its own sessions' spans and operations, whatever their ids
    /// hold (the ids are written into the query), and none of another project's; it is
    /// stamped with its newest operation.
    @Test func aBundleHoldsItsProjectsSessionsOnly() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        for (id, project) in [("o'brien \"1\"", "p"), ("s2", "p"), ("other", "q")] {
            try store.register(SessionFile(id: id, media: nil, scheme: "test", annotator: "ann", project: project, wave: "w",
                                           directory: "/tmp", path: "/tmp/\(id).toml"), scheme: testScheme, annotator: "ann")
        }
        try store.createAll([makeSpan(0, 10, session: "o'brien \"1\""), makeSpan(20, 30, session: "s2"), makeSpan(40, 50, session: "other")],
                            actor: "ann")
        let changes = try store.bundleChanges(project: "p", annotator: "ann", all: true)
        let text = String(decoding: changes.spans, as: UTF8.self)
        #expect(changes.records == 2 && text.contains("o'brien \\\"1\\\"") && text.contains("\"s2\"") && !text.contains("\"other\""))
        #expect(String(decoding: changes.operations, as: UTF8.self).split(separator: "\n").count == 2)
        let newest = try store.read { db in try Int64.fetchOne(db, sql: "SELECT max(at_us) FROM op_log WHERE session_id <> 'other'") }
        #expect(changes.newestUs == newest)
        #expect(try store.bundleChanges(project: "q", annotator: "ann", all: true).records == 1)
    }

    /// Session ids are written into the bundle queries as constants: quotes and NUL bytes
    /// included, each matches itself and nothing else.
    @Test func sessionIdsWrittenIntoQueriesMatchExactly() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        let ids = ["o'brien", "x\u{0}y", "日本"]
        let filter = LocalStore.sessionIn(ids, project: "p")
        try store.read { db in
            for candidate in ids + ["x", "o", "obrien", "x\u{0}"] {
                // The candidate as the bytes of a blob too: a bound string would end at its NUL.
                let bytes = candidate.utf8.map { String(format: "%02x", $0) }.joined()
                let hit = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT CAST(X'\(bytes)' AS TEXT) AS session_id) WHERE \(filter)")
                #expect(hit == (ids.contains(candidate) ? 1 : 0), "\(candidate.debugDescription)")
            }
        }
    }
}

extension JSONRowWriter {
    /// Every row `sql` selects as a JSON line, one key per selected column.
    static func lines(_ db: Database, sql: String, arguments: StatementArguments, keys: [String]) throws -> [UInt8] {
        let writer = JSONRowWriter(keys: keys)
        try db.eachRow(sql, arguments: arguments) { writer.append(row: $0) }
        return Array(writer.bytes)
    }
}
