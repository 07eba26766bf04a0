import Foundation

/// Derived data kept on disk per media file, keyed by fingerprint (envelopes, frame indexes), so
/// that reopening a recording is instant and a changed file never reuses stale data.
public struct MediaCacheFolder: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/onset/<kind>` (default `~/.cache/onset/<kind>`).
    public static func standard(_ kind: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> MediaCacheFolder {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return MediaCacheFolder(directory: base + "/onset/" + kind)
    }

    func file(_ fingerprint: MediaFingerprint, _ ext: String) -> String { directory + "/" + fingerprint.key + "." + ext }

    func load(_ fingerprint: MediaFingerprint, _ ext: String) -> Data? { FileManager.default.contents(atPath: file(fingerprint, ext)) }

    /// Writes atomically; a cache that cannot be written only costs time later, never correctness.
    func store(_ data: Data, _ fingerprint: MediaFingerprint, _ ext: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: file(fingerprint, ext)), options: .atomic)
    }

    /// Little-endian fixed-width values after an 8-byte magic and a UInt64 count.
    static func pack(magic: String, _ values: [UInt64]) -> Data {
        var data = Data(magic.utf8.prefix(8))
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + values.count * 8)
        for v in [UInt64(values.count)] + values { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        data.append(contentsOf: bytes)
        return data
    }

    static func unpack(magic: String, _ data: Data) -> [UInt64]? {
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == Array(magic.utf8.prefix(8)) else { return nil }
        func word(_ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) } }
        let count = word(8)
        guard count < UInt64(Int32.max), bytes.count == 16 + Int(count) * 8 else { return nil }
        return (0..<Int(count)).map { word(16 + $0 * 8) }
    }
}
