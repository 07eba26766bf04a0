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
        for member in BundleMember.allCases {
            let content = members[member] ?? []
            let lines = content.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            manifest.members[member.rawValue] = .init(sha256: sha256(content), bytes: content.count, lines: lines)
            manifest.counts[member.countKey] = lines
        }
        manifest.bundle_id = bundleID(manifest)
        let manifestBytes = BundleManifest.encode(manifest)
        let signature = try identity.sign(manifestBytes)
        var zip = ZipWriter()
        try zip.add(BundleMember.manifest, manifestBytes)
        try zip.add(BundleMember.signature, Array((signature.base64EncodedString() + "\n").utf8))
        for member in BundleMember.allCases { try zip.add(member.rawValue, members[member] ?? []) }
        return (zip.finish(), manifest)
    }
}
