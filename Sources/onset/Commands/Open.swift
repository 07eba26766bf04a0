import ArgumentParser
import Foundation
import NcursesBackend
import OnsetCore
import OnsetStore
import TerminalUI
import Workstation

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open a session full screen in the terminal.",
        discussion: "Examples: onset open demo; onset open Sessions/conversation.toml --keymap vim --color 256")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Session id or file.") var session: String
    @Option(help: "truecolor, 256, 16 or none (default: from the terminal).") var color: ColorChoice?
    @Option(help: "A keymap from Keymaps/ (e.g. vim) loaded over the default.") var keymap: String?
    @Option(help: "Most preview frames per second while playing (each frame costs bandwidth).") var fps: Int = 15

    /// The session's transcript (WebVTT, SRT or word-level JSON), if it has one; a missing or
    /// malformed file is an error that names the file and line.
    static func transcript(_ file: SessionFile) throws -> Transcript? {
        guard let path = file.transcriptPath else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("transcript: \(path): no such file (or it cannot be read)")
        }
        do {
            return try Transcript.read(data, file: path)
        } catch {
            throw CLIError("transcript: \(error.description)")
        }
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case truecolor, c256 = "256", c16 = "16", none
        var mode: ColorMode { ColorMode(rawValue: rawValue)! }
    }

    func run() throws {
        let workspace = Workspace.locate()
        let loaded = try LoadedSession.load(session, workspace: workspace)
        let keys = try KeymapLoader.load(named: keymap, workspace: workspace)
        let store = try storeOptions.open()
        try loaded.register(in: store)
        let spans: [Span]
        do { spans = try store.spans(session: loaded.file.id) } catch { throw CLIError(error.description) }
        let transcript = try Self.transcript(loaded.file)
        let duration = loaded.media?.duration ?? Timecode(microseconds: max(spans.map(\.offset.microseconds).max() ?? 0, 60_000_000))
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError("`onset open` needs a terminal (stdin and stdout must be a TTY)")
        }
        let capability = ColorCapability.detect(environment: ProcessInfo.processInfo.environment, forced: color?.mode,
                                                terminfoExists: NcursesTerminal.terminfoExists)
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal(capability: capability) } catch { throw CLIError("\(error)") }
        defer { terminal.restore() }
        let mediaName = loaded.file.media.map { ($0 as NSString).lastPathComponent } ?? "no media"
        let state = AppState(
            session: .init(id: loaded.file.id, title: loaded.file.title, mediaName: mediaName, annotator: loaded.annotator),
            scheme: loaded.scheme, spans: spans, duration: duration, frameRate: loaded.media?.frameRate,
            hasVideo: loaded.media?.video != nil, transcript: transcript, size: terminal.size)
        let effects = WorkstationEffects(store: store, session: loaded.file.id, actor: loaded.annotator, mediaPath: loaded.file.mediaPath,
                                         hasVideo: loaded.media?.video != nil, hasAudio: loaded.media?.audio != nil)
        let app = Workstation(state: state, keymap: keys, backend: terminal, effects: effects, maxPreviewFPS: fps)
        app.run()
        effects.finish()
        terminal.restore()
        if let problem = loaded.mediaProblem { FileHandle.standardError.write(Data("warning: \(problem)\n".utf8)) }
    }
}
