import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnsetCore
import OnsetStore

/// Pulling the annotator's assignments: what `GET /v1/assignments` answers, kept in the local
/// store and turned into session files (with the scheme versions they pin), so `onset next`
/// and `onset open` work on them, offline too.
public enum AssignmentPull {
    /// `GET /v1/assignments` (see the README for the contract).
    public struct Answer: Codable, Sendable {
        public var annotator: String
        public var assignments: [AssignmentView]
        public var schemes: [SchemeVersion]

        public init(annotator: String, assignments: [AssignmentView], schemes: [SchemeVersion]) {
            self.annotator = annotator
            self.assignments = assignments
            self.schemes = schemes
        }
    }

    public struct Report: Sendable {
        public var annotator: String
        public var changes: AssignmentChanges
        public var active: Int
    }

    /// Applies an answer: session files under `folder/<project>/`, schemes under
    /// `folder/<project>/schemes/`, withdrawn sessions' files removed (their work stays in the store).
    public static func apply(_ answer: Answer, store: LocalStore, folder: String) throws -> Report {
        let fm = FileManager.default
        var files: [String: String] = [:]
        // Names become file names here: whatever the server says, nothing lands outside `folder`.
        for a in answer.assignments where !a.project.isProjectName || !a.session.isSessionID || !a.scheme_id.isSessionID {
            throw BundleError("the central store sent an assignment with an unusable name (project \(a.project), session \(a.session), scheme \(a.scheme_id)); nothing was changed")
        }
        for scheme in answer.schemes {
            for project in Set(answer.assignments.filter { $0.scheme_id == scheme.id && $0.scheme_version == scheme.version }.map(\.project)) {
                try writeIfChanged(scheme.toml, to: "\(folder)/\(project)/schemes/\(schemeFile(scheme.id, scheme.version))")
            }
        }
        for a in answer.assignments {
            let path = "\(folder)/\(a.project)/\(a.session).toml"
            if a.status == "withdrawn" {
                if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
                continue
            }
            guard answer.schemes.contains(where: { $0.id == a.scheme_id && $0.version == a.scheme_version }) else {
                throw BundleError("the central store sent no scheme \(a.scheme_id) v\(a.scheme_version) for \(a.session)")
            }
            try writeIfChanged(sessionTOML(a, annotator: answer.annotator), to: path)
            files[a.session] = path
        }
        let changes = try store.saveAssignments(answer.assignments, files: files)
        for gone in changes.withdrawn {
            let path = "\(folder)/\(gone.project)/\(gone.session).toml"
            if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
        }
        return Report(annotator: answer.annotator, changes: changes, active: answer.assignments.filter { $0.status != "withdrawn" }.count)
    }

    static func schemeFile(_ id: String, _ version: Int) -> String { "\(id)-v\(version).toml" }

    static func sessionTOML(_ a: AssignmentView, annotator: String) -> String {
        var lines = [
            "# Written by `onset sync` for item \(a.item) of wave \(a.wave) (\(a.phase)) of project \(a.project).",
            "# The next sync writes it again: local edits to this file do not last.",
            "id = \(quoted(a.session))",
            "title = \(quoted("\(a.item) — \(a.wave)"))",
        ]
        if a.mode == "rating" { lines.append("clips = [\(quoted(a.media))]") } else { lines.append("media = \(quoted(a.media))") }
        if let t = a.transcript { lines.append("transcript = \(quoted(t))") }
        lines += [
            "scheme = \(quoted("schemes/" + schemeFile(a.scheme_id, a.scheme_version)))",
            "annotator = \(quoted(annotator))",
            "project = \(quoted(a.project))",
            "wave = \(quoted(a.wave))",
            "mode = \(quoted(a.mode))",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A TOML basic string: JSON's escapes are TOML's, and TOML also wants DEL escaped.
    static func quoted(_ s: String) -> String {
        JSONText.quoted(s).replacingOccurrences(of: "\u{7F}", with: "\\u007F")
    }

    /// Whole or not at all, and untouched when the content is the same.
    static func writeIfChanged(_ text: String, to path: String) throws {
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data { return }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension SyncClient {
    /// Pulls the caller's assignments from the server (a folder destination has none to give).
    public func pullAssignments(into folder: String) throws -> AssignmentPull.Report {
        guard case .server(let base, let token) = destination else {
            throw BundleError("assignments come from a server (--to http://…); a shared folder carries bundles only")
        }
        var request = URLRequest(url: base.appendingPathComponent("v1/assignments"), timeoutInterval: timeout)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (body, response, error) = Self.send(request)
        guard let response else { throw BundleError("cannot reach \(base.absoluteString): \(error?.localizedDescription ?? "no response"); the last pulled assignments keep working") }
        guard response.statusCode == 200, let body else {
            let message = body.flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }?["error"] as? String
            throw BundleError("the server answered HTTP \(response.statusCode)\(message.map { ": \($0)" } ?? "") to the assignment pull")
        }
        let answer: AssignmentPull.Answer
        do { answer = try JSONDecoder().decode(AssignmentPull.Answer.self, from: body) } catch {
            throw BundleError("the server's assignment list is not what this version of onset reads: \(error)")
        }
        return try AssignmentPull.apply(answer, store: store, folder: folder)
    }
}
