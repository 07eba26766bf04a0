import ArgumentParser
import Foundation
import OnsetAgreement
import OnsetStore

struct KappaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kappa",
        abstract: "Cohen's kappa (two coders; optionally weighted) or Fleiss' kappa (three or more) on reliability data.",
        discussion: """
            Same CSV as `onset alpha`: header `coder,<unit ids>`, one row per coder, empty = missing.
            Cohen skips units either coder left empty; Fleiss uses the units every coder rated.
            Example: onset kappa ratings.csv --weights quadratic --json
            """)

    @Argument(help: "The reliability data CSV.") var file: String
    @Option(help: "none, linear or quadratic (Cohen's kappa only)") var weights: WeightChoice = .none
    @Flag(help: "Print {kappa, coefficient, weights, n, p_o, p_e, undefined_reason} as JSON.") var json = false

    enum WeightChoice: String, ExpressibleByArgument, CaseIterable { case none, linear, quadratic }

    struct KappaJSON: Encodable {
        var kappa: Double?
        var coefficient: String
        var weights: String
        var n: Int
        var p_o: Double
        var p_e: Double
        var undefined_reason: String?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kappa, forKey: .kappa)
            try c.encode(coefficient, forKey: .coefficient)
            try c.encode(weights, forKey: .weights)
            try c.encode(n, forKey: .n)
            try c.encode(p_o, forKey: .p_o)
            try c.encode(p_e, forKey: .p_e)
            try c.encode(undefined_reason, forKey: .undefined_reason)
        }

        enum CodingKeys: String, CodingKey { case kappa, coefficient, weights, n, p_o, p_e, undefined_reason }
    }

    func run() throws {
        let text: String
        do { text = try Workspace.read(file) } catch { throw CLIError(error.description) }
        let data: ReliabilityData
        do { data = try ReliabilityData.parse(csv: text) } catch { throw CLIError("\(file): \(error.description)") }
        let r: Kappa.Result
        if data.coders.count == 2 {
            r = Kappa.cohen(data.values[0], data.values[1], weights: Kappa.Weights(rawValue: weights.rawValue)!)
        } else {
            guard weights == .none else { throw CLIError("--weights applies to Cohen's kappa (two coders); this file has \(data.coders.count)") }
            r = Kappa.fleiss(data.values)
        }
        if json {
            print(Output.json(KappaJSON(kappa: r.kappa, coefficient: r.coefficient, weights: r.weights.rawValue, n: r.n,
                                        p_o: r.observedAgreement, p_e: r.expectedAgreement, undefined_reason: r.undefinedReason)))
            return
        }
        let name = r.coefficient == "cohen" ? "Cohen's kappa" + (r.weights == .none ? "" : " (\(r.weights.rawValue) weights)") : "Fleiss' kappa"
        print("\(name) = " + (r.kappa.map { String(format: "%.4f", $0) } ?? "undefined (\(r.undefinedReason ?? ""))"))
        print(String(format: "  n = %d units, p_o = %.6f, p_e = %.6f", r.n, r.observedAgreement, r.expectedAgreement))
    }
}
