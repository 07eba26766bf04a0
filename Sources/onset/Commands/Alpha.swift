import ArgumentParser
import Foundation
import OnsetAgreement
import OnsetStore

struct Alpha: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Krippendorff's alpha on reliability data (CSV: header `coder,<unit ids>`, one row per coder, empty = missing).",
        discussion: """
            Values are labels for nominal, numbers otherwise. Reports alpha, n (pairable values), D_o and D_e;
            an undefined alpha says why (never 1.0 or 0.0 silently).
            Example: onset alpha ratings.csv --level ordinal --json
            """)

    @Argument(help: "The reliability data CSV.") var file: String
    @Option(help: "nominal, ordinal, interval or ratio") var level: LevelChoice = .nominal
    @Flag(help: "Print {alpha, level, n, D_o, D_e, undefined_reason} as JSON.") var json = false
    @Option(help: "Add a 95% bootstrap confidence interval from this many replicates (units resampled; 0: none).") var bootstrap = 0
    @Option(help: "Seed of the bootstrap (the same seed gives the same interval).") var seed: UInt64 = 1

    enum LevelChoice: String, ExpressibleByArgument, CaseIterable {
        case nominal, ordinal, interval, ratio
        var level: KrippendorffAlpha.Level { KrippendorffAlpha.Level(rawValue: rawValue)! }
    }

    /// The JSON contract of `--json`.
    struct AlphaJSON: Encodable {
        var alpha: Double?
        var level: String
        var n: Int
        var D_o: Double
        var D_e: Double
        var undefined_reason: String?
        var ci: Interval?

        struct Interval: Encodable {
            var lower: Double, upper: Double, confidence: Double, replicates: Int, undefined_replicates: Int, seed: UInt64, method: String
        }

        func encode(to encoder: Encoder) throws {
            // Explicit so that an undefined alpha is `null`, not a missing key.
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(alpha, forKey: .alpha)
            try c.encode(level, forKey: .level)
            try c.encode(n, forKey: .n)
            try c.encode(D_o, forKey: .D_o)
            try c.encode(D_e, forKey: .D_e)
            try c.encode(undefined_reason, forKey: .undefined_reason)
            try c.encodeIfPresent(ci, forKey: .ci)
        }

        enum CodingKeys: String, CodingKey { case alpha, level, n, D_o, D_e, undefined_reason, ci }
    }

    func validate() throws {
        guard (0...100_000).contains(bootstrap) else { throw ValidationError("--bootstrap takes 0 to 100000 replicates") }
    }

    func run() throws {
        let text: String
        do { text = try Workspace.read(file) } catch { throw CLIError(error.description) }
        let data: ReliabilityData
        do { data = try ReliabilityData.parse(csv: text) } catch { throw CLIError("\(file): \(error.description)") }
        let r = KrippendorffAlpha.compute(data.coded, level: level.level)
        let interval = bootstrap > 0 ? KrippendorffAlpha.bootstrap(data.coded, level: level.level, replicates: bootstrap, seed: seed) : nil
        if json {
            print(Output.json(AlphaJSON(alpha: r.alpha, level: r.level.rawValue, n: r.n, D_o: r.observedDisagreement,
                                           D_e: r.expectedDisagreement, undefined_reason: r.undefinedReason,
                                           ci: interval.map { .init(lower: $0.lower, upper: $0.upper, confidence: $0.confidence, replicates: $0.replicates,
                                                                    undefined_replicates: $0.undefinedReplicates, seed: $0.seed, method: BootstrapInterval.method) })))
            return
        }
        let value = r.alpha.map { String(format: "%.4f", $0) } ?? "undefined (\(r.undefinedReason ?? ""))"
        print("Krippendorff's alpha (\(r.level.rawValue)) = \(value)")
        print("  n = \(r.n) pairable values from \(data.coders.count) coders × \(data.units.count) units")
        print(String(format: "  D_o = %.6f, D_e = %.6f", r.observedDisagreement, r.expectedDisagreement))
        if bootstrap > 0 {
            if let i = interval {
                print(String(format: "  95%% CI [%.4f, %.4f] (%@, %d replicates, seed %llu)", i.lower, i.upper, BootstrapInterval.method, i.replicates, i.seed))
            } else {
                print("  no bootstrap interval: alpha is undefined, the data have over 2048 distinct values, or fewer than half the replicates were defined")
            }
        }
    }
}
