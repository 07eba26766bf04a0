import Foundation
import OnsetCore

/// The pictures of a rating queue: the current clip's pump, and the next clip already open with
/// its first picture decoded, so that moving on shows it at once instead of after an open, a
/// seek and a decode.
public final class ClipPumps: @unchecked Sendable {
    public private(set) var current: FramePump?
    private var preloaded: (path: String, pump: FramePump)?
    /// Off only to measure what preloading saves.
    public var preloads: Bool

    public init(preloads: Bool = true) { self.preloads = preloads }

    /// Plays `path` from its start (at once when it was preloaded) and preloads `next`.
    @discardableResult
    public func show(_ path: String, next: String?, size: FramePump.Size) -> FramePump {
        let previous = current
        let pump: FramePump
        if let ready = preloaded, ready.path == path {
            pump = ready.pump
            preloaded = nil
        } else {
            pump = FramePump(path: path)
        }
        if previous !== pump { previous?.stop() }
        current = pump
        pump.play(from: .zero, speed: 1, size: size)
        if preloads, let next, next != path, preloaded?.path != next {
            preloaded?.pump.stop()
            let ahead = FramePump(path: next)
            ahead.show(.zero, size: size)
            preloaded = (next, ahead)
        }
        return pump
    }

    /// Whether the clip preloaded for `path` has its first picture ready.
    public func isReady(_ path: String) -> Bool {
        guard let ready = preloaded, ready.path == path else { return false }
        return ready.pump.frame(for: .zero) != nil
    }

    public func stop() {
        current?.stop()
        preloaded?.pump.stop()
        current = nil
        preloaded = nil
    }
}
