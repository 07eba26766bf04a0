import Foundation
import OnsetCore

/// The flat formats: spans as CSV, training-ready JSON lines, and the transcript as WebVTT.
public enum FlatExports {
    /// The CSV columns (a contract, documented in the README).
    public static let spanColumns = ["session", "id", "signal", "onset", "offset", "onset_us", "offset_us", "duration_ms", "confidence",
                                     "intensity", "cues", "rationale", "annotator", "scheme", "scheme_version", "revision", "updated_at"]

    public static let ratingColumns = ["session", "id", "clip", "dimension", "score", "confidence", "note", "annotator", "scheme",
                                       "scheme_version", "revision", "updated_at"]

    /// Spans, or — for a session in rating mode — clip ratings, one row each.
    public static func csv(_ doc: InterchangeDocument) -> String {
        if doc.spans.isEmpty && !doc.ratings.isEmpty { return ratingsCSV(doc) }
        var out = spanColumns.joined(separator: ",") + "\n"
        let iso = ISO8601DateFormatter()
        for s in doc.spans {
            let fields = [doc.sessionID, s.id.uuidString, s.signal, seconds(s.onset), seconds(s.offset), String(s.onset.microseconds),
                          String(s.offset.microseconds), String(s.duration.microseconds / 1000), s.confidence.map(String.init) ?? "",
                          s.intensity.map(String.init) ?? "", s.cues.joined(separator: ";"), s.rationale, s.annotator, s.schemeID,
                          String(s.schemeVersion), String(s.revision), iso.string(from: s.updatedAt)]
            out += CSV.row(fields) + "\n"
        }
        return out
    }

    static func ratingsCSV(_ doc: InterchangeDocument) -> String {
        var out = ratingColumns.joined(separator: ",") + "\n"
        let iso = ISO8601DateFormatter()
        for r in doc.ratings.sorted(by: { ($0.clip, $0.dimension) < ($1.clip, $1.dimension) }) {
            let fields = [doc.sessionID, r.id.uuidString, r.clip, r.dimension, String(r.score), r.confidence.map(String.init) ?? "", r.note,
                          r.annotator, r.schemeID, String(r.schemeVersion), String(r.revision), iso.string(from: r.updatedAt)]
            out += CSV.row(fields) + "\n"
        }
        return out
    }

    /// One record per annotation, for training pipelines: the span's signal and times, its
    /// per-dimension scores, the annotator's confidence, where the item comes from, the scheme
    /// version and wave, and the agreement status of the item (`single`: one annotator in this
    /// export; `overlapping`: several annotators coded the same item).
    public static func jsonl(_ doc: InterchangeDocument) -> String {
        let status = doc.annotators.count > 1 ? "overlapping" : "single"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = ""
        for s in doc.spans {
            var scores: [String: Int] = [:]
            if let i = s.intensity { scores["intensity"] = i }
            let record = TrainingRecord(
                id: s.id.uuidString, type: "span", signal: s.signal, start: Double(s.onset.microseconds) / 1e6, end: Double(s.offset.microseconds) / 1e6,
                onset_us: s.onset.microseconds, offset_us: s.offset.microseconds, scores: scores, annotator_confidence: s.confidence,
                cues: s.cues, rationale: s.rationale, annotator: s.annotator,
                source: .init(session: doc.sessionID, media: doc.mediaPath.map { ($0 as NSString).lastPathComponent }, media_fingerprint: doc.mediaFingerprint),
                scheme: .init(id: s.schemeID, version: s.schemeVersion), project: doc.project, wave: doc.wave, agreement_status: status)
            out += String(decoding: try! encoder.encode(record), as: UTF8.self) + "\n"
        }
        // A rated clip is one annotation: its score on every dimension, and the confidence given.
        let byClip = Dictionary(grouping: doc.ratings, by: { "\($0.annotator)\u{0}\($0.clip)" })
        for key in byClip.keys.sorted() {
            let ratings = byClip[key]!.sorted { $0.dimension < $1.dimension }
            let first = ratings[0]
            let record = ClipRecord(
                type: "clip", clip: first.clip, scores: Dictionary(uniqueKeysWithValues: ratings.map { ($0.dimension, $0.score) }),
                annotator_confidence: Dictionary(uniqueKeysWithValues: ratings.compactMap { r in r.confidence.map { (r.dimension, $0) } }),
                notes: Dictionary(uniqueKeysWithValues: ratings.filter { !$0.note.isEmpty }.map { ($0.dimension, $0.note) }),
                annotator: first.annotator, source: .init(session: doc.sessionID, media: first.clip, media_fingerprint: nil),
                scheme: .init(id: first.schemeID, version: first.schemeVersion), project: doc.project, wave: doc.wave,
                agreement_status: Set(doc.ratings.filter { $0.clip == first.clip }.map(\.annotator)).count > 1 ? "overlapping" : "single")
            out += String(decoding: try! encoder.encode(record), as: UTF8.self) + "\n"
        }
        return out
    }

    struct ClipRecord: Encodable {
        var type: String
        var clip: String
        var scores: [String: Int]
        var annotator_confidence: [String: Int]
        var notes: [String: String]
        var annotator: String
        var source: TrainingRecord.Source
        var scheme: TrainingRecord.SchemeRef
        var project: String?
        var wave: String?
        var agreement_status: String
    }

    struct TrainingRecord: Encodable {
        struct Source: Encodable { var session: String; var media: String?; var media_fingerprint: String? }
        struct SchemeRef: Encodable { var id: String; var version: Int }
        var id: String
        var type: String
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
        var agreement_status: String
    }

    public static func webVTT(_ transcript: Transcript) -> String {
        var out = "WEBVTT\n\n"
        for (i, s) in transcript.segments.enumerated() {
            out += "\(i + 1)\n\(s.start.formatted(alwaysHours: true)) --> \(s.end.formatted(alwaysHours: true))\n"
            let text = s.text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n\n", with: "\n")
            out += (s.speaker.map { "<v \($0)>" } ?? "") + text + "\n\n"
        }
        return out
    }

    static func seconds(_ t: Timecode) -> String { String(format: "%.3f", Double(t.microseconds) / 1e6) }
}
