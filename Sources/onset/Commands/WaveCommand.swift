import ArgumentParser
import Foundation
import OnsetCore
import OnsetMedia
import OnsetStore
import OnsetSync

/// `onset wave`: plan, create and follow the waves of a project on the central store.
struct WaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wave",
        abstract: "Waves of a project: plan and create one (items assigned to annotators), follow its progress.",
        discussion: """
            Examples:
              onset wave create --project demo --phase pilot --items items.csv --annotators ana,ben,cleo --overlap 0.2 --per-item 2 --dry-run --store central.sqlite
              onset wave create --project demo --phase production --items items.jsonl --annotators ana,ben,cleo --gold-items gold.csv --due 2026-12-15 --store central.sqlite
              onset wave status --project demo --wave pilot-1 --store central.sqlite
              onset wave withdraw --project demo --wave pilot-1 --annotator ben --reason "left the project" --store central.sqlite
              onset wave fill --project demo --wave pilot-1 --annotators dora --store central.sqlite
            """,
        subcommands: [Create.self, Status.self, Withdraw.self, Fill.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan a wave, print the plan, and create it (all or nothing).",
            discussion: """
                The manifest (CSV with a header, or JSON Lines) lists media items: media (path or URI as the annotation \
                servers see it; a relative path is relative to the manifest), and optionally id, session, fingerprint, \
                duration (s), transcript, prompt; other columns are source metadata. Local files are checked and \
                fingerprinted unless --no-check-media.
                """)
        @OptionGroup var central: CentralOptions
        @Option(help: "The project.") var project: String
        @Option(help: "pilot, calibration, production or rapid.") var phase: String
        @Option(help: "The manifest of media items (CSV or JSONL); a calibration wave may have gold items only.") var items: String?
        @Option(help: "Annotators, comma-separated.") var annotators: String
        @Option(help: "The wave's name (default: <phase>-<n>).") var name: String?
        @Option(help: "Share of items given to several annotators (0–1).") var overlap = 0.2
        @Option(help: "Annotators per overlapped item.") var perItem = 2
        @Option(help: "A manifest of gold items (annotated by experts) mixed in for annotators who need calibration.") var goldItems: String?
        @Option(help: "Gold items per calibrating annotator (default: all of them).") var goldPerAnnotator: Int?
        @Option(help: "Who gets gold items, comma-separated, or `none` (default: annotators with no work in the project yet).") var calibrate: String?
        @Option(help: "Due date: YYYY-MM-DD (end of that day, UTC) or an ISO 8601 time.") var due: String?
        @Option(help: "The scheme version to pin (default: the project's latest).") var schemeVersion: Int?
        @Option(help: "spans, rating or review: how the items are annotated.") var mode: SessionMode = .spans
        @Option(help: "Seed of the plan: the same inputs and seed give the same plan.") var seed: UInt64 = 0
        @Flag(help: "Do not check that local media files exist (paths valid only on the annotation servers).") var noCheckMedia = false
        @Flag(help: "Print the plan; create nothing.") var dryRun = false
        @Flag(help: "Print the plan as JSON.") var json = false

        func run() throws {
            let store = try central.open()
            let people = annotators.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var problems: [String] = []
            guard items != nil || goldItems != nil else { throw CLIError("give the wave's items: --items MANIFEST (and/or --gold-items FILE)") }
            let manifest = items.map { readManifest($0, check: !noCheckMedia, problems: &problems) } ?? []
            let gold = goldItems.map { readManifest($0, check: !noCheckMedia, problems: &problems) } ?? []
            guard problems.isEmpty else {
                throw CLIError("nothing was created; \(problems.count) problem\(problems.count == 1 ? "" : "s") in the manifests:\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
            }
            var request = WaveCreation.Request(project: project, wave: "", phase: phase, annotators: people, overlap: overlap, perItem: perItem,
                                               createdBy: ProcessInfo.processInfo.environment["ONSET_ANNOTATOR"] ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown")
            request.mode = mode
            request.seed = seed
            request.schemeVersion = schemeVersion
            request.goldPerAnnotator = goldPerAnnotator
            if let calibrate { request.calibrate = calibrate == "none" ? [] : calibrate.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if let due { request.dueUs = try Self.parseDue(due) }
            let planned: WaveCreation.Planned
            do {
                request.wave = try name ?? Self.defaultName(store, project: project, phase: phase)
                planned = try WaveCreation.plan(request, items: manifest, gold: gold, store: store)
            } catch let e as CLIError { throw e } catch { throw CLIError("nothing was created: \(error)") }
            print(json ? Output.json(PlanJSON(planned)) : WavePlanText.render(planned))
            if dryRun {
                if !json { print("\n(dry run: nothing was created; run again without --dry-run to create the wave)") }
                return
            }
            do { try WaveCreation.commit(planned, store: store) } catch { throw CLIError("nothing was created: \(error)") }
            if !json { print("\nwave \(planned.wave.id) created: \(planned.plan.assignments.count) assignments; annotators receive them with `onset sync`") }
        }

        /// The manifest's items, with local media checked and fingerprinted; problems by line.
        func readManifest(_ path: String, check: Bool, problems: inout [String]) -> [ItemManifest.Item] {
            let text: String
            do { text = try Workspace.read(path) } catch { problems.append(error.description); return [] }
            var manifest = ItemManifest.parse(text, file: path)
            let folder = (path as NSString).deletingLastPathComponent
            for i in manifest.items.indices where !manifest.items[i].media.contains("://") {
                var item = manifest.items[i]
                if !item.media.hasPrefix("/") { item.media = URL(fileURLWithPath: folder.isEmpty ? "." : folder).appendingPathComponent(item.media).standardized.path }
                if let t = item.transcript, !t.contains("://"), !t.hasPrefix("/") {
                    item.transcript = URL(fileURLWithPath: folder.isEmpty ? "." : folder).appendingPathComponent(t).standardized.path
                }
                if check {
                    guard FileManager.default.fileExists(atPath: item.media) else {
                        manifest.problems.append(.init(file: path, line: item.line, message: "\(item.media): no such file (if the path is valid only on the annotation servers, pass --no-check-media)"))
                        continue
                    }
                    do {
                        let duration = try MediaProbe.probe(item.media, vfrSample: 0).duration
                        let print = try MediaFingerprint.of(item.media, duration: duration).description
                        if let given = item.fingerprint, given != print {
                            manifest.problems.append(.init(file: path, line: item.line, message: "\(item.media): the fingerprint is \(print), not \(given) (another file?)"))
                        }
                        item.fingerprint = print
                        item.durationUs = item.durationUs ?? duration?.microseconds
                    } catch {
                        manifest.problems.append(.init(file: path, line: item.line, message: "\(item.media): \(error.description)"))
                    }
                }
                manifest.items[i] = item
            }
            problems += manifest.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.map(\.description)
            return manifest.items
        }

        static func defaultName(_ store: CentralStore, project: String, phase: String) throws -> String {
            let existing = Set(try store.waveRecords(project: project).map(\.id))
            var n = 1
            while existing.contains("\(phase)-\(n)") { n += 1 }
            return "\(phase)-\(n)"
        }

        static func parseDue(_ text: String) throws -> Int64 {
            let day = DateFormatter()
            day.locale = Locale(identifier: "en_US_POSIX")
            day.timeZone = TimeZone(identifier: "UTC")
            day.dateFormat = "yyyy-MM-dd"
            if let date = day.date(from: text) { return date.addingTimeInterval(86_399).microsecondsSince1970 }
            if let date = ISO8601DateFormatter().date(from: text) { return date.microsecondsSince1970 }
            throw CLIError("--due \(text): expected YYYY-MM-DD or an ISO 8601 time such as 2026-12-15T17:00:00Z")
        }
    }

    struct PlanJSON: Encodable {
        struct Entry: Encodable { var annotator, item, session: String; var gold: Bool; var position: Int }
        var wave: WaveRecord
        var summary: WavePlanner.Plan.Summary
        var calibrated: [String]
        var warnings: [String]
        var assignments: [Entry]

        init(_ p: WaveCreation.Planned) {
            wave = p.wave
            summary = p.plan.summary
            calibrated = p.calibrated
            warnings = p.plan.warnings
            assignments = p.assignments.map { Entry(annotator: $0.annotator, item: p.items[$0.item].item, session: p.items[$0.item].session,
                                                    gold: p.items[$0.item].gold, position: $0.position) }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per annotator and item: assigned, in progress, submitted, accepted, rejected; time; agreement so far.",
                                                        discussion: "Example: onset wave status --project demo --wave pilot-1 --store central.sqlite --json")
        @OptionGroup var central: CentralOptions
        @Option(help: "The project.") var project: String
        @Option(help: "Only this wave (default: all of the project's waves).") var wave: String?
        @Flag(help: "List every assignment even in large waves (by default up to 200 rows).") var all = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try central.open()
            let report: WaveStatusReport
            do { report = try WaveStatusReport.build(store, project: project, wave: wave) } catch { throw CLIError("\(error)") }
            print(json ? Output.json(report, snakeCase: true) : WaveStatusText.render(report, allRows: all))
        }
    }
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take open assignments back from an annotator (kept for audit); each item goes to another annotator of the wave.",
            discussion: "Without --item: every assignment of theirs not yet submitted or decided. Example: onset wave withdraw --project demo --wave pilot-1 --annotator ben --reason \"left\" --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Option(help: "The project.") var project: String
        @Option(help: "The wave.") var wave: String
        @Option(help: "Whose assignments.") var annotator: String
        @Option(help: "Only this item (repeat for several).") var item: [String] = []
        @Option(help: "Why (kept with each assignment).") var reason: String
        @Flag(help: "Leave the items in the pool instead of reassigning them.") var noReassign = false

        func run() throws {
            let done: [Relaunch]
            do {
                done = try central.open().withdraw(project: project, wave: wave, annotator: annotator, items: item.isEmpty ? nil : item,
                                                   reason: reason, reassign: !noReassign)
            } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
            if done.isEmpty { return print("\(annotator) has no open assignment in wave \(wave) (submitted and decided work is kept as it is)") }
            for r in done { print("withdrawn from \(annotator): \(r.item) → \(r.to ?? "the pool")") }
        }
    }

    struct Fill: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand the pool's items (fewer annotators than planned) to annotators who never had them.",
            discussion: "Example: onset wave fill --project demo --wave pilot-1 --annotators dora,eli --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Option(help: "The project.") var project: String
        @Option(help: "The wave.") var wave: String
        @Option(help: "Registered annotators to take them, comma-separated (default: the wave's own).") var annotators: String?

        func run() throws {
            let among = annotators.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            let given: [(item: String, to: String)]
            do { given = try central.open().fillPool(project: project, wave: wave, among: among) } catch { throw CLIError("\(error)") }
            if given.isEmpty { return print("nothing was handed out: the pool is empty, or every candidate has had its items") }
            for g in given { print("\(g.item) → \(g.to)") }
        }
    }
}

extension SessionMode: ExpressibleByArgument {}
