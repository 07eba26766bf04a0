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
    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (its own text selection) instead of clicks and the wheel.") var noMouse = false

    /// The beginning of the session's transcript (WebVTT, SRT or word-level JSON), and the file's bytes when there is more to parse after the first frame. A
    /// missing file, or an error in the part read now, is an error naming the file and line.
    static func transcript(_ file: SessionFile) throws -> (Transcript, rest: (data: Data, file: String)?)? {
        guard let path = file.transcriptPath else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("transcript: \(path): no such file (or it cannot be read)")
        }
        do {
            // The pane opens at 0:00 and is never taller than a few hundred rows.
            let prefix = try Transcript.readPrefix(data, file: path, through: .zero, atLeast: 400)
            return (prefix.transcript, prefix.complete ? nil : (data, path))
        } catch {
            throw CLIError("transcript: \(error.description)")
        }
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case truecolor, c256 = "256", c16 = "16", none
        var mode: ColorMode { ColorMode(rawValue: rawValue)! }
    }

    func openTerminal() throws -> NcursesTerminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError("`onset open` needs a terminal (stdin and stdout must be a TTY)")
        }
        let capability = ColorCapability.detect(environment: ProcessInfo.processInfo.environment, forced: color?.mode,
                                                terminfoExists: NcursesTerminal.terminfoExists)
        do { return try NcursesTerminal(capability: capability, mouse: !noMouse) } catch { throw CLIError("\(error)") }
    }

    /// A rating session: its clips in a queue, with the scores already given.
    func runQueue(_ loaded: LoadedSession, keys: Keymap, store: LocalStore) throws {
        guard !loaded.scheme.dimensions.isEmpty else {
            throw CLIError("scheme `\(loaded.scheme.id)` has no [[dimensions]] to rate clips on (e.g. Sessions/schemes/video-quality.toml)")
        }
        let list: ClipList
        let ratings: [ClipRating]
        do {
            list = try ClipList.read(loaded.file)
            ratings = try store.ratings(session: loaded.file.id)
        } catch let error as FileError { throw CLIError(error.description) } catch { throw CLIError("\(error)") }
        let terminal = try openTerminal()
        defer { terminal.restore() }
        var queue = ClipQueue(clips: list.clips, ratings: ratings)
        queue.skippedOnLoad = list.skipped
        var state = AppState(
            session: .init(id: loaded.file.id, title: loaded.file.title, mediaName: "\(list.clips.count) clips", annotator: loaded.annotator),
            scheme: loaded.scheme, spans: [], duration: Timecode(seconds: 60), frameRate: nil, hasVideo: true, size: terminal.size)
        state.queue = queue
        if let first = list.skipped.first {
            state.message = "\(list.skipped.count) clip\(list.skipped.count == 1 ? "" : "s") left out: \(first)" + (list.skipped.count > 1 ? " (all listed on exit)" : "")
        }
        let effects = WorkstationEffects(store: store, session: loaded.file.id, actor: loaded.annotator, mediaPath: nil, hasVideo: true, media: nil)
        effects.loadRest(spans: false, transcript: nil, syncProject: loaded.file.project.flatMap { $0.isEmpty ? nil : $0 })
        let app = Workstation(state: state, keymap: keys, backend: terminal, effects: effects, maxPreviewFPS: fps)
        app.run()
        effects.finish()
        terminal.restore()
        for line in list.skipped { FileHandle.standardError.write(Data("left out: \(line)\n".utf8)) }
    }

    func run() throws {
        Memory.returnLargeBlocksWhenFreed()
        let workspace = storeOptions.workspace()
        let loaded = try LoadedSession.load(session, workspace: workspace)
        let keys = try KeymapLoader.load(named: keymap, workspace: workspace)
        let store = try storeOptions.open()
        try loaded.register(in: store)
        if loaded.file.mode == .rating { return try runQueue(loaded, keys: keys, store: store) }
        // The first frame needs only the opening window: its spans through the (session, onset)
        // index and the transcript's beginning. The rest is read while the user looks at it.
        let lanes: [String: Timecode]
        let window: [Span]
        let duration: Timecode
        let moreSpans: Bool
        do {
            lanes = try store.lanes(session: loaded.file.id)
            duration = loaded.media?.duration ?? max(lanes.values.max() ?? .zero, Timecode(seconds: 60))
            let end = min(duration, AppState.openingViewLength)
            window = try store.spans(session: loaded.file.id, overlapping: .zero, end)
            moreSpans = try store.hasSpans(session: loaded.file.id, outside: .zero, end)
        } catch { throw CLIError(error.description) }
        var transcript = try Self.transcript(loaded.file)
        let terminal = try openTerminal()
        defer { terminal.restore() }
        let mediaName = loaded.file.media.map { ($0 as NSString).lastPathComponent } ?? "no media"
        var state = AppState(
            session: .init(id: loaded.file.id, title: loaded.file.title, mediaName: mediaName, annotator: loaded.annotator),
            scheme: loaded.scheme, spans: window, duration: duration, frameRate: loaded.media?.frameRate,
            hasVideo: loaded.media?.video != nil, transcript: transcript?.0, size: terminal.size)
        do {
            // The model's layer: hundreds of predictions at most, read whole.
            let reviewed = try store.predictions(session: loaded.file.id)
            state.predictions = reviewed.map(\.prediction).sorted { ($0.onset, $0.id) < ($1.onset, $1.id) }
            for r in reviewed { if let d = r.review?.decision { state.decisions[r.prediction.id] = d } }
        } catch { throw CLIError(error.description) }
        if moreSpans {
            state.loading.insert(.spans)
            state.laneHints = Set(lanes.keys)
        }
        if transcript?.rest != nil { state.loading.insert(.transcript) }
        let effects = WorkstationEffects(store: store, session: loaded.file.id, actor: loaded.annotator, mediaPath: loaded.file.mediaPath,
                                         hasVideo: loaded.media?.video != nil, media: loaded.media)
        effects.loadRest(spans: moreSpans, transcript: transcript?.rest, syncProject: loaded.file.project.flatMap { $0.isEmpty ? nil : $0 })
        transcript = nil // the file's bytes belong to the loader now, and go when it is done
        let app = Workstation(state: state, keymap: keys, backend: terminal, effects: effects, maxPreviewFPS: fps)
        app.run()
        effects.finish()
        terminal.restore()
        if let problem = loaded.mediaProblem { FileHandle.standardError.write(Data("warning: \(problem)\n".utf8)) }
    }
}
