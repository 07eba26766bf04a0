import Foundation
import OnsetCore

/// Finds and reads the human-edited files: sessions, schemes and keymaps.
///
/// The folders come from `ONSET_HOME` (holding `Sessions/` and `Keymaps/`), else the current
/// folder, else the folders above the executable (so a build inside a checkout finds its own).
public struct Workspace: Sendable {
    public let sessionsDirectory: String
    public let keymapsDirectory: String
    /// Where `onset sync` writes the session files of pulled assignments, one folder per
    /// project: beside the annotator's store (they belong to that store, not to a shared checkout).
    public var assignedDirectory: String

    public init(sessionsDirectory: String, keymapsDirectory: String, assignedDirectory: String? = nil) {
        self.sessionsDirectory = sessionsDirectory
        self.keymapsDirectory = keymapsDirectory
        self.assignedDirectory = assignedDirectory ?? sessionsDirectory + "/assigned"
    }

    /// The folder for assignments pulled into the store at `storePath`.
    public static func assignedDirectory(forStore storePath: String) -> String {
        let folder = (storePath as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "." : folder) + "/assigned"
    }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executablePath: String = CommandLine.arguments.first ?? "") -> Workspace {
        let fm = FileManager.default
        var roots: [String] = []
        if let home = environment["ONSET_HOME"], !home.isEmpty { roots.append(home) }
        roots.append(fm.currentDirectoryPath)
        var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            roots.append(dir.path)
            dir.deleteLastPathComponent()
        }
        let root = roots.first { fm.fileExists(atPath: $0 + "/Sessions/schemes") } ?? roots[0]
        let sessions = environment["ONSET_SESSIONS"].flatMap { $0.isEmpty ? nil : $0 } ?? root + "/Sessions"
        return Workspace(sessionsDirectory: sessions, keymapsDirectory: root + "/Keymaps",
                         assignedDirectory: assignedDirectory(forStore: LocalStore.defaultPath(environment: environment)))
    }

    public var schemesDirectory: String { sessionsDirectory + "/schemes" }


    /// Session files in the sessions folder, by id; unreadable ones are reported, not hidden.
    public func sessionFiles() -> (sessions: [SessionFile], problems: [FileError]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sessionsDirectory)) ?? []
        var sessions: [SessionFile] = []
        var problems: [FileError] = []
        for name in names.sorted() where name.hasSuffix(".toml") {
            do {
                sessions.append(try readSession(at: sessionsDirectory + "/" + name))
            } catch {
                problems.append(error)
            }
        }
        return (sessions, problems)
    }

    /// Resolves a session given as an id (`demo`) or a path to its file.
    public func session(_ idOrPath: String) throws(FileError) -> SessionFile {
        if idOrPath.hasSuffix(".toml") || idOrPath.contains("/") {
            return try readSession(at: idOrPath)
        }
        let path = sessionsDirectory + "/" + idOrPath + ".toml"
        if FileManager.default.fileExists(atPath: path) { return try readSession(at: path) }
        if let match = sessionFiles().sessions.first(where: { $0.id == idOrPath }) { return match }
        let projects = (try? FileManager.default.contentsOfDirectory(atPath: assignedDirectory)) ?? []
        for project in projects.sorted() where FileManager.default.fileExists(atPath: "\(assignedDirectory)/\(project)/\(idOrPath).toml") {
            return try readSession(at: "\(assignedDirectory)/\(project)/\(idOrPath).toml")
        }
        throw FileError(file: path, line: nil, "no session `\(idOrPath)`: no such file in \(sessionsDirectory) (`onset sessions list` shows the sessions)")
    }

    public func readSession(at path: String) throws(FileError) -> SessionFile {
        try SessionFile.parse(toml: try Self.read(path), path: path)
    }

    /// Resolves a scheme given as a name (looked up next to the session and in `schemes/`) or a path.
    public func scheme(_ nameOrPath: String, relativeTo session: SessionFile? = nil) throws(FileError) -> Scheme {
        let path = try schemePath(nameOrPath, relativeTo: session)
        return try Scheme.parse(toml: try Self.read(path), file: path)
    }

    public func schemePath(_ nameOrPath: String, relativeTo session: SessionFile? = nil) throws(FileError) -> String {
        let fm = FileManager.default
        if nameOrPath.hasSuffix(".toml") || nameOrPath.contains("/") {
            if let session, !nameOrPath.hasPrefix("/") {
                let local = session.resolve(nameOrPath)
                if fm.fileExists(atPath: local) { return local }
            }
            return nameOrPath
        }
        var candidates: [String] = []
        if let session { candidates.append(session.resolve("schemes/\(nameOrPath).toml")) }
        candidates.append(schemesDirectory + "/\(nameOrPath).toml")
        if let found = candidates.first(where: fm.fileExists(atPath:)) { return found }
        let known = ((try? fm.contentsOfDirectory(atPath: schemesDirectory)) ?? []).filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
        throw FileError(file: candidates.last!, line: nil, "no scheme `\(nameOrPath)`; known schemes: \(known.joined(separator: ", "))")
    }

    /// Reads a UTF-8 text file, with an error that names it.
    public static func read(_ path: String) throws(FileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            throw FileError(file: path, line: nil, !exists ? "no such file" : isDir.boolValue ? "is a folder, not a file" : "cannot be read (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError(file: path, line: nil, "is not UTF-8 text")
        }
        return text
    }
}
