/// Why media could not be read, phrased for the person who chose the file.
public enum MediaError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case unreadable(path: String, reason: String)
    case empty(String)
    case notMedia(path: String, reason: String)
    case noVideo(String)
    case noAudio(String)
    case unsupportedCodec(path: String, codec: String)
    case decodeFailed(path: String, reason: String)
    case seekFailed(path: String, time: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let p): "\(p): no such file"
        case .unreadable(let p, let r): "\(p): cannot be read (\(r))"
        case .empty(let p): "\(p): the file is empty (0 bytes)"
        case .notMedia(let p, let r): "\(p): not a media file FFmpeg can read (\(r))"
        case .noVideo(let p): "\(p): has no video stream (audio-only media: timeline and audio lane work, no picture)"
        case .noAudio(let p): "\(p): has no audio stream"
        case .unsupportedCodec(let p, let c): "\(p): the codec `\(c)` is not supported by this FFmpeg build"
        case .decodeFailed(let p, let r): "\(p): decoding failed (\(r))"
        case .seekFailed(let p, let t, let r): "\(p): cannot seek to \(t) (\(r))"
        }
    }
}
