import Foundation

/// One annotated stretch of time: a signal from the scheme between an onset and an offset.
///
/// Spans of different signals may overlap freely. `revision` starts at 1 and grows with every
/// change (undo included), so a later sync supersedes an earlier one. Times are microseconds;
/// `onset < offset` always holds for a valid span.
public struct Span: Hashable, Sendable, Codable, Identifiable {
    public var id: UUID
    public var sessionID: String
    public var signal: String
    public var onset: Timecode
    public var offset: Timecode
    /// 1...scale max of the scheme's confidence scale; nil when not given.
    public var confidence: Int?
    /// 1...scale max of the scheme's intensity scale; nil when not given.
    public var intensity: Int?
    public var cues: [String]
    public var rationale: String
    public var annotator: String
    public var schemeID: String
    public var schemeVersion: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var revision: Int
    /// Set when the span was deleted; deletes are soft so history and sync keep them.
    public var deletedAt: Date?

    public init(
        id: UUID = UUID(), sessionID: String, signal: String, onset: Timecode, offset: Timecode,
        confidence: Int? = nil, intensity: Int? = nil, cues: [String] = [], rationale: String = "",
        annotator: String, schemeID: String, schemeVersion: Int,
        createdAt: Date = Date(), updatedAt: Date? = nil, revision: Int = 1, deletedAt: Date? = nil
    ) {
        self.id = id
        self.sessionID = sessionID
        self.signal = signal
        self.onset = onset
        self.offset = offset
        self.confidence = confidence
        self.intensity = intensity
        self.cues = cues
        self.rationale = rationale
        self.annotator = annotator
        self.schemeID = schemeID
        self.schemeVersion = schemeVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.revision = revision
        self.deletedAt = deletedAt
    }

    public var duration: Timecode { offset - onset }
    public var isDeleted: Bool { deletedAt != nil }

    /// True when the span covers `t` (onset inclusive, offset exclusive).
    public func contains(_ t: Timecode) -> Bool { onset <= t && t < offset }
}
