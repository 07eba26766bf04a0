import Foundation
import GRDB
import OnsetCore

/// A record kind the store keeps with revisions, soft deletes and an operation-log history.
protocol StoredRecord: Codable, Sendable, Hashable, SoftDeletable {
    static var recordType: String { get }
    var id: UUID { get }
    var sessionID: String { get }
    var revision: Int { get set }
    var createdAt: Date { get set }
    var updatedAt: Date { get set }
    static func fetch(_ db: Database, id: UUID) throws -> Self?
    /// Inserts or replaces the row with this record's values.
    func save(_ db: Database) throws
}

enum RecordCoding {
    /// Dates as whole microseconds since 1970, keys sorted: the op log's JSON is stable.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.microsecondsSince1970)
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            Date(microsecondsSince1970: try decoder.singleValueContainer().decode(Int64.self))
        }
        return d
    }()

    static func json<R: Encodable>(_ record: R?) throws -> String? {
        guard let record else { return nil }
        if let span = record as? Span { return FastJSON.span(span) }
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    static func decode<R: Decodable>(_ type: R.Type, _ json: String?) throws -> R? {
        guard let json else { return nil }
        return try decoder.decode(R.self, from: Data(json.utf8))
    }
}

extension Span: StoredRecord {
    static let recordType = "span"
    static let columns = "id, session_id, signal, onset_us, offset_us, confidence, intensity, cues, rationale, annotator, scheme_id, scheme_version, created_at_us, updated_at_us, revision, deleted_at_us"

    static func fetch(_ db: Database, id: UUID) throws -> Span? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM span WHERE id = ?"), arguments: [id.uuidString]).map { try Span(row: $0) }
    }

    /// Decodes a row; a damaged id is an error, never silently replaced.
    init(row: Row) throws {
        let cuesJSON: String = row[7]
        let text: String = row[0]
        guard let id = UUID.fromStore(text) else { throw StoreError.database("the store holds a span with a damaged id `\(text)`") }
        self.init(
            id: id, sessionID: row[1], signal: row[2],
            onset: Timecode(microseconds: row[3]), offset: Timecode(microseconds: row[4]),
            confidence: row[5], intensity: row[6],
            cues: FastJSON.parseStringArray(cuesJSON),
            rationale: row[8], annotator: row[9], schemeID: row[10], schemeVersion: row[11],
            createdAt: Date(microsecondsSince1970: row[12]), updatedAt: Date(microsecondsSince1970: row[13]),
            revision: row[14], deletedAt: (row[15] as Int64?).map(Date.init(microsecondsSince1970:)))
    }

    func save(_ db: Database) throws {
        let cuesJSON = FastJSON.stringArray(cues)
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO span (\(Span.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(
            arguments: [id.uuidString, sessionID, signal, onset.microseconds, offset.microseconds, confidence, intensity,
                        cuesJSON, rationale, annotator, schemeID, schemeVersion, createdAt.microsecondsSince1970,
                        updatedAt.microsecondsSince1970, revision, deletedAt?.microsecondsSince1970])
    }
}

extension ClipRating: StoredRecord {
    static let recordType = "clip_rating"
    static let columns = "id, session_id, clip, dimension, score, confidence, note, annotator, scheme_id, scheme_version, created_at_us, updated_at_us, revision, deleted_at_us"

    static func fetch(_ db: Database, id: UUID) throws -> ClipRating? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(columns) FROM clip_rating WHERE id = ?"), arguments: [id.uuidString]).map { try ClipRating(row: $0) }
    }

    /// Decodes a row; a damaged id is an error, never silently replaced.
    init(row: Row) throws {
        let text: String = row[0]
        guard let id = UUID.fromStore(text) else { throw StoreError.database("the store holds a rating with a damaged id `\(text)`") }
        self.init(
            id: id, sessionID: row[1], clip: row[2], dimension: row[3], score: row[4],
            confidence: row[5], note: row[6], annotator: row[7], schemeID: row[8], schemeVersion: row[9],
            createdAt: Date(microsecondsSince1970: row[10]), updatedAt: Date(microsecondsSince1970: row[11]),
            revision: row[12], deletedAt: (row[13] as Int64?).map(Date.init(microsecondsSince1970:)))
    }

    func save(_ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO clip_rating (\(ClipRating.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(
            arguments: [id.uuidString, sessionID, clip, dimension, score, confidence, note, annotator, schemeID,
                        schemeVersion, createdAt.microsecondsSince1970, updatedAt.microsecondsSince1970, revision,
                        deletedAt?.microsecondsSince1970])
    }
}
