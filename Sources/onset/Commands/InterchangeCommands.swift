import ArgumentParser
import Foundation
import OnsetCore
import OnsetInterchange
import OnsetMedia
import OnsetPostgres
import OnsetStore
import OnsetSync

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a session (ELAN, Praat, CSV, training JSONL, WebVTT) or a central store's project (JSONL, CSV).",
        discussion: """
            Examples:
              onset export --session demo --format eaf --out demo.eaf
              onset export --session demo --format textgrid --out demo.TextGrid
              onset export --store central.sqlite --project demo --wave pilot --format jsonl --out demo.jsonl
              onset export --store central.sqlite --project demo --format jsonl --gold expert --qc accepted
              onset export --store central.sqlite --project demo --item s-0142 --format eaf --out s-0142.eaf
            """)
    enum Format: String, ExpressibleByArgument, CaseIterable { case eaf, textgrid, csv, jsonl, vtt }

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The session to export (from the local store).") var session: String?
    @Option(help: "A project of the central store given with --store (the merged dataset).") var project: String?
    @Option(help: "With --project: only this wave.") var wave: String?
    @Option(help: "eaf, textgrid, csv, jsonl or vtt (a project: jsonl or csv).") var format: Format
    @Option(help: "Output file (default: standard output).") var out: String?
    @Option(help: "With --project: not-rejected (default), accepted (only work accepted in quality control) or all (rejected work too).")
    var qc: QCChoice = .notRejected
    @Option(parsing: .upToNextOption, help: "With --project: annotators whose work is gold; their items get agreement_status `gold`.")
    var gold: [String] = []
    @Option(help: "With --project: one media item (a session id) as ELAN or Praat tiers of every annotator.") var item: String?
    @Option(help: "With --item: the scheme (name or file; default: the scheme the session names).") var scheme: String?

    enum QCChoice: String, ExpressibleByArgument, CaseIterable {
        case notRejected = "not-rejected", accepted, all
        var filter: QCFilter { QCFilter(rawValue: rawValue)! }
    }

    func run() throws {
        let bytes: [UInt8]
        if let project {
            guard session == nil else { throw CLIError("give --session (a local session) or --project (a central store's), not both") }
            guard let path = storeOptions.store else { throw CLIError("--project needs --store central.sqlite") }
            let central: CentralStore
            do { central = try CentralStore.open(path) } catch { throw CLIError(error.description) }
            if let item {
                try write(try mergedItem(central, project: project, item: item))
                return
            }
            if format == .eaf || format == .textgrid {
                // Every media item of the project, one file each, into a folder.
                guard let folder = out else { throw CLIError("--format \(format.rawValue) for a project needs --item SESSION, or --out FOLDER for one file per item") }
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw CLIError("\(folder): \(error.localizedDescription)")
                }
                let items: [String]
                do { items = Array(Set(try central.sessionLines(project: project).map(\.id))).sorted() } catch { throw CLIError("\(error)") }
                for item in items {
                    let file = folder + "/" + item.map { $0 == "/" ? "_" : $0 }.reduce("") { $0 + String($1) } + (format == .eaf ? ".eaf" : ".TextGrid")
                    let bytes = try mergedItem(central, project: project, item: item)
                    do { try Data(bytes).write(to: URL(fileURLWithPath: file), options: .atomic) } catch { throw CLIError("\(file): \(error.localizedDescription)") }
                }
                print("\(items.count) item\(items.count == 1 ? "" : "s") written to \(folder)")
                return
            }
            guard let dataset = DatasetExport.Format(rawValue: format.rawValue) else {
                throw CLIError("a project exports as jsonl or csv (or one media item as eaf or textgrid with --item SESSION)")
            }
            var out: [UInt8] = []
            do {
                // JSON lines for training pipelines; CSV as the merged dataset's columns.
                if dataset == .jsonl {
                    try TrainingExport.export(central, project: project, wave: wave, qc: qc.filter, gold: Set(gold)) { out += $0 }
                } else {
                    try DatasetExport.export(central, project: project, wave: wave, format: dataset, qc: qc.filter) { out += $0 }
                }
            } catch { throw CLIError("\(error)") }
            bytes = out
        } else {
            guard let session else { throw CLIError("give --session ID (or --project P with --store central.sqlite)") }
            let doc = try Self.document(session, storeOptions: storeOptions, fingerprint: format == .jsonl)
            switch format {
            case .eaf: bytes = Array(EAFWriter.write(doc).utf8)
            case .textgrid: bytes = Array(TextGridWriter.write(doc).utf8)
            case .csv: bytes = Array(FlatExports.csv(doc).utf8)
            case .jsonl: bytes = Array(FlatExports.jsonl(doc).utf8)
            case .vtt:
                guard let transcript = doc.transcript else { throw CLIError("session \(session) has no transcript") }
                bytes = Array(FlatExports.webVTT(transcript).utf8)
            }
        }
        try write(bytes)
    }

    func write(_ bytes: [UInt8]) throws {
        if let out {
            do { try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic) } catch { throw CLIError("\(out): \(error.localizedDescription)") }
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }

    /// One media item of a central project, every annotator's tiers in one ELAN or Praat file.
    func mergedItem(_ central: CentralStore, project: String, item: String) throws -> [UInt8] {
        guard format == .eaf || format == .textgrid else { throw CLIError("--item exports as eaf or textgrid") }
        let merged: MergedItem
        do {
            guard let found = try MergedItem.load(central, project: project, session: item, qc: qc.filter) else {
                throw CLIError("project \(project) has no session `\(item)` on this central store")
            }
            merged = found
        } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
        guard let name = scheme ?? merged.schemeID else { throw CLIError("session \(item) names no scheme: give --scheme NAME|FILE") }
        let loadedScheme: Scheme
        do { loadedScheme = try Workspace.locate().scheme(name) } catch {
            throw CLIError("\(error.description) (the tiers need the scheme's signals: give --scheme NAME|FILE)")
        }
        let doc = InterchangeDocument(sessionID: item, mediaPath: merged.media, duration: Timecode(microseconds: merged.durationUs),
                                      scheme: loadedScheme, spans: merged.spans, project: project, wave: merged.wave,
                                      mediaFingerprint: merged.mediaFingerprint)
        return Array((format == .eaf ? EAFWriter.write(doc) : TextGridWriter.write(doc)).utf8)
    }

    static func document(_ session: String, storeOptions: StoreOptions, fingerprint: Bool) throws -> InterchangeDocument {
        let loaded = try LoadedSession.load(session)
        let store = try storeOptions.open()
        let spans: [Span], ratings: [ClipRating]
        do {
            spans = try store.spans(session: loaded.file.id)
            ratings = try store.ratings(session: loaded.file.id)
        } catch { throw CLIError(error.description) }
        var transcript: Transcript?
        if let path = loaded.file.transcriptPath, let data = FileManager.default.contents(atPath: path) {
            do { transcript = try Transcript.read(data, file: path) } catch { throw CLIError("transcript: \(error.description)") }
        }
        let print = fingerprint ? loaded.file.mediaPath.flatMap { try? MediaFingerprint.of($0, duration: loaded.media?.duration).description } : nil
        var doc = InterchangeDocument(sessionID: loaded.file.id, mediaPath: loaded.file.mediaPath, duration: loaded.media?.duration ?? .zero,
                                      scheme: loaded.scheme, spans: spans, transcript: transcript, project: loaded.file.project,
                                      wave: loaded.file.wave, mediaFingerprint: print)
        doc.ratings = ratings
        return doc
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import spans from an ELAN (.eaf) or Praat (.TextGrid) file into a session, all or nothing.",
        discussion: """
            Tiers map to signals by name (a signal's id or label, or Onset's `signal@annotator`) or through --map FILE \
            with lines `tier = signal`. Tiers that map to no signal are listed, not imported.
            Examples:
              onset import eaf interview.eaf --session demo
              onset import textgrid interview.TextGrid --session demo --map tiers.txt
            """)
    enum Kind: String, ExpressibleByArgument, CaseIterable { case eaf, textgrid }

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "eaf or textgrid") var kind: Kind
    @Argument(help: "The file to import.") var file: String
    @Option(help: "The session to import into.") var session: String
    @Option(help: "A file mapping tiers to signals (`tier = signal` per line).") var map: String?

    func run() throws {
        let loaded = try LoadedSession.load(session)
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): no such file (or it cannot be read)") }
        var mapping = TierMapping()
        if let map {
            guard let text = FileManager.default.contents(atPath: map).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw CLIError("\(map): no such file (or not UTF-8 text)")
            }
            do { mapping = try TierMapping.parse(text, file: map) } catch { throw CLIError(error.description) }
        }
        let result: ImportResult
        do {
            switch kind {
            case .eaf:
                result = try SpanImport.spans(from: EAFFile.read(data, file: file), file: file, mapping: mapping, scheme: loaded.scheme,
                                              session: loaded.file.id, annotator: loaded.annotator, mediaDuration: loaded.media?.duration)
            case .textgrid:
                result = try SpanImport.spans(from: TextGridFile.read(data, file: file), file: file, mapping: mapping, scheme: loaded.scheme,
                                              session: loaded.file.id, annotator: loaded.annotator, mediaDuration: loaded.media?.duration)
            }
        } catch { throw CLIError("\(error.description); nothing was imported") }
        for (tier, count) in result.unmapped {
            print("not imported: tier \"\(tier)\" (\(count) annotation\(count == 1 ? "" : "s")) maps to no signal; map it with --map (`\(tier) = SIGNAL`)")
        }
        guard !result.spans.isEmpty else { throw CLIError("no tier of \(file) maps to a signal of \(loaded.scheme.id); nothing was imported") }
        let store = try storeOptions.open()
        do {
            try loaded.register(in: store)
            try store.createAll(result.spans, actor: loaded.annotator, asOneStep: true)
        } catch { throw CLIError("\(error); nothing was imported") }
        let counts = Dictionary(grouping: result.spans, by: \.signal).map { "\($0.key) \($0.value.count)" }.sorted()
        print("imported \(result.spans.count) span\(result.spans.count == 1 ? "" : "s") into \(loaded.file.id) in one step (\(counts.joined(separator: ", "))); `onset undo --session \(loaded.file.id)` takes them back")
    }
}
