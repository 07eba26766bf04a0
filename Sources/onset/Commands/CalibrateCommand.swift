import ArgumentParser
import Foundation
import OnsetAgreement
import OnsetCore
import OnsetStore
import OnsetSync

/// `onset calibrate`: score annotators' calibration work against gold on the central store.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibration against gold: the project's rule, scoring with feedback item by item, stored results.",
        discussion: """
            Examples:
              onset calibrate rule --project acme --gold expert --measure span-f1 --threshold 0.85 --store central.sqlite
              onset calibrate score --session acme.calibration-1.int-04 --store central.sqlite
              onset calibrate score --wave calibration-1 --annotator ana --json --store central.sqlite
              onset calibrate results --project acme --format csv --store central.sqlite
            """,
        subcommands: [RuleCommand.self, Score.self, Results.self])

    /// The central store and project, as the report commands find them.
    static func central(_ source: ReportStoreOptions) throws -> (CentralStore, String) {
        guard case .central(let store, let project) = try source.open() else {
            throw CLIError("calibration is scored on the central store, where gold and annotators' work meet: pass --store central.sqlite")
        }
        return (store, project)
    }

    static func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    struct RuleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rule", abstract: "Set (or, without options, show) the project's calibration rule.")
        @OptionGroup var source: ReportStoreOptions
        @Option(help: "Gold annotators, comma-separated, in order of precedence.") var gold: String?
        @Option(help: "span-f1, rating-exact or rating-within-one.") var measure: Calibration.Measure?
        @Option(help: "Pass at or above this value of the measure (0–1).") var threshold: Double?
        @Option(help: "Temporal IoU at which two spans match.") var iou: Double?

        func run() throws {
            let (store, project) = try CalibrateCommand.central(source)
            do {
                let old = try store.calibrationRule(project: project)
                if gold == nil && measure == nil && threshold == nil && iou == nil {
                    guard let old else { return print("project \(project) has no calibration rule yet (default: span-f1 ≥ 0.85 at IoU 0.5; gold must be named)") }
                    return print("project \(project): gold \(old.gold.joined(separator: ", ")); pass when \(old.measure) ≥ \(old.threshold) (IoU \(old.iou))")
                }
                let rule = CalibrationRuleRecord(project: project, gold: CalibrateCommand.list(gold) ?? old?.gold ?? [],
                                                 measure: (measure ?? old.flatMap { Calibration.Measure(rawValue: $0.measure) } ?? .spanF1).rawValue,
                                                 threshold: threshold ?? old?.threshold ?? 0.85, iou: iou ?? old?.iou ?? 0.5)
                guard !rule.gold.isEmpty else { throw CLIError("name the gold annotators: --gold EXPERT[,EXPERT…]") }
                guard (0...1).contains(rule.threshold), rule.iou > 0, rule.iou <= 1 else { throw CLIError("--threshold must be in 0…1 and --iou in (0, 1]") }
                try store.setCalibrationRule(rule)
                print("project \(project): gold \(rule.gold.joined(separator: ", ")); pass when \(rule.measure) ≥ \(rule.threshold) (IoU \(rule.iou))")
            } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score an annotator's calibration work against gold, show where it differed, and store the result.")
        @OptionGroup var source: ReportStoreOptions
        @Option(parsing: .upToNextOption, help: "The calibration session(s).") var session: [String] = []
        @Option(help: "Whose work (needed when several annotators coded the items).") var annotator: String?
        @Option(help: "Gold annotators for this run, comma-separated (default: the project's rule).") var gold: String?
        @Option(help: "span-f1, rating-exact or rating-within-one (default: the project's rule).") var measure: Calibration.Measure?
        @Option(help: "Pass threshold for this run.") var threshold: Double?
        @Option(help: "IoU for this run.") var iou: Double?
        @Flag(help: "Do not store the result.") var noStore = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            guard !session.isEmpty || source.wave != nil else { throw CLIError("say which work: --session ID (repeatable) or --wave W") }
            let (store, project) = try CalibrateCommand.central(source)
            let scored: CalibrationScoring.Scored
            do {
                let (goldAnnotators, rule) = try CalibrationScoring.rule(store, project: project, gold: CalibrateCommand.list(gold), measure: measure,
                                                                          threshold: threshold, iou: iou)
                scored = try CalibrationScoring.score(store, project: project, sessions: session.isEmpty ? nil : session, wave: source.wave,
                                                      annotator: annotator, gold: goldAnnotators, rule: rule)
                if !noStore {
                    try CalibrationScoring.store(scored, in: store, by: ProcessInfo.processInfo.environment["ONSET_ANNOTATOR"] ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown")
                }
            } catch { throw CLIError("\(error)") }
            print(json ? Output.json(scored, snakeCase: true) : CalibrationText.render(scored))
        }
    }

    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored calibration results (every scoring, oldest first).")
        @OptionGroup var source: ReportStoreOptions
        @Option(help: "Only this annotator.") var annotator: String?
        @Option(help: "table, json or csv") var format: String = "table"

        func run() throws {
            let (store, project) = try CalibrateCommand.central(source)
            let rows: [CalibrationResultRecord]
            do { rows = try store.calibrationResults(project: project, annotator: annotator) } catch { throw CLIError("\(error)") }
            let time = ISO8601DateFormatter()
            switch format {
            case "json":
                print(Output.json(rows))
            case "csv":
                print(CSV.row(["project", "annotator", "wave", "sessions", "measure", "threshold", "value", "passed", "scored_at", "scored_by"]))
                for r in rows {
                    print(CSV.row([r.project, r.annotator, r.wave ?? "", r.sessions.joined(separator: ";"), r.measure, String(r.threshold),
                                   r.value.map { String($0) } ?? "", r.passed.map { $0 ? "true" : "false" } ?? "",
                                   time.string(from: Date(microsecondsSince1970: r.scored_at_us)), r.scored_by]))
                }
            case "table":
                if rows.isEmpty { return print("no calibration results in project \(project) yet") }
                print(Output.table(["annotator", "wave", "items", "measure", "value", "threshold", "verdict", "scored"], rows.map { r in
                    [r.annotator, r.wave ?? "–", "\(r.sessions.count)", r.measure, r.value.map { String(format: "%.3f", $0) } ?? "undefined",
                     String(format: "%.2f", r.threshold), r.passed.map { $0 ? "pass" : "FAIL" } ?? "–", time.string(from: Date(microsecondsSince1970: r.scored_at_us))]
                }))
            default:
                throw CLIError("--format must be table, json or csv")
            }
        }
    }
}

