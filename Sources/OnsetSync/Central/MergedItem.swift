import Foundation
import OnsetCore
import OnsetStore

/// One media item of the merged dataset: every annotator's current spans of a session on the
/// central store, with what the workstations said of its media (for ELAN and Praat exports).
public struct MergedItem: Sendable {
    public var session: String
    public var media: String?
    public var mediaFingerprint: String?
    public var durationUs: Int64
    public var schemeID: String?
    public var project: String
    public var wave: String?
    public var spans: [Span]

    /// Nil when the project has no such session.
    public static func load(_ store: CentralStore, project: String, session: String, qc: QCFilter = .notRejected) throws -> MergedItem? {
        let lines = try store.sessionLines(project: project).filter { $0.id == session }
        guard !lines.isEmpty else { return nil }
        var item = MergedItem(session: session, media: nil, mediaFingerprint: nil, durationUs: 0, schemeID: nil, project: project,
                              wave: lines[0].wave, spans: [])
        for s in lines {
            try Array(s.line.utf8).withUnsafeBytes { raw in
                let line = try JSONLine(raw)
                item.media = item.media ?? TrainingExport.text(line["media"])
                item.mediaFingerprint = item.mediaFingerprint ?? TrainingExport.text(line["media_fingerprint"])
                item.schemeID = item.schemeID ?? TrainingExport.text(line["scheme_id"])
                item.durationUs = max(item.durationUs, TrainingExport.int(line["media_duration_us"]) ?? 0)
            }
        }
        try store.eachCurrentRecord(project: project, wave: nil, qc: qc, session: session) { kind, _, line in
            guard kind == "span" else { return }
            try Array(line.utf8).withUnsafeBytes { raw in
                if let span = TrainingExport.span(try JSONLine(raw)) { item.spans.append(span) }
            }
        }
        return item
    }
}
