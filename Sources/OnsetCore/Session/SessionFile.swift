/// A session as described by its file in `Sessions/`: what to annotate, with which scheme, by whom.
///
/// Paths in the file are relative to the file's own folder, so a session folder can be moved or
/// copied to another server as a whole. `id` defaults to the file name without `.toml`.
public struct SessionFile: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    /// The recording to annotate (span mode); resolved against `directory`.
    public var media: String?
    /// WebVTT / SRT / JSON transcript of the recording.
    public var transcript: String?
    /// A scheme name (looked up in `schemes/`) or a path to a scheme file.
    public var scheme: String
    public var annotator: String?
    public var project: String?
    public var wave: String?
    public var mode: SessionMode
    /// Clips to rate (rating mode): paths, a manifest file via `clips_manifest`, or every video
    /// in a folder via `clips_folder`.
    public var clips: [String]
    public var clipsManifest: String?
    public var clipsFolder: String?
    /// Folder that held the session file; relative paths resolve against it.
    public var directory: String
    public var path: String

    public init(id: String, title: String? = nil, media: String? = nil, transcript: String? = nil, scheme: String,
                annotator: String? = nil, project: String? = nil, wave: String? = nil, mode: SessionMode = .spans,
                clips: [String] = [], clipsManifest: String? = nil, clipsFolder: String? = nil, directory: String, path: String) {
        self.id = id
        self.title = title ?? id
        self.media = media
        self.transcript = transcript
        self.scheme = scheme
        self.annotator = annotator
        self.project = project
        self.wave = wave
        self.mode = mode
        self.clips = clips
        self.clipsManifest = clipsManifest
        self.clipsFolder = clipsFolder
        self.directory = directory
        self.path = path
    }

    /// `relative` resolved against the session's folder (absolute paths pass through).
    public func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (directory.isEmpty ? relative : directory + "/" + relative)
    }

    public var mediaPath: String? { media.map(resolve) }
    public var transcriptPath: String? { transcript.map(resolve) }
}

public enum SessionMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Time-aligned spans on one recording.
    case spans
    /// Clip-level ratings over a queue of clips.
    case rating
    /// Review of model predictions on one recording.
    case review
}

extension SessionFile {
    /// Reads a session from TOML. `path` is the file's path; its folder anchors relative paths.
    public static func parse(toml text: String, path: String) throws(FileError) -> SessionFile {
        let root = TOMLReader(file: path, table: try TOMLParser.parse(text, file: path))
        try root.rejectUnknownKeys(
            allowed: ["id", "title", "media", "transcript", "scheme", "annotator", "project", "wave", "mode", "clips", "clips_manifest", "clips_folder"],
            context: "the session")
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let stem = fileName.hasSuffix(".toml") ? String(fileName.dropLast(5)) : fileName
        let id = try root.optionalString("id") ?? stem
        guard id.isSessionID else {
            throw root.fail("session id `\(id)` may hold letters, digits, `-`, `_` and `.` only", line: root.line(of: "id"))
        }
        let modeText = try root.optionalString("mode") ?? "spans"
        guard let mode = SessionMode(rawValue: modeText) else {
            throw root.fail("`mode` is `\(modeText)`; expected one of: spans, rating, review", line: root.line(of: "mode"))
        }
        let scheme = try root.string("scheme", context: "the session")
        let session = SessionFile(
            id: id, title: try root.optionalString("title"), media: try root.optionalString("media"),
            transcript: try root.optionalString("transcript"), scheme: scheme,
            annotator: try root.optionalString("annotator"), project: try root.optionalString("project"),
            wave: try root.optionalString("wave"), mode: mode, clips: try root.stringArray("clips"),
            clipsManifest: try root.optionalString("clips_manifest"), clipsFolder: try root.optionalString("clips_folder"),
            directory: path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "", path: path)
        switch mode {
        case .spans, .review:
            guard session.media != nil else { throw root.fail("a `\(mode.rawValue)` session needs `media` (the recording to annotate)") }
        case .rating:
            let sources = [!session.clips.isEmpty, session.clipsManifest != nil, session.clipsFolder != nil].filter { $0 }.count
            guard sources == 1 else {
                throw root.fail(sources == 0 ? "a `rating` session needs `clips` (a list of paths), `clips_manifest` or `clips_folder`"
                                             : "give one of `clips`, `clips_manifest` and `clips_folder`, not several")
            }
        }
        return session
    }
}

extension String {
    public var isSessionID: Bool {
        !isEmpty && count <= 128 && !hasPrefix(".") && allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
