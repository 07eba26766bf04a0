import Foundation
import OnsetCore

/// Audio envelopes on disk, keyed by media fingerprint, so reopening a recording is instant.
/// An unreadable or foreign file is recomputed.
public struct EnvelopeCache: Sendable {
    public let folder: MediaCacheFolder
    public var directory: String { folder.directory }

    public init(directory: String) { folder = MediaCacheFolder(directory: directory) }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> EnvelopeCache {
        EnvelopeCache(directory: MediaCacheFolder.standard("envelopes", environment: environment).directory)
    }

    static let magic = "ONSETEV1"

    /// The envelope of `path`: from the cache when the fingerprint matches, else decoded and stored.
    public func envelope(for path: String) throws(MediaError) -> (envelope: AudioEnvelope, cached: Bool) {
        try envelope(for: MediaProbe.probe(path, vfrSample: 0))
    }

    /// As `envelope(for:)`, reusing a probe the caller already has (a reopen then costs only the
    /// fingerprint: two MiB read and hashed).
    public func envelope(for info: MediaInfo) throws(MediaError) -> (envelope: AudioEnvelope, cached: Bool) {
        let path = info.path
        guard info.audio != nil else { throw .noAudio(path) }
        let fingerprint = try MediaFingerprint.of(path, duration: info.duration)
        if let data = folder.load(fingerprint, "env"), let envelope = Self.decode(data) { return (envelope, true) }
        let envelope = try AudioDecoder(path: path).envelope()
        folder.store(Self.encode(envelope), fingerprint, "env")
        return (envelope, false)
    }

    /// The 8-byte magic, a little-endian UInt64 count, then the Float32 values little-endian.
    static func encode(_ envelope: AudioEnvelope) -> Data {
        var data = Data(magic.utf8)
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
        guard bytes.count >= 16, Array(bytes[0..<8]) == Array(magic.utf8) else { return nil }
        let count = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[8 + $1]) << (8 * UInt64($1)) }
        guard count < UInt64(Int32.max), bytes.count == 16 + Int(count) * 4 else { return nil }
        let rms = (0..<Int(count)).map { i -> Float in
            let o = 16 + i * 4
            return Float(bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24)
        }
        return AudioEnvelope(rms: rms)
    }
}
