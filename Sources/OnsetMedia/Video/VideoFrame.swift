import OnsetCore

/// A decoded picture scaled for display: packed RGB24, rotation and pixel aspect applied.
public struct VideoFrame: Sendable {
    /// Presentation time of the frame (media time, start offset removed), microseconds.
    public var time: Timecode
    /// How long the frame is shown; derived from the stream when the container does not say.
    public var duration: Timecode
    public var width: Int
    public var height: Int
    /// `width × height × 3` bytes, rows top to bottom.
    public var rgb: [UInt8]

    public init(time: Timecode, duration: Timecode, width: Int, height: Int, rgb: [UInt8]) {
        self.time = time
        self.duration = duration
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// True when this frame is the one on screen at `t`.
    public func covers(_ t: Timecode) -> Bool { time <= t && t < time + duration }

    public func pixel(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * 3
        return (rgb[i], rgb[i + 1], rgb[i + 2])
    }
}

/// The size to scale a picture to so that it fills `maxWidth × maxHeight` pixels at its display
/// aspect ratio (which already includes SAR and rotation). Never zero.
public func fitting(displayWidth: Int, displayHeight: Int, maxWidth: Int, maxHeight: Int) -> (width: Int, height: Int) {
    guard displayWidth > 0, displayHeight > 0, maxWidth > 0, maxHeight > 0 else { return (1, 1) }
    let scale = min(Double(maxWidth) / Double(displayWidth), Double(maxHeight) / Double(displayHeight))
    return (max(1, min(maxWidth, Int((Double(displayWidth) * scale).rounded()))),
            max(1, min(maxHeight, Int((Double(displayHeight) * scale).rounded()))))
}