extension Calibration.Measure: ExpressibleByArgument {}

/// A calibration result for a terminal: the verdict, the figures, then item by item where the
/// annotator differed from gold, side by side.
enum CalibrationText {
    static func render(_ s: CalibrationScoring.Scored) -> String {
        let r = s.result
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
        func ms(_ v: Double?) -> String { v.map { String(format: "%.0f ms", $0) } ?? "–" }
        func t(_ v: Double?) -> String { v.map { Timecode(microseconds: Int64(($0 * 1000).rounded())).description } ?? "" }
        var out: [String] = []
        let verdict = r.passed.map { $0 ? "PASS" : "FAIL" } ?? "UNDECIDED"
        out.append("Calibration of \(s.annotator) — \(s.sessions.count) item\(s.sessions.count == 1 ? "" : "s") of project \(s.project)\(s.wave.map { ", wave \($0)" } ?? "")")
        out.append("\(verdict): \(r.rule.measure.rawValue) \(r.value.map { pct($0) } ?? "undefined (\(r.undefinedReason ?? ""))") against a threshold of \(pct(r.rule.threshold))")
        out.append("")
        if !r.signals.isEmpty {
            out.append(Output.table(["signal", "spans", "gold", "matched", "precision", "recall", "F1", "onset err", "offset err"],
                                    (r.signals + [r.overall]).map {
                [$0.signal, "\($0.spans)", "\($0.gold)", "\($0.matched)", pct($0.precision), pct($0.recall), pct($0.f1), ms($0.onsetErrorMs), ms($0.offsetErrorMs)]
            }))
            out.append("")
        }
        if !r.dimensions.isEmpty {
            out.append(Output.table(["dimension", "clips", "exact", "within one", "mean abs. error"], r.dimensions.map {
                [$0.dimension, "\($0.n)", pct($0.exact), pct($0.withinOne), $0.meanAbsoluteError.map { String(format: "%.2f", $0) } ?? "–"]
            }))
            out.append("")
        }
        out.append("Where \(s.annotator) differed from gold (gold: \(Set(s.gold.values).sorted().joined(separator: ", "))):")
        for item in r.items {
            let differing = item.differences.filter(\.differs)
            out.append("")
            out.append("\(item.item): \(differing.isEmpty ? "as gold" : "\(differing.count) difference\(differing.count == 1 ? "" : "s")")")
            guard !differing.isEmpty else { continue }
            out.append(Output.table(["", "signal / clip", "\(s.annotator)", "gold", "note"], differing.map { d in
                switch d.kind {
                case "missed": return ["−", d.signal ?? "", "", "\(t(d.goldStartMs))–\(t(d.goldEndMs))", "missed"]
                case "extra": return ["+", d.signal ?? "", "\(t(d.startMs))–\(t(d.endMs))", "", "not in gold"]
                case "rating": return ["≠", "\(d.clip ?? "") \(d.dimension ?? "")", "\(d.score ?? 0)", "\(d.goldScore ?? 0)", ""]
                default:
                    let on = (d.startMs ?? 0) - (d.goldStartMs ?? 0), off = (d.endMs ?? 0) - (d.goldEndMs ?? 0)
                    return ["~", d.signal ?? "", "\(t(d.startMs))–\(t(d.endMs))", "\(t(d.goldStartMs))–\(t(d.goldEndMs))",
                            String(format: "onset %+.0f ms, offset %+.0f ms, IoU %.2f", on, off, d.iou ?? 0)]
                }
            }).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        out.append("")
        out.append("Matching: \(Calibration.Result.matching) (IoU \(r.rule.iou)).")
        return out.joined(separator: "\n")
    }
}
