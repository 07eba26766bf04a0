import Foundation

/// The stable JSON shape of a span (`onset spans list --format json`, and later bundles).
/// Field names are a contract: add fields, never rename or remove them.
public struct SpanJSON: Codable, Hashable, Sendable {
    public var id: String
    public var session: String
    public var signal: String
    public var onset_us: Int64
    public var offset_us: Int64
    public var onset: String
    public var offset: String
    public var confidence: Int?
    public var intensity: Int?
    public var cues: [String]
    public var rationale: String
    public var annotator: String
    public var scheme: String
    public var scheme_version: Int
    public var revision: Int
    public var created_at: String
    public var updated_at: String
    public var deleted_at: String?

    public init(_ span: Span) {
        id = span.id.uuidString.lowercased()
        session = span.sessionID
        signal = span.signal
        onset_us = span.onset.microseconds
        offset_us = span.offset.microseconds
        onset = span.onset.formatted(alwaysHours: true)
        offset = span.offset.formatted(alwaysHours: true)
        confidence = span.confidence
        intensity = span.intensity
        cues = span.cues
        rationale = span.rationale
        annotator = span.annotator
        scheme = span.schemeID
        scheme_version = span.schemeVersion
        revision = span.revision
        created_at = Self.iso(span.createdAt)
        updated_at = Self.iso(span.updatedAt)
        deleted_at = span.deletedAt.map(Self.iso)
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-11-21T23:59:24.123Z`.
    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    public func encode(to encoder: Encoder) throws {
        // Explicit so that nil ratings appear as `null` rather than vanish: scripts rely on the keys.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(session, forKey: .session)
        try c.encode(signal, forKey: .signal)
        try c.encode(onset_us, forKey: .onset_us)
        try c.encode(offset_us, forKey: .offset_us)
        try c.encode(onset, forKey: .onset)
        try c.encode(offset, forKey: .offset)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(intensity, forKey: .intensity)
        try c.encode(cues, forKey: .cues)
        try c.encode(rationale, forKey: .rationale)
        try c.encode(annotator, forKey: .annotator)
        try c.encode(scheme, forKey: .scheme)
        try c.encode(scheme_version, forKey: .scheme_version)
        try c.encode(revision, forKey: .revision)
        try c.encode(created_at, forKey: .created_at)
        try c.encode(updated_at, forKey: .updated_at)
        if let deleted_at { try c.encode(deleted_at, forKey: .deleted_at) }
    }
}
