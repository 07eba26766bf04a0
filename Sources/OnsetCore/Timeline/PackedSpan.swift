import Foundation

/// A live span without what its lane knows: the signal is the lane's, the session,
/// annotator, scheme and cue list are numbers in the lane's pool.
struct PackedSpan: Sendable {
    var id: UUID
    var onset: Int64
    var offset: Int64
    var created: Double
    var updated: Double
    var rationale: String
    var revision: Int32
    var schemeVersion: Int32
    var confidence: Int32
    var intensity: Int32
    var session: UInt32
    var annotator: UInt32
    var scheme: UInt32
    var cues: UInt32

    /// Stands for nil in `confidence` and `intensity` (ratings are small positive numbers).
    static let none = Int32.min

    init(_ s: Span, pool: inout SpanTextPool) {
        id = s.id
        onset = s.onset.microseconds
        offset = s.offset.microseconds
        created = s.createdAt.timeIntervalSinceReferenceDate
        updated = s.updatedAt.timeIntervalSinceReferenceDate
        rationale = s.rationale
        revision = Int32(clamping: s.revision)
        schemeVersion = Int32(clamping: s.schemeVersion)
        confidence = s.confidence.map { Int32(clamping: $0) } ?? Self.none
        intensity = s.intensity.map { Int32(clamping: $0) } ?? Self.none
        session = pool.texts.number(s.sessionID)
        annotator = pool.texts.number(s.annotator)
        scheme = pool.texts.number(s.schemeID)
        cues = pool.cueLists.number(s.cues)
    }

    func span(signal: String, pool: SpanTextPool) -> Span {
        Span(id: id, sessionID: pool.texts[session], signal: signal, onset: Timecode(microseconds: onset),
             offset: Timecode(microseconds: offset), confidence: confidence == Self.none ? nil : Int(confidence),
             intensity: intensity == Self.none ? nil : Int(intensity), cues: pool.cueLists[cues], rationale: rationale,
             annotator: pool.texts[annotator], schemeID: pool.texts[scheme], schemeVersion: Int(schemeVersion),
             createdAt: Date(timeIntervalSinceReferenceDate: created), updatedAt: Date(timeIntervalSinceReferenceDate: updated),
             revision: Int(revision))
    }
}

/// Texts and cue lists a lane's spans share, each kept once.
struct SpanTextPool: Sendable {
    var texts = Interned<String>()
    var cueLists = Interned<[String]>()
}
