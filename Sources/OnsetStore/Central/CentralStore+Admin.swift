import Foundation
import OnsetCore

/// Projects, annotators and their tokens: what an administrator registers before bundles come.
extension CentralStore {
    public func addProject(_ id: String) throws(StoreError) {
        guard !id.isEmpty else { throw .invalid("a project needs a name") }
        try write { db in
            try db.execute("INSERT INTO project (id, created_at_us) VALUES (?, ?) ON CONFLICT DO NOTHING", [id, Date().microsecondsSince1970])
        }
    }

    /// Registers an annotator's public key (base64 raw Ed25519, from `onset identity show`) for
    /// projects. Registering again with the same key adds projects; another key is refused
    /// (replacing a key is a deliberate act: `replaceKey`).
    public func registerAnnotator(_ id: String, publicKey: String, projects: [String], replaceKey: Bool = false) throws(StoreError) {
        guard let raw = Data(base64Encoded: publicKey), raw.count == 32 else { throw .invalid("the public key must be 32 bytes in base64 (as `onset identity show` prints it)") }
        try write { db in
            for p in projects where try !db.exists("SELECT 1 FROM project WHERE id = ?", [p]) {
                throw StoreError.invalid("no project \(p); add it first with `onset central project add \(p)`")
            }
            if let existing: String = try db.value("SELECT public_key FROM annotator WHERE id = ?", [id]) {
                if existing != publicKey {
                    guard replaceKey else { throw StoreError.invalid("annotator \(id) is registered with another key; pass --replace-key to replace it") }
                    try db.execute("UPDATE annotator SET public_key = ? WHERE id = ?", [publicKey, id])
                }
            } else {
                try db.execute("INSERT INTO annotator (id, public_key, registered_at_us) VALUES (?, ?, ?)",
                               [id, publicKey, Date().microsecondsSince1970])
            }
            for p in projects {
                try db.execute("INSERT INTO annotator_project (annotator, project) VALUES (?, ?) ON CONFLICT DO NOTHING", [id, p])
            }
        }
    }

    /// A new token for the annotator; only its hash is kept, so this is the one time it is seen.
    public func issueToken(annotator: String, label: String) throws(StoreError) -> String {
        var rng = SystemRandomNumberGenerator()
        let token = "onset_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        try write { db in
            guard try db.exists("SELECT 1 FROM annotator WHERE id = ?", [annotator]) else {
                throw StoreError.invalid("no annotator \(annotator); register them first")
            }
            try db.execute("INSERT INTO token (hash, annotator, label, issued_at_us) VALUES (?, ?, ?, ?)",
                           [Self.hash(token), annotator, label, Date().microsecondsSince1970])
        }
        return token
    }

    /// Revokes the annotator's tokens with `label` (or all of them); returns how many.
    @discardableResult
    public func revokeTokens(annotator: String, label: String?) throws(StoreError) -> Int {
        try write { db in
            try db.execute("UPDATE token SET revoked_at_us = ? WHERE annotator = ? AND revoked_at_us IS NULL AND (? IS NULL OR label = ?)",
                           [Date().microsecondsSince1970, annotator, label, label])
        }
    }

    /// The annotator a live token belongs to; nil for unknown or revoked tokens.
    public func annotator(forToken token: String) throws(StoreError) -> String? {
        try read { db in
            try db.value("SELECT annotator FROM token WHERE hash = ? AND revoked_at_us IS NULL", [Self.hash(token)])
        }
    }

    public func publicKey(annotator: String) throws(StoreError) -> String? {
        try read { db in try db.value("SELECT public_key FROM annotator WHERE id = ?", [annotator]) }
    }

    public func isMember(annotator: String, project: String) throws(StoreError) -> Bool {
        try read { db in try db.exists("SELECT 1 FROM annotator_project WHERE annotator = ? AND project = ?", [annotator, project]) }
    }

    public func projectExists(_ id: String) throws(StoreError) -> Bool {
        try read { db in try db.exists("SELECT 1 FROM project WHERE id = ?", [id]) }
    }

    static func hash(_ token: String) -> String {
        var h = SHA256()
        h.update(Array(token.utf8))
        return SHA256.hex(h.finalize())
    }
}
