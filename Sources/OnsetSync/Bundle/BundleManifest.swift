import Foundation

/// The bundle's table of contents: who made it, what it covers, and a SHA-256 for every member.
/// Its exact bytes are what the annotator's key signs. Field names are a contract
/// (docs/bundle-format.md).
public struct BundleManifest: Codable, Equatable, Sendable {
    public static let formatName = "onset-bundle"
    public static let currentVersion = 1

    public struct Scheme: Codable, Equatable, Sendable {
        public var id: String
        public var version: Int
        public var sha256: String?
    }

    public struct Media: Codable, Equatable, Sendable {
        public var session: String
        public var file: String?
        public var fingerprint: String?
        public var duration_us: Int64?
    }

    public struct Operations: Codable, Equatable, Sendable {
        /// The workstation's op-log sequence numbers covered: (from, through], from exclusive.
        public var after_seq: Int64
        public var through_seq: Int64
        public init(after_seq: Int64, through_seq: Int64) {
            self.after_seq = after_seq
            self.through_seq = through_seq
        }
    }

    public struct Member: Codable, Equatable, Sendable {
        public var sha256: String
        public var bytes: Int
        public var lines: Int
    }

    public var format = Self.formatName
    public var format_version = Self.currentVersion
    public var bundle_id: String
    /// When the newest change in the bundle was made (microseconds since 1970): a bundle made
    /// again from the same changes is the same bundle, to the byte.
    public var created_at_us: Int64
    public var annotator: String
    public var workstation: String
    /// Base64 of the raw Ed25519 public key that signed the manifest (the central store checks
    /// it against the key registered for `annotator`).
    public var public_key: String
    public var project: String
    /// The wave when every session in the bundle belongs to one, else nil (see `waves`).
    public var wave: String?
    public var waves: [String]
    /// This workstation's bundles for `project` are numbered 1, 2, 3…; the central store
    /// applies them in that order.
    public var sequence: Int64
    public var schemes: [Scheme]
    public var media: [Media]
    public var operations: Operations
    public var counts: [String: Int]
    public var members: [String: Member]

    public init(bundle_id: String = "", created_at_us: Int64, annotator: String, workstation: String, public_key: String = "",
                project: String, wave: String?, waves: [String], sequence: Int64, schemes: [Scheme], media: [Media],
                operations: Operations, counts: [String: Int] = [:], members: [String: Member] = [:]) {
        self.bundle_id = bundle_id
        self.created_at_us = created_at_us
        self.annotator = annotator
        self.workstation = workstation
        self.public_key = public_key
        self.project = project
        self.wave = wave
        self.waves = waves
        self.sequence = sequence
        self.schemes = schemes
        self.media = media
        self.operations = operations
        self.counts = counts
        self.members = members
    }

    static func encode(_ manifest: BundleManifest) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return Array(try! encoder.encode(manifest)) + [10]
    }
}
