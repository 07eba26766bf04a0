import Foundation
import OnsetCore

/// A fast, stable identity for a media file, used to match annotations (and caches) to media
/// without reading whole recordings: size, duration, and SHA-256 of the first and last MiB.
///
/// Text form: `v1:<size>:<duration_us>:<sha256 hex>`, where the hash covers the first MiB, the
/// last MiB (or the whole file when it is 2 MiB or less) and the size and duration.
public struct MediaFingerprint: Hashable, Sendable, Codable, CustomStringConvertible {
    public var size: Int64
    public var durationMicroseconds: Int64
    public var sha256: String

    public static let chunk = 1 << 20

    public var description: String { "v1:\(size):\(durationMicroseconds):\(sha256)" }

    /// A short form for file names (cache keys): the first 32 hex digits of the hash.
    public var key: String { String(sha256.prefix(32)) }

    public static func of(_ path: String, duration: Timecode? = nil) throws(MediaError) -> MediaFingerprint {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? .unreadable(path: path, reason: "permission denied") : .notFound(path)
        }
        defer { try? handle.close() }
        do {
            let size = Int64(try handle.seekToEnd())
            var hasher = SHA256()
            try handle.seek(toOffset: 0)
            if size <= Int64(2 * chunk) {
                hasher.update(Array(try handle.readToEnd() ?? Data()))
            } else {
                hasher.update(Array(try handle.read(upToCount: chunk) ?? Data()))
                try handle.seek(toOffset: UInt64(size) - UInt64(chunk))
                hasher.update(Array(try handle.read(upToCount: chunk) ?? Data()))
            }
            let us = duration?.microseconds ?? 0
            hasher.update(Array("\(size):\(us)".utf8))
            return MediaFingerprint(size: size, durationMicroseconds: us, sha256: SHA256.hex(hasher.finalize()))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }
}
