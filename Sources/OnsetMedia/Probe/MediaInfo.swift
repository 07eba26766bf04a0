import OnsetCore

/// What `probe` found in a media file. Times are microseconds; JSON field names are a contract
/// (`onset probe --json`).
public struct MediaInfo: Hashable, Sendable, Codable {
    public var path: String
    public var container: String
    public var containerLongName: String
    /// Nil when neither the container nor any stream states a duration.
    public var durationMicroseconds: Int64?
    public var startMicroseconds: Int64
    public var bitRate: Int64?
    public var sizeBytes: Int64
    /// True when the first video stream's frame timestamps are not evenly spaced.
    public var variableFrameRate: Bool
    public var streams: [StreamInfo]

    enum CodingKeys: String, CodingKey {
        case path, container, containerLongName = "container_long_name", durationMicroseconds = "duration_us"
        case startMicroseconds = "start_us", bitRate = "bit_rate", sizeBytes = "size_bytes"
        case variableFrameRate = "variable_frame_rate", streams
    }

    public var duration: Timecode? { durationMicroseconds.map(Timecode.init(microseconds:)) }
    public var video: StreamInfo? { streams.first { $0.type == .video && !$0.isAttachedPicture } }
    public var audio: StreamInfo? { streams.first { $0.type == .audio } }
    /// The nominal frame rate of the main video stream.
    public var frameRate: FrameRate? { video?.averageFrameRate ?? video?.realFrameRate }
}

public struct StreamInfo: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case video, audio, subtitle, data, attachment, unknown
    }

    public var index: Int
    public var type: Kind
    public var codec: String
    public var codecLongName: String
    public var durationMicroseconds: Int64?
    public var width: Int?
    public var height: Int?
    /// Sample (pixel) aspect ratio as num:den; nil when square or unknown.
    public var sampleAspectRatio: Ratio?
    /// Clockwise rotation to apply for display, in degrees (0, 90, 180, 270).
    public var rotation: Int?
    public var averageFrameRate: FrameRate?
    public var realFrameRate: FrameRate?
    public var frameCount: Int64?
    public var variableFrameRate: Bool?
    public var sampleRate: Int?
    public var channels: Int?
    public var isAttachedPicture: Bool

    enum CodingKeys: String, CodingKey {
        case index, type, codec, codecLongName = "codec_long_name", durationMicroseconds = "duration_us"
        case width, height, sampleAspectRatio = "sample_aspect_ratio", rotation
        case averageFrameRate = "avg_frame_rate", realFrameRate = "r_frame_rate", frameCount = "frame_count"
        case variableFrameRate = "variable_frame_rate", sampleRate = "sample_rate", channels
        case isAttachedPicture = "attached_picture"
    }

    /// Width and height as displayed: rotation and pixel aspect applied.
    public var displaySize: (width: Int, height: Int)? {
        guard var w = width, var h = height, w > 0, h > 0 else { return nil }
        if let sar = sampleAspectRatio, sar.numerator > 0, sar.denominator > 0 {
            w = max(1, Int((Double(w) * Double(sar.numerator) / Double(sar.denominator)).rounded()))
        }
        if let r = rotation, r == 90 || r == 270 { swap(&w, &h) }
        return (w, h)
    }
}

public struct Ratio: Hashable, Sendable, Codable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int
    public var description: String { "\(numerator):\(denominator)" }
}
