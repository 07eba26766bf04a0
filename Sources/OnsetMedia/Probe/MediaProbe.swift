import CFFmpeg
import Foundation
import OnsetCore

/// Reads a media file's container and stream facts without decoding pictures.
public enum MediaProbe {
    /// Probes `path`. Variable frame rate is detected from the spacing of the first video
    /// packets' timestamps (up to `vfrSample` of them), not trusted from the header.
    public static func probe(_ path: String, vfrSample: Int = 240) throws(MediaError) -> MediaInfo {
        describe(try MediaInput(path: path), vfrSample: vfrSample)
    }

    /// The facts of an input that is already open, so a decoder need not open its file twice.
    static func describe(_ input: MediaInput, vfrSample: Int) -> MediaInfo {
        let path = input.path
        let ctx = input.context
        var streams: [StreamInfo] = []
        for i in 0..<Int(ctx.pointee.nb_streams) {
            guard let st = ctx.pointee.streams[i] else { continue }
            streams.append(streamInfo(st, index: i))
        }
        var info = MediaInfo(
            path: path,
            container: String(cString: ctx.pointee.iformat.pointee.name),
            containerLongName: ctx.pointee.iformat.pointee.long_name.map { String(cString: $0) } ?? "",
            durationMicroseconds: ctx.pointee.duration > 0 ? ctx.pointee.duration : nil,
            startMicroseconds: ctx.pointee.start_time == FF.noPTS ? 0 : ctx.pointee.start_time,
            bitRate: ctx.pointee.bit_rate > 0 ? ctx.pointee.bit_rate : nil,
            sizeBytes: input.sizeBytes,
            variableFrameRate: false,
            streams: streams)
        if info.durationMicroseconds == nil {
            info.durationMicroseconds = streams.compactMap(\.durationMicroseconds).max()
        }
        if let videoIndex = streams.firstIndex(where: { $0.type == .video && !$0.isAttachedPicture }) {
            let vfr = detectVariableFrameRate(input, stream: Int32(streams[videoIndex].index), sample: vfrSample)
            info.streams[videoIndex].variableFrameRate = vfr
            info.variableFrameRate = vfr
        }
        return info
    }

    private static func streamInfo(_ st: UnsafeMutablePointer<AVStream>, index: Int) -> StreamInfo {
        let par = st.pointee.codecpar!.pointee
        let kind: StreamInfo.Kind = switch par.codec_type {
        case AVMEDIA_TYPE_VIDEO: .video
        case AVMEDIA_TYPE_AUDIO: .audio
        case AVMEDIA_TYPE_SUBTITLE: .subtitle
        case AVMEDIA_TYPE_DATA: .data
        case AVMEDIA_TYPE_ATTACHMENT: .attachment
        default: .unknown
        }
        let descriptor = avcodec_descriptor_get(par.codec_id)
        let duration = st.pointee.duration > 0 ? FF.microseconds(st.pointee.duration, st.pointee.time_base) : nil
        var info = StreamInfo(
            index: index, type: kind,
            codec: descriptor.map { String(cString: $0.pointee.name) } ?? "unknown",
            codecLongName: descriptor.flatMap { $0.pointee.long_name.map { String(cString: $0) } } ?? "",
            durationMicroseconds: duration,
            isAttachedPicture: st.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0)
        if kind == .video {
            info.width = Int(par.width)
            info.height = Int(par.height)
            let sar = st.pointee.sample_aspect_ratio.num > 0 ? st.pointee.sample_aspect_ratio : par.sample_aspect_ratio
            if sar.num > 0, sar.den > 0, sar.num != sar.den { info.sampleAspectRatio = Ratio(numerator: Int(sar.num), denominator: Int(sar.den)) }
            info.rotation = normalizedRotation(onset_stream_rotation(st))
            info.averageFrameRate = FrameRate(numerator: Int64(st.pointee.avg_frame_rate.num), denominator: Int64(st.pointee.avg_frame_rate.den))
            info.realFrameRate = FrameRate(numerator: Int64(st.pointee.r_frame_rate.num), denominator: Int64(st.pointee.r_frame_rate.den))
            if st.pointee.nb_frames > 0 { info.frameCount = st.pointee.nb_frames }
        } else if kind == .audio {
            info.sampleRate = Int(par.sample_rate)
            info.channels = Int(par.ch_layout.nb_channels)
        }
        return info
    }

    /// FFmpeg's display matrix gives a counter-clockwise angle; viewers rotate clockwise by its
    /// negation. Returns 0, 90, 180 or 270.
    static func normalizedRotation(_ ccw: Double) -> Int {
        let cw = Int((-ccw).rounded())
        return ((cw % 360) + 360) % 360 / 90 * 90
    }

    private static func detectVariableFrameRate(_ input: MediaInput, stream: Int32, sample: Int) -> Bool {
        let ctx = input.context
        guard let packet = av_packet_alloc() else { return false }
        var pkt: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&pkt) }
        var stamps: [Int64] = []
        var reads = 0
        while stamps.count < sample, reads < sample * 20, av_read_frame(ctx, packet) >= 0 {
            reads += 1
            if packet.pointee.stream_index == stream {
                let ts = packet.pointee.pts != FF.noPTS ? packet.pointee.pts : packet.pointee.dts
                if ts != FF.noPTS { stamps.append(ts) }
            }
            av_packet_unref(packet)
        }
        av_seek_frame(ctx, -1, ctx.pointee.start_time == FF.noPTS ? 0 : ctx.pointee.start_time, AVSEEK_FLAG_BACKWARD)
        guard stamps.count >= 3 else { return false }
        stamps.sort()
        let deltas = zip(stamps.dropFirst(), stamps).map { $0 - $1 }.filter { $0 > 0 }
        guard let minDelta = deltas.min(), let maxDelta = deltas.max(), minDelta > 0 else { return false }
        // Presentation order can jitter by a tick; a real rate change differs by far more.
        return Double(maxDelta) / Double(minDelta) > 1.5
    }
}
