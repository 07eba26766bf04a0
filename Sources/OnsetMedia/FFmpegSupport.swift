import CFFmpeg

/// Small helpers over FFmpeg's C API used across the module.
enum FF {
    static func errorString(_ code: Int32) -> String {
        var buf = [CChar](repeating: 0, count: 256)
        onset_err2str(code, &buf, buf.count)
        return String(cString: buf)
    }

    static var eof: Int32 { onset_averror_eof() }
    static var again: Int32 { onset_averror_eagain() }
    static var noPTS: Int64 { onset_nopts() }

    /// Microseconds for `ts` in `base`; nil for AV_NOPTS_VALUE.
    static func microseconds(_ ts: Int64, _ base: AVRational) -> Int64? {
        guard ts != noPTS else { return nil }
        return av_rescale_q(ts, base, AVRational(num: 1, den: 1_000_000))
    }

    /// Stream ticks at or before `us`. Rounding down matters for seeking: rounding to nearest can
    /// land on the next frame's timestamp, and if that frame is a keyframe the seek skips past the
    /// frame that is actually showing.
    static func ticks(microseconds us: Int64, _ base: AVRational) -> Int64 {
        av_rescale_q_rnd(us, AVRational(num: 1, den: 1_000_000), base, AV_ROUND_DOWN)
    }

    static func version(_ packed: UInt32) -> String {
        "\(packed >> 16).\((packed >> 8) & 0xFF).\(packed & 0xFF)"
    }

    /// An opened decoder for `stream`: parameters copied, `configure` applied before opening
    /// (threads, time base). The caller frees it with `avcodec_free_context`.
    static func openDecoder(_ stream: UnsafeMutablePointer<AVStream>, path: String, codecName: String,
                            configure: (UnsafeMutablePointer<AVCodecContext>) -> Void = { _ in }) throws(MediaError) -> UnsafeMutablePointer<AVCodecContext> {
        guard let decoder = avcodec_find_decoder(stream.pointee.codecpar.pointee.codec_id),
              let ctx = avcodec_alloc_context3(decoder) else { throw .unsupportedCodec(path: path, codec: codecName) }
        var owned: UnsafeMutablePointer<AVCodecContext>? = ctx
        guard avcodec_parameters_to_context(ctx, stream.pointee.codecpar) >= 0 else {
            avcodec_free_context(&owned)
            throw .decodeFailed(path: path, reason: "bad codec parameters")
        }
        configure(ctx)
        let status = avcodec_open2(ctx, decoder, nil)
        guard status >= 0 else {
            avcodec_free_context(&owned)
            throw .unsupportedCodec(path: path, codec: "\(codecName) (\(errorString(status)))")
        }
        return ctx
    }

    static func quietLogs() {
        av_log_set_level(AV_LOG_QUIET)
    }
}

/// Versions of the linked FFmpeg libraries, for `onset doctor`.
public enum MediaLibraries {
    public static var avformatVersion: String { FF.version(onset_avformat_version()) }
    public static var avcodecVersion: String { FF.version(onset_avcodec_version()) }
    public static var ffmpegVersion: String { String(cString: av_version_info()) }
}
