import Foundation
import OnsetCore

/// Decodes video on its own thread so the UI thread never waits for FFmpeg.
///
/// The UI states what it wants (`show(t)` while paused or scrubbing, `play(from:speed:)` while
/// playing) and picks up the result with `frame(for:)` on its next tick. Requests coalesce:
/// scrubbing past ten positions decodes only the latest. While playing, the pump keeps a small
/// bounded queue ahead of the clock; frames that are already late are decoded without being
/// scaled and dropped, and a pump that falls more than a second behind seeks ahead, so playback
/// keeps time instead of lagging.
public final class FramePump: @unchecked Sendable {
    public struct Size: Equatable, Sendable {
        public var width: Int, height: Int
        public init(width: Int, height: Int) { self.width = width; self.height = height }
    }

    private enum Request: Equatable {
        case idle
        case show(Timecode, Size)
        case play(from: Timecode, speed: Double, size: Size)
    }

    private let condition = NSCondition()
    private var request: Request = .idle
    private var generation = 0
    private var stopped = false
    private var queue: [VideoFrame] = []
    private var still: VideoFrame?
    private var showDone = false
    private var playStartWall: UInt64 = 0
    private var lastError: MediaError?
    private var dropped = 0
    private var decoded = 0
    private let capacity: Int
    private let path: String
    /// Called on the pump's thread when a frame is ready, so the UI can wake up and draw.
    public let onFrame: (@Sendable () -> Void)?
    /// Monotonic nanoseconds; injected so tests control time.
    private let clock: @Sendable () -> UInt64

    public init(path: String, capacity: Int = 4, clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds },
                onFrame: (@Sendable () -> Void)? = nil) {
        self.path = path
        self.capacity = max(1, capacity)
        self.clock = clock
        self.onFrame = onFrame
        let thread = Thread { [weak self] in self?.loop() }
        thread.name = "onset.frame-pump"
        thread.start()
    }

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    deinit { stop() }

    /// Shows the frame at `t` (paused or scrubbing). Replaces any earlier request.
    public func show(_ t: Timecode, size: Size) { submit(.show(t, size)) }

    /// Plays from `t` at `speed`, keeping to the wall clock from now.
    public func play(from t: Timecode, speed: Double = 1, size: Size) { submit(.play(from: t, speed: speed, size: size)) }

    private func submit(_ r: Request) {
        condition.lock()
        if r != request {
            request = r
            generation += 1
            queue.removeAll()
            showDone = false
            playStartWall = clock()
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The frame to show at media time `t`: while playing, the newest queued frame at or before
    /// `t` (older ones count as dropped); otherwise the frame of the last `show`.
    public func frame(for t: Timecode) -> VideoFrame? {
        condition.lock()
        defer { condition.unlock() }
        var best: VideoFrame?
        while let first = queue.first, first.time <= t {
            if best != nil { dropped += 1 }
            best = queue.removeFirst()
        }
        if let best {
            still = best
            condition.broadcast()
        }
        return still
    }

    public var error: MediaError? { locked { lastError } }
    /// Frames decoded but never shown because they were late.
    public var droppedFrames: Int { locked { dropped } }
    public var decodedFrames: Int { locked { decoded } }
    /// Frames decoded ahead and waiting to be shown (never more than the capacity).
    public var queuedFrames: Int { locked { queue.count } }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    /// Call with the lock held.
    private var needsWork: Bool {
        switch request {
        case .idle: false
        case .show: !showDone
        case .play: queue.count < capacity
        }
    }

    private func loop() {
        var decoder: VideoDecoder?
        var playing: Int?
        while true {
            condition.lock()
            while !stopped && !needsWork { condition.wait() }
            if stopped { condition.unlock(); return }
            let current = request, gen = generation, startWall = playStartWall
            condition.unlock()
            do {
                if decoder == nil { decoder = try VideoDecoder(path: path) }
                guard let decoder else { continue }
                switch current {
                case .idle:
                    continue
                case .show(let t, let size):
                    playing = nil
                    decoder.quality = .scrub
                    publish(try decoder.frame(at: t, maxWidth: size.width, maxHeight: size.height), generation: gen, still: true)
                case .play(let from, let speed, let size):
                    decoder.quality = .full
                    let elapsed = Double(clock() &- startWall) / 1000 * speed
                    let due = Timecode(microseconds: from.microseconds + Int64(elapsed))
                    if playing != gen {
                        playing = gen
                        publish(try decoder.frame(at: due, maxWidth: size.width, maxHeight: size.height), generation: gen, still: false)
                        continue
                    }
                    if let position = decoder.position, position + Timecode(seconds: 1) < due {
                        // Far behind: jump instead of decoding our way there.
                        publish(try decoder.frame(at: due + Timecode(microseconds: 200_000), maxWidth: size.width, maxHeight: size.height),
                                generation: gen, still: false)
                        continue
                    }
                    // `position` is where the next frame starts; if it also ends before `due`, it is late.
                    let frameLength = decoder.info.frameRate?.frameDuration ?? Timecode(microseconds: 40_000)
                    if let position = decoder.position, position + frameLength <= due {
                        if try decoder.skipFrame() != nil { count(droppedOne: true) } else { finish(gen) }
                        continue
                    }
                    guard let frame = try decoder.nextFrame(maxWidth: size.width, maxHeight: size.height) else {
                        finish(gen)
                        continue
                    }
                    publish(frame, generation: gen, still: false)
                }
            } catch {
                condition.lock()
                lastError = error
                if generation == gen { request = .idle }
                condition.unlock()
            }
        }
    }

    /// The end of the media: stop working on this request.
    private func finish(_ gen: Int) {
        condition.lock()
        if generation == gen { request = .idle }
        condition.unlock()
    }

    private func count(droppedOne: Bool) {
        condition.lock()
        decoded += 1
        if droppedOne { dropped += 1 }
        condition.unlock()
    }

    private func publish(_ frame: VideoFrame, generation gen: Int, still isStill: Bool) {
        condition.lock()
        decoded += 1
        guard gen == generation else { condition.unlock(); return }
        if isStill {
            still = frame
            showDone = true
        } else {
            queue.append(frame)
        }
        condition.unlock()
        onFrame?()
    }
}
