import Foundation

/// Training-ready records, one per annotation: what delivery JSONL holds (a contract, README
/// "Interchange"). Built from spans and clip ratings by the session export and the central one.
public enum TrainingRecord {
    public struct Source: Encodable, Sendable {
        public var session: String
        public var media: String?
        public var media_fingerprint: String?
        public init(session: String, media: String?, media_fingerprint: String?) {
            self.session = session
            self.media = media
            self.media_fingerprint = media_fingerprint
        }
    }

    public struct SchemeRef: Encodable, Sendable {
        public var id: String
        public var version: Int
    }

    /// A span: its signal and times, per-dimension scores, the annotator's confidence.
    public struct SpanRecord: Encodable, Sendable {
        var id: String
        var type = "span"
        var signal: String
        var start: Double
        var end: Double
        var onset_us: Int64
        var offset_us: Int64
        var scores: [String: Int]
        var annotator_confidence: Int?
        var cues: [String]
        var rationale: String
        var annotator: String
        var source: Source
        var scheme: SchemeRef
        var project: String?
        var wave: String?
        /// `single`, `overlapping` (several annotators coded the item) or `gold`.
        var agreement_status: String

        public init(_ s: Span, source: Source, project: String?, wave: String?, agreementStatus: String) {
            id = s.id.uuidString
            signal = s.signal
            start = Double(s.onset.microseconds) / 1e6
            end = Double(s.offset.microseconds) / 1e6
            onset_us = s.onset.microseconds
            offset_us = s.offset.microseconds
            scores = s.intensity.map { ["intensity": $0] } ?? [:]
            annotator_confidence = s.confidence
            cues = s.cues
            rationale = s.rationale
            annotator = s.annotator
            self.source = source
            scheme = SchemeRef(id: s.schemeID, version: s.schemeVersion)
            self.project = project
            self.wave = wave
            agreement_status = agreementStatus
        }
    }

    /// A rated clip: its score and confidence on every dimension.
    public struct ClipRecord: Encodable, Sendable {
        var type = "clip"
        var clip: String
        var scores: [String: Int]
        var annotator_confidence: [String: Int]
        var notes: [String: String]
        var annotator: String
        var source: Source
        var scheme: SchemeRef
        var project: String?
        var wave: String?
        var agreement_status: String

        /// `ratings`: one annotator's ratings of one clip (one per dimension).
        public init(_ ratings: [ClipRating], source: Source, project: String?, wave: String?, agreementStatus: String) {
            let first = ratings[0]
            clip = first.clip
            scores = Dictionary(ratings.map { ($0.dimension, $0.score) }, uniquingKeysWith: { a, _ in a })
            annotator_confidence = Dictionary(ratings.compactMap { r in r.confidence.map { (r.dimension, $0) } }, uniquingKeysWith: { a, _ in a })
            notes = Dictionary(ratings.filter { !$0.note.isEmpty }.map { ($0.dimension, $0.note) }, uniquingKeysWith: { a, _ in a })
            annotator = first.annotator
            self.source = source
            scheme = SchemeRef(id: first.schemeID, version: first.schemeVersion)
            self.project = project
            self.wave = wave
            agreement_status = agreementStatus
        }
    }

    /// One JSON line (keys sorted).
    public static func line(_ record: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(record)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
