import Foundation
import OnsetCore
import OnsetStore

/// Training-ready JSON lines from the central store: one record per current span and per rated
/// clip of a project (and wave), with the item's agreement status across annotators
/// (`gold` when one of the `gold` annotators coded the item, else `overlapping` when more than
/// one annotator coded the same session or clip, else `single`). Rejected work is left out unless
/// `qc` says otherwise.
public enum TrainingExport {
    @discardableResult
    public static func export(_ store: CentralStore, project: String, wave: String?, qc: QCFilter = .notRejected, gold: Set<String> = [],
                              write: ([UInt8]) throws -> Void) throws -> Int {
        func itemStatus(_ coders: Set<String>?) -> String {
            guard let coders else { return "single" }
            if !coders.isDisjoint(with: gold) { return "gold" }
            return coders.count > 1 ? "overlapping" : "single"
        }
        var media: [String: TrainingRecord.Source] = [:]
        for s in try store.sessionLines(project: project) {
            try Array(s.line.utf8).withUnsafeBytes { raw in
                let line = try JSONLine(raw)
                media[s.id + "\u{0}" + s.annotator] = TrainingRecord.Source(
                    session: s.id, media: text(line["media"]), media_fingerprint: text(line["media_fingerprint"]))
            }
        }
        // First pass: who coded which item, and the ratings grouped per annotator and clip.
        var coders: [String: Set<String>] = [:]
        var clips: [String: [ClipRating]] = [:]
        try store.eachCurrentRecord(project: project, wave: wave, qc: qc) { kind, _, line in
            try Array(line.utf8).withUnsafeBytes { raw in
                let l = try JSONLine(raw)
                guard let annotator = text(l["annotator"]), let session = text(l["session"]) else { return }
                if kind == "span" {
                    coders["s\u{0}" + session, default: []].insert(annotator)
                } else if let rating = rating(l) {
                    coders["c\u{0}" + rating.clip, default: []].insert(annotator)
                    clips[annotator + "\u{0}" + session + "\u{0}" + rating.clip, default: []].append(rating)
                }
            }
        }
        var buffer: [UInt8] = []
        var count = 0
        func flush(force: Bool = false) throws {
            if force || buffer.count > 1 << 20 { try write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try store.eachCurrentRecord(project: project, wave: wave, qc: qc) { kind, recordWave, line in
            guard kind == "span" else { return }
            try Array(line.utf8).withUnsafeBytes { raw in
                guard let s = span(try JSONLine(raw)) else { return }
                let source = media[s.sessionID + "\u{0}" + s.annotator] ?? .init(session: s.sessionID, media: nil, media_fingerprint: nil)
                let status = itemStatus(coders["s\u{0}" + s.sessionID])
                buffer += Array(TrainingRecord.line(TrainingRecord.SpanRecord(s, source: source, project: project, wave: recordWave,
                                                                              agreementStatus: status)).utf8)
                count += 1
            }
            try flush()
        }
        for key in clips.keys.sorted() {
            let ratings = clips[key]!.sorted { $0.dimension < $1.dimension }
            let first = ratings[0]
            let source = TrainingRecord.Source(session: first.sessionID, media: first.clip, media_fingerprint: nil)
            let status = itemStatus(coders["c\u{0}" + first.clip])
            buffer += Array(TrainingRecord.line(TrainingRecord.ClipRecord(ratings, source: source, project: project, wave: wave,
                                                                          agreementStatus: status)).utf8)
            count += 1
            try flush()
        }
        try flush(force: true)
        return count
    }

    static func text(_ v: JSONLine.Value?) -> String? {
        if case .string(let s)? = v { return s }
        return nil
    }

    static func int(_ v: JSONLine.Value?) -> Int64? {
        if case .int(let i)? = v { return i }
        return nil
    }

    static func span(_ l: JSONLine) -> Span? {
        guard let idText = text(l["id"]), let id = UUID(uuidString: idText), let session = text(l["session"]), let signal = text(l["signal"]),
              let on = int(l["onset_us"]), let off = int(l["offset_us"]), let annotator = text(l["annotator"]),
              let scheme = text(l["scheme_id"]), let version = int(l["scheme_version"]) else { return nil }
        var cues: [String] = []
        if case .strings(let list)? = l["cues"] { cues = list }
        return Span(id: id, sessionID: session, signal: signal, onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
                    confidence: int(l["confidence"]).map(Int.init), intensity: int(l["intensity"]).map(Int.init), cues: cues,
                    rationale: text(l["rationale"]) ?? "", annotator: annotator, schemeID: scheme, schemeVersion: Int(version))
    }

    static func rating(_ l: JSONLine) -> ClipRating? {
        guard let session = text(l["session"]), let clip = text(l["clip"]), let dimension = text(l["dimension"]), let score = int(l["score"]),
              let annotator = text(l["annotator"]), let scheme = text(l["scheme_id"]), let version = int(l["scheme_version"]) else { return nil }
        return ClipRating(sessionID: session, clip: clip, dimension: dimension, score: Int(score), confidence: int(l["confidence"]).map(Int.init),
                          note: text(l["note"]) ?? "", annotator: annotator, schemeID: scheme, schemeVersion: Int(version))
    }
}
