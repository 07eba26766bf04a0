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
        let source = TrainingRecord.Source(session: doc.sessionID, media: doc.mediaPath.map { ($0 as NSString).lastPathComponent },
                                           media_fingerprint: doc.mediaFingerprint)
        var out = ""
        for s in doc.spans {
            out += TrainingRecord.line(TrainingRecord.SpanRecord(s, source: source, project: doc.project, wave: doc.wave, agreementStatus: status))
        }
        // A rated clip is one annotation: its score on every dimension, and the confidence given.
        let byClip = Dictionary(grouping: doc.ratings, by: { "\($0.annotator)\u{0}\($0.clip)" })
        for key in byClip.keys.sorted() {
            let ratings = byClip[key]!.sorted { $0.dimension < $1.dimension }
            let raters = Set(doc.ratings.filter { $0.clip == ratings[0].clip }.map(\.annotator)).count
            let clipSource = TrainingRecord.Source(session: doc.sessionID, media: ratings[0].clip, media_fingerprint: nil)
            out += TrainingRecord.line(TrainingRecord.ClipRecord(ratings, source: clipSource, project: doc.project, wave: doc.wave,
                                                                 agreementStatus: raters > 1 ? "overlapping" : "single"))
        }
        return out
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
