import ArgumentParser
import Foundation
import OnsetAgreement
import OnsetStore
import OnsetSync

/// `onset qc`: quality control per annotator and session, and decisions on sessions.
struct QCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qc",
        abstract: "Quality control: time on task, coverage, interaction, pace, agreement with peers and gold; accept or reject sessions.",
        discussion: """
            Examples:
              onset qc --store central.sqlite --project demo --gold expert
              onset qc --store central.sqlite --json --min-gold-f1 0.6
              onset qc reject s-0142 --annotator ana --reason "coded without watching" --store central.sqlite
              onset qc accept s-0142 --annotator ana --reason "re-checked" --store central.sqlite
            A rejected session is kept (for audit) but left out of dataset exports and agreement reports.
            """,
        subcommands: [Report.self, Reject.self, Accept.self],
        defaultSubcommand: Report.self)

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The quality-control report (the default).")

        @OptionGroup var source: ReportStoreOptions
        @Option(parsing: .upToNextOption, help: "Annotators whose work is the gold reference.") var gold: [String] = []
        @Option(help: "Flag time on task below this multiple of the media duration (0: off).") var minTimeOnTask = 1.0
        @Option(help: "Flag span F1 against gold below this (0: off).") var minGoldF1 = 0.5
        @Option(help: "Flag exact agreement with gold ratings below this share (0: off).") var minGoldExact = 0.75
        @Option(help: "Flag span F1 against peers below this (0: off).") var minPeerF1 = 0.0
        @Option(help: "Flag sessions that saw less than this share of the media (0: off).") var minCoverage = 0.0
        @Option(help: "Temporal IoU at which two spans match.") var iou = 0.5
        @Option(help: "Clip rating: flag when more than this share of finished clips were finished before they had played through once (1: off).") var maxRushedClips = 0.25
        @Flag(help: "Do not flag sessions without timeline interaction.") var allowNoInteraction = false
        @Flag(help: "Print the report as JSON.") var json = false

        func validate() throws {
            guard iou > 0, iou <= 1 else { throw ValidationError("--iou must be in (0, 1]") }
            guard maxRushedClips >= 0, maxRushedClips <= 1 else { throw ValidationError("--max-rushed-clips must be in [0, 1]") }
        }

        func run() throws {
            var rules = QualityReport.Rules()
            rules.minTimeOnTask = minTimeOnTask
            rules.minGoldF1 = minGoldF1
            rules.minGoldExact = minGoldExact
            rules.minPeerF1 = minPeerF1
            rules.minCoverage = minCoverage
            rules.iouThreshold = iou
            rules.maxRushedClips = maxRushedClips
            rules.requireTimelineInteraction = !allowNoInteraction
            let loaded: (work: [QualityReport.Work], input: AgreementInput)
            do {
                switch try source.open() {
                case .workstation(let store):
                    var probed: [String: Int64?] = [:]
                    loaded = try QualitySource.workstation(store, project: source.project, wave: source.wave) { path in
                        if let known = probed[path] { return known }
                        let d = ReportStoreOptions.mediaDuration(path)
                        probed[path] = .some(d)
                        return d
                    }
                case .central(let store, let project):
                    loaded = try QualitySource.central(store, project: project, wave: source.wave)
                }
            } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
            let report = QualityReport.compute(work: loaded.work, input: loaded.input, gold: Set(gold), rules: rules)
            print(json ? Output.json(report, snakeCase: true) : QualityText.render(report))
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a session's work: kept, marked, left out of deliveries.")
        @OptionGroup var decision: Decision
        func run() throws { try decision.record(.rejected) }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept a session's work (also undoes a rejection).")
        @OptionGroup var decision: Decision
        func run() throws { try decision.record(.accepted) }
    }

    struct Decision: ParsableArguments {
        @Argument(help: "The session id.") var session: String
        @Option(help: "Whose work (needed when several annotators coded the session).") var annotator: String?
        @Option(help: "Why (kept with the decision).") var reason: String
        @OptionGroup var source: ReportStoreOptions

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--reason must say why") }
        }

        func record(_ status: QCDecision.Status) throws {
            let by = ProcessInfo.processInfo.environment["ONSET_ANNOTATOR"] ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let made: QCDecision
            var relaunch: Relaunch?
            do {
                switch try source.open() {
                case .workstation(let store):
                    made = try store.decide(session: session, annotator: annotator, status: status, reason: reason, by: by)
                case .central(let store, let project):
                    (made, relaunch) = try store.decide(project: project, session: session, annotator: annotator, status: status, reason: reason, by: by)
                }
            } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
            print("\(made.status.rawValue): session \(made.session) by \(made.annotator) (\(made.reason))")
            if status == .rejected {
                print("The work is kept; dataset exports and agreement reports leave it out. `onset qc accept` takes it back.")
            }
            if let relaunch { print(relaunch.message) }
        }
    }
}

/// The quality-control report for a terminal.
enum QualityText {
    static func render(_ r: QualityReport) -> String {
        func num(_ v: Double?, _ digits: Int = 2) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        func pct(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }
        var out: [String] = []
        out.append("Quality control — \(r.sessions.count) session\(r.sessions.count == 1 ? "" : "s")" + (r.gold.isEmpty ? " (no gold annotator given: --gold)" : ", gold: \(r.gold.joined(separator: ", "))"))
        if r.sessions.isEmpty { return (out + ["Nothing to check: the store has no sessions."]).joined(separator: "\n") }
        out.append("")
        out.append(Output.table(["annotator", "session", "status", "media s", "on task s", "ratio", "seen", "timeline", "annot.", "/min", "peer F1", "gold F1", "gold exact", "flags"],
                                r.sessions.map { s in
            [s.annotator, s.session, s.decision ?? "–", num(s.mediaDurationS, 1), num(s.timeOnTaskS, 1), num(s.timeRatio), pct(s.coverage),
             s.timelineInteractions.map(String.init) ?? "–", "\(s.annotations)", num(s.annotationsPerMinute, 1), num(s.peerF1), num(s.goldF1),
             pct(s.goldExact), s.flags.isEmpty ? "" : "! \(s.flags.count)"]
        }))
        out.append("")
        out.append(Output.table(["annotator", "sessions", "flagged", "rejected", "annotations", "time on task"], r.annotators.map { a in
            [a.annotator, "\(a.sessions)", "\(a.flaggedSessions)", "\(a.rejectedSessions)", "\(a.annotations)", String(format: "%.0f s", a.timeOnTaskS)]
        }))
        let flagged = r.sessions.filter { !$0.flags.isEmpty }
        out.append("")
        if flagged.isEmpty {
            out.append("Flags: none")
        } else {
            out.append("Flags")
            for s in flagged { for f in s.flags { out.append("  ! \(s.annotator) \(s.session): \(f.message) [\(f.rule)]") } }
        }
        out.append("")
        out.append("F1: one-to-one span matching per signal at temporal IoU ≥ \(num(r.rules.iouThreshold)); exact: share of ratings equal to gold's.")
        return out.joined(separator: "\n")
    }
}
