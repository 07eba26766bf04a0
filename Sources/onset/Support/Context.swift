import ArgumentParser
import Foundation
import OnsetCore
import OnsetMedia
import OnsetStore

/// Options every store-using command shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Path of the local store.", valueName: "path"))
    var store: String?

    var path: String { store ?? LocalStore.defaultPath() }

    /// The workspace, with pulled assignments looked up beside this store.
    func workspace() -> Workspace {
        var w = Workspace.locate()
        w.assignedDirectory = Workspace.assignedDirectory(forStore: path)
        return w
    }

    func open() throws -> LocalStore {
        do {
            return try LocalStore(path: path)
        } catch {
            throw CLIError(error.description)
        }
    }
}

/// A user-facing failure: printed as `onset: <message>` with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// A session resolved from its file, with its scheme and (when the media can be read) duration.
struct LoadedSession {
    let file: SessionFile
    let scheme: Scheme
    let annotator: String
    let media: MediaInfo?
    let mediaProblem: String?

    static func load(_ idOrPath: String, workspace: Workspace = .locate(), probeMedia: Bool = true) throws -> LoadedSession {
        do {
            let file = try workspace.session(idOrPath)
            let scheme = try workspace.scheme(file.scheme, relativeTo: file)
            var media: MediaInfo?
            var problem: String?
            if probeMedia, let path = file.mediaPath {
                do { media = try MediaProbe.probe(path, vfrSample: 0) } catch { problem = error.description }
            }
            return LoadedSession(file: file, scheme: scheme, annotator: annotator(for: file), media: media, mediaProblem: problem)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Who is annotating: the session's annotator, else $ONSET_ANNOTATOR, else the login name.
    static func annotator(for file: SessionFile?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let a = file?.annotator, !a.isEmpty { return a }
        if let a = environment["ONSET_ANNOTATOR"], !a.isEmpty { return a }
        if let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    /// Registers the session in `store` (so spans can refer to it) and returns the store.
    func register(in store: LocalStore) throws {
        do { try store.register(file, scheme: scheme, annotator: annotator) } catch { throw CLIError(error.description) }
    }
}

func parseTime(_ text: String, _ what: String, frameRate: FrameRate?) throws -> Timecode {
    do { return try Timecode.parse(text, frameRate: frameRate) } catch { throw CLIError("--\(what): \(error.description)") }
}
