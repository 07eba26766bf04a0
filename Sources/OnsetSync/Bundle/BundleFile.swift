import Crypto
import Foundation

/// Writing a signed bundle: a ZIP of `manifest.json`, its Ed25519 signature `manifest.sig`
/// and the JSON-lines members. The same changes give the same bytes.
public enum BundleFile {
    /// The bundle id: derived from what the bundle is (workstation, project, sequence, member
    /// hashes), never random, so making it again gives the same id.
    static func bundleID(_ manifest: BundleManifest) -> String {
        var text = "\(manifest.workstation)\n\(manifest.project)\n\(manifest.sequence)\n"
        for name in manifest.members.keys.sorted() { text += "\(name) \(manifest.members[name]!.sha256)\n" }
        let hex = SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
        let h = Array(hex.prefix(32))
        return "\(String(h[0..<8]))-\(String(h[8..<12]))-\(String(h[12..<16]))-\(String(h[16..<20]))-\(String(h[20..<32]))"
    }

    /// Newlines in `bytes`, found with memchr (a million-line member in milliseconds).
    static func lineCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return 0 }
            var n = 0, offset = 0
            while offset < raw.count, let found = memchr(base + offset, 10, raw.count - offset) {
                n += 1
                offset = base.distance(to: UnsafeRawPointer(found)) + 1
            }
            return n
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Fills in the manifest's member table, id and key, signs it and packs everything.
    public static func make(_ draft: BundleManifest, members: [BundleMember: [UInt8]], identity: Identity) throws -> (bytes: [UInt8], manifest: BundleManifest) {
        var manifest = draft
        manifest.annotator = identity.annotator
        manifest.workstation = identity.workstation
        manifest.public_key = identity.publicKey
        manifest.members = [:]
        manifest.counts = [:]
        // Hashing and counting a member, and compressing it, are independent work: on all cores,
        // the costliest first (compressing takes about four times as long as hashing), so that
        // the largest member's hash runs beside its compression instead of after it.
        let all = BundleMember.allCases
        let contents = all.map { members[$0] ?? [] }
        let jobs = all.indices.flatMap { [(member: $0, pack: true), (member: $0, pack: false)] }
            .sorted { a, b in contents[a.member].count * (a.pack ? 4 : 1) > contents[b.member].count * (b.pack ? 4 : 1) }
        let entries = ResultSlots<BundleManifest.Member>(count: all.count)
        let packs = ResultSlots<ZipWriter.Packed>(count: all.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            let (i, pack) = jobs[j]
            let content = contents[i]
            if pack {
                packs[i] = Result { try ZipWriter.pack(content) }
            } else {
                entries[i] = .success(.init(sha256: sha256(content), bytes: content.count, lines: Self.lineCount(content)))
            }
        }
        var packed: [ZipWriter.Packed] = []
        for (i, member) in all.enumerated() {
            let entry = try entries[i]!.get()
            manifest.members[member.rawValue] = entry
            manifest.counts[member.countKey] = entry.lines
            packed.append(try packs[i]!.get())
        }
        manifest.bundle_id = bundleID(manifest)
        let manifestBytes = BundleManifest.encode(manifest)
        let signature = try identity.sign(manifestBytes)
        var zip = ZipWriter()
        try zip.add(BundleMember.manifest, manifestBytes)
        try zip.add(BundleMember.signature, Array((signature.base64EncodedString() + "\n").utf8))
        for (i, member) in all.enumerated() { try zip.add(member.rawValue, packed: packed[i]) }
        return (zip.finish(), manifest)
    }
}

/// Results written by concurrent workers, one slot each.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [Result<T, Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    subscript(i: Int) -> Result<T, Error>? {
        get { lock.lock(); defer { lock.unlock() }; return slots[i] }
        set { lock.lock(); slots[i] = newValue; lock.unlock() }
    }
}
