import Foundation

/// A scheme file as registered on the central store: one version, never rewritten.
public struct SchemeVersion: Sendable, Equatable, Codable {
    public var id: String
    public var version: Int
    public var sha256: String
    public var toml: String

    public init(id: String, version: Int, sha256: String, toml: String) {
        self.id = id
        self.version = version
        self.sha256 = sha256
        self.toml = toml
    }
}

/// Projects with a scheme, and the scheme's versions.
extension CentralStore {
    /// Creates a project that runs under `scheme` (registered with it). A project that exists
    /// already is refused, unless it was added without a scheme (`central project add`).
    public func createProject(_ name: String, scheme: SchemeVersion) throws(StoreError) {
        guard name.isProjectName else { throw .invalid("project name `\(name)` may hold letters, digits, `-`, `_` and `.` only") }
        try write { db in
            if let existing = try db.row("SELECT scheme_id FROM project WHERE id = ?", [name]) {
                if let sid = existing[0] as String? { throw StoreError.invalid("project \(name) exists already (scheme \(sid)); `onset project scheme` adds a scheme version") }
                try db.execute("UPDATE project SET scheme_id = ? WHERE id = ?", [scheme.id, name])
            } else {
                try db.execute("INSERT INTO project (id, created_at_us, scheme_id) VALUES (?, ?, ?)",
                               [name, Date().microsecondsSince1970, scheme.id])
            }
            _ = try Self.register(scheme, db)
        }
    }

    /// Registers a new version of the project's scheme. The same file again changes nothing
    /// (false); another text under a version already registered is refused: a change is a new version.
    @discardableResult
    public func addSchemeVersion(project: String, scheme: SchemeVersion) throws(StoreError) -> Bool {
        try write { db in
            let sid = try Self.projectScheme(project, db)
            guard sid == scheme.id else {
                throw StoreError.invalid("project \(project) runs under scheme \(sid); this file is scheme \(scheme.id)")
            }
            return try Self.register(scheme, db)
        }
    }

    /// The project's scheme id, and its registered versions (ascending).
    public func schemeVersions(project: String) throws(StoreError) -> (id: String, versions: [SchemeVersion]) {
        try read { db in
            let sid = try Self.projectScheme(project, db)
            let versions = try db.rows("SELECT id, version, sha256, toml FROM scheme WHERE id = ? ORDER BY version", [sid])
                .map { SchemeVersion(id: $0[0], version: $0[1], sha256: $0[2], toml: $0[3]) }
            return (sid, versions)
        }
    }

    static func projectScheme(_ project: String, _ db: any SQLConnection) throws -> String {
        guard let row = try db.row("SELECT scheme_id FROM project WHERE id = ?", [project]) else {
            throw StoreError.invalid("no project \(project); create it with `onset project create \(project) --scheme FILE`")
        }
        guard let sid = row[0] as String? else {
            throw StoreError.invalid("project \(project) has no scheme (it was added with `central project add`); give it one with `onset project create \(project) --scheme FILE`")
        }
        return sid
    }

    static func register(_ scheme: SchemeVersion, _ db: any SQLConnection) throws -> Bool {
        if let sha: String = try db.value("SELECT sha256 FROM scheme WHERE id = ? AND version = ?", [scheme.id, scheme.version]) {
            guard sha == scheme.sha256 else {
                throw StoreError.invalid("scheme \(scheme.id) v\(scheme.version) is registered already with other content; a changed scheme is a new version: raise `version` in the file")
            }
            return false
        }
        if let latest: Int = try db.value("SELECT max(version) FROM scheme WHERE id = ?", [scheme.id]), scheme.version < latest {
            throw StoreError.invalid("scheme \(scheme.id) is at v\(latest) already; a new version must be above it (this file says v\(scheme.version))")
        }
        try db.execute("INSERT INTO scheme (id, version, sha256, toml, registered_at_us) VALUES (?, ?, ?, ?, ?)",
                       [scheme.id, scheme.version, scheme.sha256, scheme.toml, Date().microsecondsSince1970])
        return true
    }
}

extension String {
    /// Names of projects and waves: they become parts of session ids and file names.
    public var isProjectName: Bool {
        !isEmpty && count <= 64 && !hasPrefix(".") && allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
