import Foundation

/// A score on one of the scheme's clip dimensions (e.g. visual fidelity 1–5) for one clip.
public struct ClipRating: Hashable, Sendable, Codable, Identifiable {
    public var id: UUID
    public var sessionID: String
    /// The clip this rates: its path as listed in the session (or manifest).
    public var clip: String
    public var dimension: String
    public var score: Int
    public var confidence: Int?
    public var note: String
    public var annotator: String
    public var schemeID: String
    public var schemeVersion: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var revision: Int
    public var deletedAt: Date?

    public init(
        id: UUID = UUID(), sessionID: String, clip: String, dimension: String, score: Int,
        confidence: Int? = nil, note: String = "", annotator: String, schemeID: String, schemeVersion: Int,
        createdAt: Date = Date(), updatedAt: Date? = nil, revision: Int = 1, deletedAt: Date? = nil
    ) {
        self.id = id
        self.sessionID = sessionID
        self.clip = clip
        self.dimension = dimension
        self.score = score
        self.confidence = confidence
        self.note = note
        self.annotator = annotator
        self.schemeID = schemeID
        self.schemeVersion = schemeVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.revision = revision
        self.deletedAt = deletedAt
    }
}

extension ClipRating {
    /// A clip marked broken (it cannot be judged: corrupt, black, no picture) or skipped, with the
    /// reason in `note`. Stored as a rating with score 0 under a reserved dimension (scheme ids
    /// never start with `!`), so it travels, undoes and syncs like any rating; agreement and
    /// calibration leave these out.
    public enum Flag: String, Sendable, CaseIterable {
        case broken = "!broken"
        case skipped = "!skipped"

        public var word: String { String(rawValue.dropFirst()) }
    }

    public var flag: Flag? { Flag(rawValue: dimension) }
}
