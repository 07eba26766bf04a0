import CFFmpeg
import Foundation
import OnsetCore

/// The presentation time of every frame of the main video stream, in order.
///
/// Frame numbers on variable-frame-rate media cannot be computed from a rate; they come from
/// here. Built lazily (a demux-only pass over the packets, no decoding) and cached on disk by
/// fingerprint. Constant-rate media does not need one: `FrameRate` is exact there.
public struct FrameIndex: Sendable, Equatable {
    /// Frame start times, microseconds from the start of the media, ascending.
    public let times: [Int64]

    public init(times: [Int64]) { self.times = times }

    public var count: Int { times.count }

    /// Start time of frame `n` (clamped to the last frame).
    public func time(ofFrame n: Int64) -> Timecode? {
        guard !times.isEmpty, n >= 0 else { return nil }
        return Timecode(microseconds: times[Int(min(n, Int64(times.count - 1)))])
    }

    /// The frame showing at `t`: the last one starting at or before it.
    public func frame(at t: Timecode) -> Int64 {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t.microseconds { lo = mid + 1 } else { hi = mid }
        }
        return Int64(max(0, lo - 1))
    }

    /// The start of frame `n` of `info`'s main video stream: exact from the rate on constant-rate
    /// media, from the (cached) index on variable-frame-rate media. `info` must come from a probe
    /// with VFR detection.
    public static func time(ofFrame n: Int64, in info: MediaInfo, cache: MediaCacheFolder = .standard("frame-index")) throws(MediaError) -> Timecode {
        guard info.video != nil else { throw .noVideo(info.path) }
        if !info.variableFrameRate, let rate = info.frameRate { return rate.time(ofFrame: n) }
        guard let t = try load(path: info.path, cache: cache).time(ofFrame: n) else { throw .noVideo(info.path) }
        return t
    }

    static let magic = "ONSETFI1"

    /// Reads the index from the cache, or scans the file's packets and caches the result.
    public static func load(path: String, cache: MediaCacheFolder = .standard("frame-index")) throws(MediaError) -> FrameIndex {
        let info = try MediaProbe.probe(path, vfrSample: 0)
        guard let video = info.video else { throw .noVideo(path) }
        let fingerprint = try MediaFingerprint.of(path, duration: info.duration)
        if let data = cache.load(fingerprint, "idx"), let words = MediaCacheFolder.unpack(magic: magic, data) {
            return FrameIndex(times: words.map { Int64(bitPattern: $0) })
        }
        let index = try scan(path: path, stream: video.index)
        cache.store(MediaCacheFolder.pack(magic: magic, index.times.map { UInt64(bitPattern: $0) }), fingerprint, "idx")
        return index
    }

    static func scan(path: String, stream: Int) throws(MediaError) -> FrameIndex {
        let input = try MediaInput(path: path)
        let ctx = input.context
        guard let st = ctx.pointee.streams[stream] else { throw .noVideo(path) }
        let base = st.pointee.time_base
        let start = st.pointee.start_time == FF.noPTS ? 0 : (FF.microseconds(st.pointee.start_time, base) ?? 0)
        // Other streams are not needed: let the demuxer skip their packets.
        for i in 0..<Int(ctx.pointee.nb_streams) where i != stream { ctx.pointee.streams[i]?.pointee.discard = AVDISCARD_ALL }
        guard let packet = av_packet_alloc() else { throw .decodeFailed(path: path, reason: "out of memory") }
        var p: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&p) }
        var times: [Int64] = []
        while av_read_frame(ctx, packet) >= 0 {
            if packet.pointee.stream_index == Int32(stream) {
                let ts = packet.pointee.pts != FF.noPTS ? packet.pointee.pts : packet.pointee.dts
                if let us = FF.microseconds(ts, base) { times.append(us - start) }
            }
            av_packet_unref(packet)
        }
        times.sort()
        return FrameIndex(times: times)
    }
}
