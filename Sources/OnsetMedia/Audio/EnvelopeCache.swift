import Foundation
import OnsetCore

/// Envelopes on disk, keyed by media fingerprint, so reopening a recording is instant.
///
/// Format: the 8 bytes `ONSETEV1`, a little-endian UInt64 count, then `count` little-endian
/// Float32 RMS values. Files are written atomically; an unreadable file is recomputed.
public struct EnvelopeCache: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> EnvelopeCache {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return EnvelopeCache(directory: base + "/onset/envelopes")
    }

    static let magic = Array("ONSETEV1".utf8)

    /// The envelope of `path`: from the cache when the fingerprint matches, else decoded and stored.
    public func envelope(for path: String) throws(MediaError) -> (envelope: AudioEnvelope, cached: Bool) {
        let info = try MediaProbe.probe(path, vfrSample: 0)
        guard info.audio != nil else { throw .noAudio(path) }
        let fingerprint = try MediaFingerprint.of(path, duration: info.duration)
        let file = directory + "/" + fingerprint.key + ".env"
        if let data = FileManager.default.contents(atPath: file), let envelope = Self.decode(data) {
            return (envelope, true)
        }
        let envelope = try AudioDecoder(path: path).envelope()
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? Self.encode(envelope).write(to: URL(fileURLWithPath: file), options: .atomic)
        return (envelope, false)
    }

    static func encode(_ envelope: AudioEnvelope) -> Data {
        var data = Data(magic)
        var count = UInt64(envelope.rms.count).littleEndian
        withUnsafeBytes(of: &count) { data.append(contentsOf: $0) }
        for v in envelope.rms {
            var bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data) -> AudioEnvelope? {
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { return nil }
        var count: UInt64 = 0
        for i in 0..<8 { count |= UInt64(bytes[8 + i]) << (8 * UInt64(i)) }
        guard count < UInt64(Int32.max), bytes.count == 16 + Int(count) * 4 else { return nil }
        var rms = [Float](repeating: 0, count: Int(count))
        for i in 0..<Int(count) {
            let o = 16 + i * 4
            let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
            rms[i] = Float(bitPattern: bits)
        }
        return AudioEnvelope(rms: rms)
    }
}
