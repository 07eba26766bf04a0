import Foundation
import OnsetCore

/// What a session export holds, and what an import produces: the session's spans with their
/// scheme, media and transcript. Formats read and write this, never the store.
public struct InterchangeDocument: Sendable {
    public var sessionID: String
    public var mediaPath: String?
    /// The recording's length; exports that need an extent (TextGrid) use it.
    public var duration: Timecode
    public var scheme: Scheme
    public var spans: [Span]
    /// Clip ratings (sessions in rating mode).
    public var ratings: [ClipRating] = []
    public var transcript: Transcript?
    public var project: String?
    public var wave: String?
    public var mediaFingerprint: String?

    public init(sessionID: String, mediaPath: String?, duration: Timecode, scheme: Scheme, spans: [Span], transcript: Transcript? = nil,
                project: String? = nil, wave: String? = nil, mediaFingerprint: String? = nil) {
        self.sessionID = sessionID
        self.mediaPath = mediaPath
        self.duration = max(duration, spans.map(\.offset).max() ?? .zero)
        self.scheme = scheme
        self.spans = spans.sorted { ($0.onset, $0.offset, $0.id.uuidString) < ($1.onset, $1.offset, $1.id.uuidString) }
        self.transcript = transcript
        self.project = project
        self.wave = wave
        self.mediaFingerprint = mediaFingerprint
    }

    /// The annotators in the document, sorted by name (tiers are written in this order).
    var annotators: [String] { Array(Set(spans.map(\.annotator))).sorted() }
}

/// Why a file could not be read (or a document written): the file, the line when known, and
/// what was expected. Nothing is imported when this is thrown.
public struct InterchangeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
    public init(file: String, line: Int?, _ message: String) {
        description = "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}

extension Timecode {
    /// Whole milliseconds, rounded to the nearest (ELAN's unit).
    var milliseconds: Int64 { (microseconds + (microseconds >= 0 ? 500 : -500)) / 1000 }
    init(milliseconds: Int64) { self.init(microseconds: milliseconds * 1000) }
}
