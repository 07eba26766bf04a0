import CFFmpeg
import Foundation
import OnsetCore

/// Decodes the main video stream of one file: frame-exact seeks and sequential reading.
///
/// Exactness: the frame returned for time T is the one whose presentation timestamp is the
/// last at or before T (the one a player shows at T), found from real timestamps, so variable
/// frame rate is handled. Not thread-safe: use one decoder per thread.
public final class VideoDecoder {
    public let info: MediaInfo
    public let stream: StreamInfo
    private let input: MediaInput
    private let streamIndex: Int32
    private let timeBase: AVRational
    private let codec: UnsafeMutablePointer<AVCodecContext>
    private let packet: UnsafeMutablePointer<AVPacket>
    private let frame: UnsafeMutablePointer<AVFrame>
    /// The last frame before a seek target, held by reference in case the target falls in a gap.
    private let previous: UnsafeMutablePointer<AVFrame>
    private var scaler: OpaquePointer?
    private var scalerKey: ScalerKey?
    /// Start time of the stream, subtracted so media time starts at 0.
    private let startMicroseconds: Int64
    private let nominalFrameDuration: Int64
    private var draining = false
    private var lastDecoded: (pts: Int64, duration: Int64)?

    private struct ScalerKey: Equatable {
        var srcW: Int32, srcH: Int32, srcFormat: Int32, dstW: Int32, dstH: Int32
    }

    /// Decoding effort: `.scrub` skips the loop filter (a slightly softer but cheaper picture),
    /// `.full` decodes everything. In both, frames that only lead up to a seek target are decoded
    /// without the reference-free ones, since nothing shows them.
    public enum Quality: Sendable { case full, scrub }
    public var quality: Quality = .full

