import ArgumentParser
import Foundation
import OnsetCore
import OnsetStore
import OnsetSync

/// `onset review`: a model's predictions as a layer of their own, reviewed one by one.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review model predictions: import them, accept / reject / adjust each, and see how the model did.",
        discussion: """
            Examples:
              onset review import predictions.json --session demo
              onset review list --session demo --probability high --pending
              onset review accept p-3f2a --session demo --confidence 4 --intensity 3
              onset review adjust p-9c01 --session demo --onset 12.4 --offset 14.0 --signal hesitation --confidence 3 --intensity 2
              onset review reject p-77aa --session demo --reason "laughter, not stress"
              onset review summary --session demo --json
            """,
        subcommands: [Import.self, List.self, Accept.self, Adjust.self, Reject.self, Undo.self, Summary.self])

    struct SessionOption: ParsableArguments {
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Session id or file.") var session: String

        func load() throws -> (LoadedSession, LocalStore) {
            let loaded = try LoadedSession.load(session, workspace: storeOptions.workspace())
            let store = try storeOptions.open()
            try loaded.register(in: store)
            return (loaded, store)
        }

        /// The session's prediction whose id starts with `prefix` (exactly one).
        func prediction(_ prefix: String, in store: LocalStore, session: String) throws -> ReviewedPrediction {
            let all: [ReviewedPrediction]
            do { all = try store.predictions(session: session) } catch { throw CLIError(error.description) }
            let found = all.filter { $0.prediction.id.hasPrefix(prefix) }
            guard found.count == 1 else {
                throw CLIError(found.isEmpty ? "no prediction \(prefix) in session \(session) (`onset review list` shows them)"
                                             : "\(prefix) matches \(found.count) predictions; give more of the id")
            }
            return found[0]
        }
    }

    /// The reviewer's span options (accept and adjust).
    struct SpanFields: ParsableArguments {
        @Option(help: "Confidence on the scheme's scale.") var confidence: Int?
        @Option(help: "Intensity on the scheme's scale.") var intensity: Int?
        @Option(name: .customLong("cue"), help: "A cue id of the signal (repeatable).") var cues: [String] = []
        @Option(help: "The reviewer's rationale.") var rationale: String = ""
    }

    /// The span a decision stores, validated as `onset spans add` validates.
    static func span(from p: Prediction, signal: String?, onset: Timecode?, offset: Timecode?, fields: SpanFields, loaded: LoadedSession) throws -> Span {
        let span = Span(sessionID: loaded.file.id, signal: signal ?? p.type, onset: onset ?? p.onset, offset: offset ?? p.offset,
                        confidence: fields.confidence, intensity: fields.intensity, cues: fields.cues, rationale: fields.rationale,
                        annotator: loaded.annotator, schemeID: loaded.scheme.id, schemeVersion: loaded.scheme.version)
        do { try loaded.scheme.validate(span, mediaDuration: loaded.media?.duration) } catch {
            throw CLIError("refused: \(error.description)\(p.known || signal != nil ? "" : " (the model's type \(p.type) is not in the scheme: `onset review adjust --signal`)"); nothing was written")
        }
        let missing = loaded.scheme.missingRequired(span)
        guard missing.isEmpty else {
            throw CLIError("refused: \(ValidationError.missingRequired(missing).description) (add \(missing.map { "--\($0.rawValue == "cues" ? "cue" : $0.rawValue)" }.joined(separator: " "))); nothing was written")
        }
        return span
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load a model's prediction file (new or older shape) into a session as its own layer.")
        @OptionGroup var session: SessionOption
        @Argument(help: "The prediction file (JSON).") var file: String

        func run() throws {
            let (loaded, store) = try session.load()
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): no such file (or it cannot be read)") }
            let read: PredictionFile.Loaded
            do {
                read = try PredictionFile.read(data, file: file, session: loaded.file.id, signals: Set(loaded.scheme.signals.map(\.id)),
                                               mediaDuration: loaded.media?.duration)
            } catch { throw CLIError("\(error.description); nothing was imported") }
            let added: Int
            do { added = try store.importPredictions(read.predictions, source: (file as NSString).lastPathComponent) } catch { throw CLIError(error.description) }
            let layers = Dictionary(grouping: read.predictions, by: \.layer).mapValues(\.count)
            print("\(file) (\(read.shape) shape): \(read.predictions.count) predictions (\(layers.keys.sorted().map { "\(layers[$0]!) \($0)" }.joined(separator: ", "))), \(added) new, \(read.predictions.count - added) already here")
            if !read.unknownTypes.isEmpty {
                print("types not in scheme \(loaded.scheme.id): " + read.unknownTypes.keys.sorted().map { "\($0) (\(read.unknownTypes[$0]!))" }.joined(separator: ", ")
                      + " — loaded; adjust them to a scheme signal to accept them")
            }
            if !read.skipped.isEmpty {
                print("skipped \(read.skipped.count):")
                for s in read.skipped { print("  \(s)") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A session's predictions in time order, with their decisions.")
        @OptionGroup var session: SessionOption
        @Option(help: "Only this probability (low, medium, high).") var probability: Prediction.Probability?
        @Option(help: "Only this signal (type).") var signal: String?
        @Flag(help: "Only predictions not yet decided.") var pending = false
        @Flag(help: "Print JSON.") var json = false

        struct Entry: Encodable {
            var id, layer, type, onset, offset, rationale: String
            var onset_us, offset_us: Int64
            var probability: String?
            var known: Bool
            var decision: String?
            var reason: String?
            var span_id: String?
        }

        func run() throws {
            let (loaded, store) = try session.load()
            let all: [ReviewedPrediction]
            do { all = try store.predictions(session: loaded.file.id) } catch { throw CLIError(error.description) }
            let shown = all.filter { r in
                (probability == nil || r.prediction.probability == probability) && (signal == nil || r.prediction.type == signal) && (!pending || r.review == nil)
            }
            if json {
                return print(Output.json(shown.map { r in
                    Entry(id: r.prediction.id, layer: r.prediction.layer, type: r.prediction.type, onset: r.prediction.onset.description,
                          offset: r.prediction.offset.description, rationale: r.prediction.rationale, onset_us: r.prediction.onset.microseconds,
                          offset_us: r.prediction.offset.microseconds, probability: r.prediction.probability?.rawValue, known: r.prediction.known,
                          decision: r.review?.decision.rawValue, reason: r.review?.reason, span_id: r.review?.spanID?.uuidString.lowercased())
                }))
            }
            if shown.isEmpty { return print(all.isEmpty ? "no predictions in \(loaded.file.id): `onset review import FILE --session \(loaded.file.id)`" : "no prediction matches") }
            print(Output.table(["ID", "TYPE", "ONSET", "OFFSET", "PROB", "DECISION", "RATIONALE"], shown.map { r in
                [String(r.prediction.id.prefix(8)), r.prediction.type + (r.prediction.known ? "" : " (?)") + (r.prediction.layer == "signals" ? "" : " [\(r.prediction.layer)]"),
                 r.prediction.onset.description, r.prediction.offset.description, r.prediction.probability?.rawValue ?? "–",
                 r.review.map { $0.decision.rawValue + ($0.reason.isEmpty ? "" : ": \($0.reason)") } ?? "–", String(r.prediction.rationale.prefix(40))]
            }))
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept a prediction as it is: it becomes a span by you, linked to it.")
        @OptionGroup var session: SessionOption
        @Argument(help: "The prediction's id (a unique prefix is enough).") var id: String
        @OptionGroup var fields: SpanFields

        func run() throws {
            let (loaded, store) = try session.load()
            let p = try session.prediction(id, in: store, session: loaded.file.id).prediction
            let span = try ReviewCommand.span(from: p, signal: nil, onset: nil, offset: nil, fields: fields, loaded: loaded)
            do { try store.review(p.id, decision: .accepted, span: span, reviewer: loaded.annotator) } catch { throw CLIError(error.description) }
            print("accepted \(p.id): \(span.signal) \(span.onset)–\(span.offset)")
        }
    }

    struct Adjust: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a prediction's bounds or signal, then accept it.")
        @OptionGroup var session: SessionOption
        @Argument(help: "The prediction's id (a unique prefix is enough).") var id: String
        @Option(help: "Signal id from the scheme (default: the model's).") var signal: String?
        @Option(help: "New start time.") var onset: String?
        @Option(help: "New end time.") var offset: String?
        @OptionGroup var fields: SpanFields

        func run() throws {
            let (loaded, store) = try session.load()
            let p = try session.prediction(id, in: store, session: loaded.file.id).prediction
            let rate = loaded.media?.frameRate
            let span = try ReviewCommand.span(from: p, signal: signal, onset: try onset.map { try parseTime($0, "onset", frameRate: rate) },
                                              offset: try offset.map { try parseTime($0, "offset", frameRate: rate) }, fields: fields, loaded: loaded)
            guard span.signal != p.type || span.onset != p.onset || span.offset != p.offset else {
                throw CLIError("nothing adjusted: give --signal, --onset or --offset (or `onset review accept`)")
            }
            do { try store.review(p.id, decision: .adjusted, span: span, reviewer: loaded.annotator) } catch { throw CLIError(error.description) }
            print("adjusted and accepted \(p.id): \(span.signal) \(span.onset)–\(span.offset) (the model said \(p.type) \(p.onset)–\(p.offset))")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a prediction (optionally saying why).")
        @OptionGroup var session: SessionOption
        @Argument(help: "The prediction's id (a unique prefix is enough).") var id: String
        @Option(help: "Why.") var reason: String = ""

        func run() throws {
            let (loaded, store) = try session.load()
            let p = try session.prediction(id, in: store, session: loaded.file.id).prediction
            do { try store.review(p.id, decision: .rejected, reason: reason, span: nil, reviewer: loaded.annotator) } catch { throw CLIError(error.description) }
            print("rejected \(p.id)\(reason.isEmpty ? "" : ": \(reason)")")
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a decision back (the span an acceptance made is deleted).")
        @OptionGroup var session: SessionOption
        @Argument(help: "The prediction's id.") var id: String

        func run() throws {
            let (loaded, store) = try session.load()
            let p = try session.prediction(id, in: store, session: loaded.file.id).prediction
            do { try store.undecide(p.id, reviewer: loaded.annotator) } catch { throw CLIError(error.description) }
            print("\(p.id) is undecided again")
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per signal: accepted, rejected, adjusted, and the model's precision, recall and F1 against the reviewed result.",
            discussion: "Examples: onset review summary --session demo; onset review summary --store central.sqlite --project acme --json")
        @OptionGroup var storeOptions: ReportStoreOptions
        @Option(help: "Session id or file (on a workstation store).") var session: String?
        @Option(help: "Temporal IoU at which a prediction matches a span.") var iou = 0.5
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let summary: ReviewSummary
            let title: String
            switch try storeOptions.open() {
            case .central(let central, let project):
                guard session == nil else { throw CLIError("--session is for a workstation store; on the central store the summary covers the project") }
                do { summary = try ReviewSummary.central(central, project: project, iou: iou) } catch { throw CLIError("\(error)") }
                title = "Review of the model's predictions in project \(project) (every reviewer and session, as synced)"
            case .workstation(let store):
                guard let session else { throw CLIError("give --session (or --store with a central store and --project)") }
                let local = try StoreOptions.parse(storeOptions.store.map { ["--store", $0] } ?? [])
                let loaded = try LoadedSession.load(session, workspace: local.workspace())
                try loaded.register(in: store)
                do {
                    summary = ReviewSummary.build(session: loaded.file.id, predictions: try store.predictions(session: loaded.file.id),
                                                  spans: try store.spans(session: loaded.file.id), iou: iou)
                } catch { throw CLIError(error.description) }
                title = "Review of the model's predictions in \(loaded.file.id)"
            }
            if json { return print(Output.json(summary, snakeCase: true)) }
            func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
            print(title)
            print(Output.table(["signal", "predictions", "accepted", "adjusted", "rejected", "open", "your spans", "matched", "precision", "recall", "F1"],
                               (summary.signals + [summary.overall]).map { r in
                [r.signal, "\(r.predictions)", "\(r.accepted)", "\(r.adjusted)", "\(r.rejected)", "\(r.unreviewed)", "\(r.referenceSpans)", "\(r.matched)",
                 pct(r.precision), pct(r.recall), pct(r.f1)]
            }))
            print("Matching: \(summary.matching).")
        }
    }
}

extension Prediction.Probability: ExpressibleByArgument {}
