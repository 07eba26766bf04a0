import Foundation
import OnsetCore
import OnsetStore

/// What the workstation knows about a session beyond the store: the scheme file's hash and the
/// media's identity (computed by the caller, which can read schemes and media).
public struct SessionDescription: Sendable {
    public var schemeSHA256: String?
    public var mediaFile: String?
    public var mediaFingerprint: String?
    public var mediaDurationUs: Int64?

    public init(schemeSHA256: String? = nil, mediaFile: String? = nil, mediaFingerprint: String? = nil, mediaDurationUs: Int64? = nil) {
        self.schemeSHA256 = schemeSHA256
        self.mediaFile = mediaFile
        self.mediaFingerprint = mediaFingerprint
        self.mediaDurationUs = mediaDurationUs
    }
}

/// Makes a project's next bundle from the local store and puts it in the outbox.
public enum BundleBuilder {
    public struct Made: Sendable {
        public var manifest: BundleManifest
        public var path: String
        public var bytes: Int
        public var records: Int
    }

    /// Nil when the project has nothing new since its last bundle.
    public static func create(store: LocalStore, identity: Identity, project: String, all: Bool, outbox: String,
                              describe: (SessionRecord) -> SessionDescription) throws -> Made? {
        let changes = try store.bundleChanges(project: project, annotator: identity.annotator, all: all)
        guard !changes.isEmpty else { return nil }
        if !changes.otherAnnotators.isEmpty {
            throw BundleError("project \(project) holds work by \(changes.otherAnnotators.joined(separator: ", ")), not by this identity's annotator \"\(identity.annotator)\"; a bundle carries one annotator's work (see `onset identity show`)")
        }
        var sessionLines: [UInt8] = []
        var media: [BundleManifest.Media] = []
        var schemes: [String: BundleManifest.Scheme] = [:]
        for session in changes.sessions {
            let d = describe(session)
            sessionLines += SessionLine(session, d).json + [10]
            media.append(.init(session: session.id, file: d.mediaFile, fingerprint: d.mediaFingerprint, duration_us: d.mediaDurationUs))
            schemes["\(session.schemeID)@\(session.schemeVersion)"] = .init(id: session.schemeID, version: session.schemeVersion, sha256: d.schemeSHA256)
        }
        let waves = Array(Set(changes.sessions.compactMap(\.wave))).sorted()
        let draft = BundleManifest(
            bundle_id: "", created_at_us: changes.newestUs, annotator: identity.annotator, workstation: identity.workstation,
            public_key: identity.publicKey, project: project, wave: waves.count == 1 && changes.sessions.allSatisfy({ $0.wave != nil }) ? waves[0] : nil,
            waves: waves, sequence: changes.sequence, schemes: schemes.keys.sorted().map { schemes[$0]! }, media: media,
            operations: .init(after_seq: changes.afterSeq, through_seq: changes.throughSeq), counts: [:], members: [:])
        let members: [BundleMember: [UInt8]] = [
            .sessions: sessionLines, .spans: changes.spans, .clipRatings: changes.clipRatings, .predictionReviews: changes.predictionReviews,
            .telemetry: changes.telemetry, .operations: changes.operations,
        ]
        let (bytes, manifest) = try BundleFile.make(draft, members: members, identity: identity)
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        let path = outbox + "/" + fileName(manifest)
        // Written whole or not at all; made again from the same changes, it is the same file.
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        try store.addToOutbox(changes, bundleID: manifest.bundle_id, path: path, sha256: BundleFile.sha256(bytes),
                              bytes: bytes.count, createdAtUs: manifest.created_at_us)
        return Made(manifest: manifest, path: path, bytes: bytes.count, records: changes.records)
    }

    static func fileName(_ m: BundleManifest) -> String {
        let safe = m.project.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return "\(String(safe))-\(String(format: "%06lld", m.sequence))-\(m.bundle_id.prefix(8)).onsetbundle"
    }
}

/// A line of `sessions.jsonl`.
struct SessionLine: Codable {
    var id: String
    var title: String
    var project: String
    var wave: String?
    var mode: String
    var scheme_id: String
    var scheme_version: Int
    var scheme_sha256: String?
    var annotator: String
    var media: String?
    var media_fingerprint: String?
    var media_duration_us: Int64?
    /// Set when the annotator submitted the session (`onset submit`): the wave's status says so.
    var submitted_at_us: Int64?

    init(_ s: SessionRecord, _ d: SessionDescription) {
        id = s.id; title = s.title; project = s.project ?? ""; wave = s.wave; mode = s.mode.rawValue
        scheme_id = s.schemeID; scheme_version = s.schemeVersion; scheme_sha256 = d.schemeSHA256; annotator = s.annotator
        media = d.mediaFile; media_fingerprint = d.mediaFingerprint; media_duration_us = d.mediaDurationUs
        submitted_at_us = s.submittedAtUs
    }

    var json: [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try! e.encode(self))
    }
}
