import Crypto
import Foundation

/// An annotator's signing identity on one workstation: an Ed25519 key pair, the annotator's id
/// and a workstation id. Bundles are signed with it; the central store knows the public key.
///
/// Stored as `identity.json` in a folder of the user's (`$XDG_CONFIG_HOME/onset/`), readable by
/// the user only.
public struct Identity: Sendable {
    public var annotator: String
    public var workstation: String
    let key: Curve25519.Signing.PrivateKey

    public var publicKey: String { key.publicKey.rawRepresentation.base64EncodedString() }

    /// SHA-256 of the public key, first 16 hex digits: short enough to read out loud.
    public var fingerprint: String { Identity.fingerprint(ofPublicKey: key.publicKey.rawRepresentation) }

    public static func fingerprint(ofPublicKey raw: Data) -> String {
        SHA256.hash(data: raw).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public static func create(annotator: String, workstation: String = UUID().uuidString.lowercased()) -> Identity {
        Identity(annotator: annotator, workstation: workstation, key: Curve25519.Signing.PrivateKey())
    }

    public func sign(_ data: [UInt8]) throws -> Data { try key.signature(for: data) }

    /// Whether `signature` is `publicKey`'s (base64 raw Ed25519 key) over `data`.
    public static func verify(_ signature: Data, over data: [UInt8], publicKey: String) -> Bool {
        guard let raw = Data(base64Encoded: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: data)
    }

    struct Stored: Codable {
        var format = 1
        var annotator: String
        var workstation: String
        var private_key: String
        var public_key: String
    }

    public static func path(folder: String) -> String { folder + "/identity.json" }

    /// Writes the identity, refusing to replace one (a lost key orphans the annotator's bundles).
    public func save(folder: String) throws(IdentityError) {
        let path = Self.path(folder: folder)
        guard !FileManager.default.fileExists(atPath: path) else { throw .exists(path) }
        let stored = Stored(annotator: annotator, workstation: workstation,
                            private_key: key.rawRepresentation.base64EncodedString(), public_key: publicKey)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(stored)
            // Created readable by the owner only, before any key byte is written.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else { throw IdentityError.unreadable(path, "cannot create") }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch let error as IdentityError {
            throw error
        } catch {
            throw .unreadable(path, "\(error)")
        }
    }

    public static func load(folder: String) throws(IdentityError) -> Identity {
        let path = path(folder: folder)
        guard let data = FileManager.default.contents(atPath: path) else { throw .missing(path) }
        guard let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.format == 1,
              let raw = Data(base64Encoded: stored.private_key),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw .unreadable(path, "not an Onset identity file (or a damaged one)")
        }
        guard key.publicKey.rawRepresentation.base64EncodedString() == stored.public_key else {
            throw .unreadable(path, "its public key does not belong to its private key")
        }
        return Identity(annotator: stored.annotator, workstation: stored.workstation, key: key)
    }
}

public enum IdentityError: Error, CustomStringConvertible {
    case missing(String)
    case exists(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let path): "no signing identity at \(path); create one with `onset identity create --annotator NAME`"
        case .exists(let path): "an identity already exists at \(path); it is kept (its key signs your earlier bundles)"
        case .unreadable(let path, let why): "\(path): \(why)"
        }
    }
}