    public init(path: String, threads: Int = 2) throws(MediaError) {
        // One open serves both the facts and the decoding.
        input = try MediaInput(path: path)
        let info = MediaProbe.describe(input, vfrSample: 0)
        guard let stream = info.video else { throw .noVideo(path) }
        self.info = info
        self.stream = stream
        streamIndex = Int32(stream.index)
        let st = input.context.pointee.streams[stream.index]!
        timeBase = st.pointee.time_base
        startMicroseconds = st.pointee.start_time == FF.noPTS ? 0 : (FF.microseconds(st.pointee.start_time, timeBase) ?? 0)
        let rate = stream.averageFrameRate ?? stream.realFrameRate
        nominalFrameDuration = rate.map { $0.frameDuration.microseconds } ?? 40_000
        let timeBase = self.timeBase
        codec = try FF.openDecoder(st, path: path, codecName: stream.codec) { ctx in
            ctx.pointee.thread_count = Int32(max(1, threads))
            ctx.pointee.pkt_timebase = timeBase
        }
        packet = av_packet_alloc()
        frame = av_frame_alloc()
        previous = av_frame_alloc()
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&p)
        var f: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&f)
        var pf: UnsafeMutablePointer<AVFrame>? = previous
        av_frame_free(&pf)
        var c: UnsafeMutablePointer<AVCodecContext>? = codec
        avcodec_free_context(&c)
        if let scaler { sws_freeContext(scaler) }
    }

    public var path: String { input.path }
    public var duration: Timecode { info.duration ?? .zero }

    /// The frame showing at `t`, scaled to fit `maxWidth × maxHeight` pixels.
    public func frame(at t: Timecode, maxWidth: Int, maxHeight: Int) throws(MediaError) -> VideoFrame {
        let target = max(0, t.microseconds) + startMicroseconds
        // Already positioned just before the target (stepping forward): keep decoding.
        if let last = lastDecoded, last.pts <= target, target < last.pts + last.duration + nominalFrameDuration * 3, !draining,
           target >= last.pts + last.duration {
            return try decodeForward(until: target, maxWidth: maxWidth, maxHeight: maxHeight)
        }
        try seek(to: target)
        return try decodeForward(until: target, maxWidth: maxWidth, maxHeight: maxHeight)
    }

    /// The next frame in presentation order (sequential playback); nil at the end.
    public func nextFrame(maxWidth: Int, maxHeight: Int) throws(MediaError) -> VideoFrame? {
        guard try receiveNext(), let last = lastDecoded else { return nil }
        return try scaled(frame, timing: last, maxWidth: maxWidth, maxHeight: maxHeight)
    }

    /// Media time of the last decoded frame's end (where sequential decoding stands); nil before
    /// the first frame after a seek.
    public var position: Timecode? {
        lastDecoded.map { Timecode(microseconds: $0.pts + $0.duration - startMicroseconds) }
    }

    /// Decodes the next frame without scaling it (a frame that playback will drop anyway);
    /// returns its time, nil at the end.
    public func skipFrame() throws(MediaError) -> Timecode? {
        guard try receiveNext(), let last = lastDecoded else { return nil }
        return Timecode(microseconds: last.pts - startMicroseconds)
    }

    /// Positions at the start (for sequential reading from the beginning).
    public func rewind() throws(MediaError) { try seek(to: startMicroseconds) }

    private func seek(to target: Int64) throws(MediaError) {
        let ts = FF.ticks(microseconds: target, timeBase)
        let status = avformat_seek_file(input.context, streamIndex, Int64.min, ts, ts, 0)
        if status < 0 {
            // Some files (no index) only seek backwards by byte position; try that before failing.
            guard av_seek_frame(input.context, streamIndex, ts, AVSEEK_FLAG_BACKWARD) >= 0 else {
                throw .seekFailed(path: input.path, time: Timecode(microseconds: target - startMicroseconds).description, reason: FF.errorString(status))
            }
        }
        avcodec_flush_buffers(codec)
        draining = false
        lastDecoded = nil
    }

    /// Decodes until the frame covering `target` (µs, stream clock) is found, and scales only that
    /// one: the frames leading up to it are kept by reference (`previous`), never converted.
    private func decodeForward(until target: Int64, maxWidth: Int, maxHeight: Int) throws(MediaError) -> VideoFrame {
        var havePrevious = false
        var previousTiming: (pts: Int64, duration: Int64)?
        defer { av_frame_unref(previous) }
        while true {
            guard try receiveNext(skippingBefore: target) else { break }
            guard let last = lastDecoded else { continue }
            if last.pts <= target {
                if last.pts + last.duration > target {
                    return try scaled(frame, timing: last, maxWidth: maxWidth, maxHeight: maxHeight)
                }
                av_frame_unref(previous)
                havePrevious = av_frame_ref(previous, frame) >= 0
                previousTiming = last
                continue
            }
            // Overshot (the target falls in a gap, or before the first frame): show the frame
            // before the gap, else this one.
            if havePrevious, let timing = previousTiming { return try scaled(previous, timing: timing, maxWidth: maxWidth, maxHeight: maxHeight) }
            return try scaled(frame, timing: last, maxWidth: maxWidth, maxHeight: maxHeight)
        }
        if havePrevious, let timing = previousTiming { return try scaled(previous, timing: timing, maxWidth: maxWidth, maxHeight: maxHeight) }
        throw .decodeFailed(path: input.path, reason: "no frame at \(Timecode(microseconds: target - startMicroseconds))")
    }

    /// Reads packets and decodes until one frame is available in `frame`; false at the end.
    ///
    /// With `skippingBefore`, packets whose own presentation time lies more than two frames before
    /// that time are decoded only if other frames refer to them (`AVDISCARD_NONREF`): nothing
    /// will show them. The decision is per packet, because with B-frames the decoder receives a
    /// packet well before it outputs the frame.
    private func receiveNext(skippingBefore target: Int64? = nil) throws(MediaError) -> Bool {
        var corruptPackets = 0
        codec.pointee.skip_loop_filter = quality == .scrub ? AVDISCARD_ALL : AVDISCARD_DEFAULT
        while true {
            let got = avcodec_receive_frame(codec, frame)
            if got >= 0 {
                let pts = frame.pointee.best_effort_timestamp != FF.noPTS ? frame.pointee.best_effort_timestamp : frame.pointee.pts
                let us = FF.microseconds(pts, timeBase) ?? (lastDecoded.map { $0.pts + $0.duration } ?? startMicroseconds)
                let durationTicks = frame.pointee.pkt_duration
                var duration = durationTicks > 0 ? (FF.microseconds(durationTicks, timeBase) ?? nominalFrameDuration) : nominalFrameDuration
                if duration <= 0 { duration = nominalFrameDuration }
                lastDecoded = (us, duration)
                return true
            }
            if got == FF.eof { return false }
            guard got == FF.again else {
                throw .decodeFailed(path: input.path, reason: FF.errorString(got))
            }
            if draining { return false }
            let read = av_read_frame(input.context, packet)
            if read < 0 {
                draining = true
                avcodec_send_packet(codec, nil)
                continue
            }
            defer { av_packet_unref(packet) }
            guard packet.pointee.stream_index == streamIndex else { continue }
            var skip = AVDISCARD_DEFAULT
            if let target, let pts = FF.microseconds(packet.pointee.pts, timeBase), pts + 2 * nominalFrameDuration < target {
                skip = AVDISCARD_NONREF
            }
            codec.pointee.skip_frame = skip
            let sent = avcodec_send_packet(codec, packet)
            if sent < 0 && sent != FF.again {
                // A damaged packet: skip it; the frames around it still decode.
                corruptPackets += 1
                if corruptPackets > 500 { throw .decodeFailed(path: input.path, reason: "too many damaged packets (\(FF.errorString(sent)))") }
            }
        }
    }

    /// `frame` scaled into RGB24 at display aspect (SAR, rotation) within the bounds.
    private func scaled(_ frame: UnsafeMutablePointer<AVFrame>, timing: (pts: Int64, duration: Int64), maxWidth: Int, maxHeight: Int) throws(MediaError) -> VideoFrame {
        let srcW = Int(frame.pointee.width), srcH = Int(frame.pointee.height)
        guard srcW > 0, srcH > 0 else { throw .decodeFailed(path: input.path, reason: "empty picture") }
        let rotation = stream.rotation ?? 0
        var displayW = srcW, displayH = srcH
        let sar = frame.pointee.sample_aspect_ratio
        if sar.num > 0, sar.den > 0, sar.num != sar.den {
            displayW = max(1, Int((Double(srcW) * Double(sar.num) / Double(sar.den)).rounded()))
        }
        let rotated = rotation == 90 || rotation == 270
        if rotated { swap(&displayW, &displayH) }
        let (outW, outH) = fitting(displayWidth: displayW, displayHeight: displayH, maxWidth: maxWidth, maxHeight: maxHeight)
        // Scale in the source orientation, then rotate the (small) result.
        let (scaleW, scaleH) = rotated ? (outH, outW) : (outW, outH)
        let key = ScalerKey(srcW: Int32(srcW), srcH: Int32(srcH), srcFormat: frame.pointee.format, dstW: Int32(scaleW), dstH: Int32(scaleH))
        if key != scalerKey {
            if let scaler { sws_freeContext(scaler) }
            let flags = scaleW * scaleH * 4 < srcW * srcH ? SWS_AREA : SWS_BILINEAR
            scaler = sws_getContext(key.srcW, key.srcH, AVPixelFormat(rawValue: key.srcFormat), key.dstW, key.dstH, AV_PIX_FMT_RGB24,
                                    Int32(flags), nil, nil, nil)
            scalerKey = key
        }
        guard let scaler else { throw .decodeFailed(path: input.path, reason: "cannot convert pixel format \(frame.pointee.format)") }
        var rgb = [UInt8](repeating: 0, count: scaleW * scaleH * 3)
        let rows = rgb.withUnsafeMutableBufferPointer { buf in
            onset_scale_to_rgb24(scaler, frame, buf.baseAddress, Int32(scaleW * 3))
        }
        guard rows > 0 else { throw .decodeFailed(path: input.path, reason: "scaling failed") }
        if rotation != 0 { rgb = Self.rotate(rgb, width: scaleW, height: scaleH, degrees: rotation) }
        return VideoFrame(time: Timecode(microseconds: timing.pts - startMicroseconds), duration: Timecode(microseconds: timing.duration),
                          width: outW, height: outH, rgb: rgb)
    }

    /// Rotates packed RGB24 clockwise by 90, 180 or 270 degrees.
    static func rotate(_ src: [UInt8], width w: Int, height h: Int, degrees: Int) -> [UInt8] {
        var dst = [UInt8](repeating: 0, count: src.count)
        let outW = degrees == 180 ? w : h
        for y in 0..<h {
            for x in 0..<w {
                let (nx, ny): (Int, Int)
                switch degrees {
                case 90: (nx, ny) = (h - 1 - y, x)
                case 180: (nx, ny) = (w - 1 - x, h - 1 - y)
                default: (nx, ny) = (y, w - 1 - x)
                }
                let s = (y * w + x) * 3, d = (ny * outW + nx) * 3
                dst[d] = src[s]
                dst[d + 1] = src[s + 1]
                dst[d + 2] = src[s + 2]
            }
        }
        return dst
    }
}

