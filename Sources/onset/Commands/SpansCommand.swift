import ArgumentParser
import Foundation
import OnsetCore
import OnsetStore

struct SpansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spans",
        abstract: "Add, list and delete spans.",
        subcommands: [Add.self, List.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a span; it is validated against the session's scheme and media first.",
            discussion: """
                Times: seconds (62.5), MM:SS.mmm, HH:MM:SS.mmm, or a frame number (459f).
                Example: onset spans add --session demo --signal hesitation --onset 1.2 --offset 2.5 \\
                           --confidence 4 --intensity 3 --cue gaze-aversion --cue filled-pause --rationale "looks away, um"
                """)

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Session id or file.") var session: String
        @Option(help: "Signal id from the scheme.") var signal: String
        @Option(help: "Start time.") var onset: String
        @Option(help: "End time.") var offset: String
        @Option(help: "Confidence on the scheme's scale.") var confidence: Int?
        @Option(help: "Intensity on the scheme's scale.") var intensity: Int?
        @Option(name: .customLong("cue"), help: "A cue id of the signal (repeatable).") var cues: [String] = []
        @Option(help: "Free-text rationale.") var rationale: String = ""
        @Option(help: "table or json: how to print the stored span.") var format: OutputChoice = .table

        func run() throws {
            let loaded = try LoadedSession.load(session)
            let rate = loaded.media?.frameRate
            let span = Span(sessionID: loaded.file.id, signal: signal,
                            onset: try parseTime(onset, "onset", frameRate: rate), offset: try parseTime(offset, "offset", frameRate: rate),
                            confidence: confidence, intensity: intensity, cues: cues, rationale: rationale,
                            annotator: loaded.annotator, schemeID: loaded.scheme.id, schemeVersion: loaded.scheme.version)
            do {
                try loaded.scheme.validate(span, mediaDuration: loaded.media?.duration)
            } catch {
                throw CLIError("refused: \(error.description); nothing was written")
            }
            let missing = loaded.scheme.missingRequired(span)
            guard missing.isEmpty else {
                throw CLIError("refused: \(ValidationError.missingRequired(missing).description) (add \(missing.map { "--\($0.rawValue == "cues" ? "cue" : $0.rawValue)" }.joined(separator: " "))); nothing was written")
            }
            let store = try storeOptions.open()
            try loaded.register(in: store)
            let stored: Span
            do { stored = try store.create(span, actor: loaded.annotator) } catch { throw CLIError(error.description) }
            switch format {
            case .json: print(Output.json(SpanJSON(stored)))
            case .table, .csv: print("added \(stored.id.uuidString.lowercased()) \(stored.signal) \(stored.onset)–\(stored.offset)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a session's spans in time order.",
            discussion: "Examples: onset spans list --session demo; onset spans list --session demo --format json")

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Session id.") var session: String
        @Option(help: "table, json or csv") var format: OutputChoice = .table
        @Flag(help: "Include deleted spans.") var includeDeleted = false

        func run() throws {
            let store = try storeOptions.open()
            let spans: [Span]
            do {
                // A session file without spans yet lists as empty; a name that is neither in the
                // store nor a session file is most likely a typo, and says so.
                if try store.session(session) == nil, (try? Workspace.locate().session(session)) == nil {
                    throw CLIError("no session `\(session)` in the store or in Sessions/ (`onset sessions list` shows them)")
                }
                spans = try store.spans(session: session, includeDeleted: includeDeleted)
            } catch let error as CLIError {
                throw error
            } catch { throw CLIError("\(error)") }
            switch format {
            case .json:
                print(Output.json(spans.map(SpanJSON.init)))
            case .csv:
                print(CSV.row(Self.csvHeader))
                for s in spans {
                    let j = SpanJSON(s)
                    print(CSV.row([j.id, j.session, j.signal, String(j.onset_us), String(j.offset_us), j.onset, j.offset,
                                      j.confidence.map(String.init) ?? "", j.intensity.map(String.init) ?? "", j.cues.joined(separator: ";"),
                                      j.rationale, j.annotator, j.scheme, String(j.scheme_version), String(j.revision), j.created_at,
                                      j.updated_at, j.deleted_at ?? ""]))
                }
            case .table:
                if spans.isEmpty { print("no spans in session `\(session)`"); return }
                print(Output.table(["ID", "SIGNAL", "ONSET", "OFFSET", "CONF", "INT", "CUES", "RATIONALE"], spans.map { s in
                    [String(s.id.uuidString.lowercased().prefix(8)) + (s.isDeleted ? " (deleted)" : ""), s.signal, s.onset.description,
                     s.offset.description, s.confidence.map(String.init) ?? "–", s.intensity.map(String.init) ?? "–",
                     s.cues.joined(separator: ","), String(s.rationale.prefix(40))]
                }))
            }
        }

        static let csvHeader = ["id", "session", "signal", "onset_us", "offset_us", "onset", "offset", "confidence", "intensity",
                                "cues", "rationale", "annotator", "scheme", "scheme_version", "revision", "created_at", "updated_at", "deleted_at"]
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a span (soft: history keeps it; `onset undo` brings it back).",
            discussion: "Example: onset spans delete 3f2a91c0   (a unique prefix of the id is enough)")

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The span's id or a unique prefix of it.") var id: String

        func run() throws {
            let store = try storeOptions.open()
            do {
                guard let span = try store.span(idPrefix: id) else { throw CLIError("no span with id \(id)") }
                let actor = LoadedSession.annotator(for: try? Workspace.locate().session(span.sessionID))
                try store.deleteSpan(span.id, actor: actor)
                print("deleted \(span.id.uuidString.lowercased()) \(span.signal) \(span.onset)–\(span.offset) from `\(span.sessionID)`")
            } catch let error as StoreError { throw CLIError(error.description) }
        }
    }
}

enum OutputChoice: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

struct Undo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo the session's last edit (works across restarts: the store's operation log is the history).",
        discussion: "Example: onset undo --session demo")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Session id.") var session: String

    func run() throws { try replay(undo: true, session: session, storeOptions: storeOptions) }
}

struct Redo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Redo the session's most recently undone edit.",
        discussion: "Example: onset redo --session demo")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Session id.") var session: String

    func run() throws { try replay(undo: false, session: session, storeOptions: storeOptions) }
}

private func replay(undo: Bool, session: String, storeOptions: StoreOptions) throws {
    let store = try storeOptions.open()
    let actor = LoadedSession.annotator(for: try? Workspace.locate().session(session))
    do {
        let result = undo ? try store.undo(session: session, actor: actor) : try store.redo(session: session, actor: actor)
        let verb = undo ? "undid" : "redid"
        if let s = result.span {
            let target = result.operation.targetSeq.map { " (edit #\($0))" } ?? ""
            print("\(verb)\(target): \(s.signal) \(s.onset)–\(s.offset) is now \(s.isDeleted ? "deleted" : "present") at revision \(s.revision)")
        } else {
            print("\(verb) \(result.operation.recordType) \(result.operation.recordID)")
        }
    } catch { throw CLIError(error.description) }
}
