import CFFmpeg
import Foundation
import OnsetCore

/// Decodes a file's first audio stream to mono PCM through libswresample.
public final class AudioDecoder {
    public let info: MediaInfo
    public let sampleRate: Int
    private let input: MediaInput
    private let streamIndex: Int32
    private let codec: UnsafeMutablePointer<AVCodecContext>
    private var resampler: OpaquePointer?
    private let packet: UnsafeMutablePointer<AVPacket>
    private let frame: UnsafeMutablePointer<AVFrame>

    /// - Parameter sampleRate: output rate in Hz (mono).
    public init(path: String, sampleRate: Int = 16_000) throws(MediaError) {
        // One open serves both the facts and the decoding.
        input = try MediaInput(path: path)
        let info = MediaProbe.describe(input, vfrSample: 0)
        guard let stream = info.audio else { throw .noAudio(path) }
        self.info = info
        self.sampleRate = sampleRate
        streamIndex = Int32(stream.index)
        let st = input.context.pointee.streams[stream.index]!
        codec = try FF.openDecoder(st, path: path, codecName: stream.codec)
        packet = av_packet_alloc()
        frame = av_frame_alloc()
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&p)
        var f: UnsafeMutablePointer<AVFrame>? = frame
        av_frame_free(&f)
        var c: UnsafeMutablePointer<AVCodecContext>? = codec
        avcodec_free_context(&c)
        if resampler != nil { swr_free(&resampler) }
    }

    private func makeResampler() throws(MediaError) {
        var outLayout = AVChannelLayout()
        av_channel_layout_default(&outLayout, 1)
        var inLayout = codec.pointee.ch_layout
        if inLayout.nb_channels == 0 { av_channel_layout_default(&inLayout, 1) }
        let status = swr_alloc_set_opts2(&resampler, &outLayout, AV_SAMPLE_FMT_FLT, Int32(sampleRate),
                                         &inLayout, codec.pointee.sample_fmt, codec.pointee.sample_rate, 0, nil)
        guard status >= 0, swr_init(resampler) >= 0 else {
            throw .decodeFailed(path: input.path, reason: "cannot convert audio (\(FF.errorString(status)))")
        }
    }

    /// Positions so that the next samples `decodeAll` hands out start exactly at `t`.
    public func seek(to t: Timecode) throws(MediaError) {
        let st = input.context.pointee.streams[Int(streamIndex)]!
        let ts = FF.ticks(microseconds: t.microseconds, st.pointee.time_base)
        if avformat_seek_file(input.context, streamIndex, Int64.min, ts, ts, 0) < 0 {
            throw .seekFailed(path: input.path, time: t.description, reason: "the audio stream cannot seek")
        }
        avcodec_flush_buffers(codec)
        if resampler != nil { swr_free(&resampler) }
        pendingTrim = t
    }

    /// Samples before this time are dropped after a seek (a seek lands on a packet boundary).
    private var pendingTrim: Timecode?

    /// Decodes everything from the start, handing mono float samples to `sink` in chunks.
    /// Damaged packets are skipped; the rest still decodes.
    public func decodeAll(_ sink: ([Float]) -> Void) throws(MediaError) {
        try decode { sink($0); return true }
    }

    /// Like `decodeAll`, but stops as soon as `sink` returns false.
    public func decode(_ sink: ([Float]) -> Bool) throws(MediaError) {
        var keepGoing = true
        func deliver(_ samples: [Float]) { if keepGoing { keepGoing = sink(samples) } }
        var out = [Float](repeating: 0, count: 16_384)
        var draining = false
        while keepGoing {
            let got = avcodec_receive_frame(codec, frame)
            if got >= 0 {
                if resampler == nil { try makeResampler() }
                let capacity = Int(swr_get_out_samples(resampler, frame.pointee.nb_samples))
                if capacity > out.count { out = [Float](repeating: 0, count: capacity) }
                let converted = convert(into: &out, capacity: capacity,
                                        from: frame.pointee.extended_data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { $0 },
                                        count: frame.pointee.nb_samples)
                guard converted > 0 else { continue }
                if let trim = pendingTrim {
                    // Where this frame starts, and how many output samples lie before the target.
                    let st = input.context.pointee.streams[Int(streamIndex)]!
                    let pts = frame.pointee.best_effort_timestamp != FF.noPTS ? frame.pointee.best_effort_timestamp : frame.pointee.pts
                    let start = FF.microseconds(pts, st.pointee.time_base) ?? trim.microseconds
                    let drop = Int(max(0, trim.microseconds - start) * Int64(sampleRate) / 1_000_000)
                    if drop >= converted { continue }
                    pendingTrim = nil
                    deliver(Array(out[drop..<converted]))
                    continue
                }
                deliver(Array(out[0..<converted]))
                continue
            }
            if got == FF.eof { break }
            guard got == FF.again else { throw .decodeFailed(path: input.path, reason: FF.errorString(got)) }
            if draining { break }
            if av_read_frame(input.context, packet) < 0 {
                draining = true
                avcodec_send_packet(codec, nil)
                continue
            }
            if packet.pointee.stream_index == streamIndex { _ = avcodec_send_packet(codec, packet) }
            av_packet_unref(packet)
        }
        if resampler != nil {
            let tail = convert(into: &out, capacity: out.count, from: nil, count: 0)
            if tail > 0 { deliver(Array(out[0..<tail])) }
        }
    }

    /// Converts `count` input samples (nil: flush) into `out`; returns the samples written.
    private func convert(into out: inout [Float], capacity: Int, from input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32) -> Int {
        let written = out.withUnsafeMutableBytes { raw -> Int32 in
            var dst: UnsafeMutablePointer<UInt8>? = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return swr_convert(resampler, &dst, Int32(capacity), input, count)
        }
        return Int(max(0, written))
    }

    /// The envelope of the whole file (10 ms RMS windows).
    public func envelope() throws(MediaError) -> AudioEnvelope {
        let perWindow = sampleRate / 100
        var rms: [Float] = []
        var sum: Double = 0
        var n = 0
        try decodeAll { samples in
            for s in samples {
                sum += Double(s) * Double(s)
                n += 1
                if n == perWindow {
                    rms.append(Float((sum / Double(n)).squareRoot()))
                    sum = 0
                    n = 0
                }
            }
        }
        if n > 0 { rms.append(Float((sum / Double(n)).squareRoot())) }
        return AudioEnvelope(rms: rms)
    }
}
