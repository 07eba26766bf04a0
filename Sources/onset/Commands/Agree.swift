import ArgumentParser
import Foundation
import OnsetAgreement
import OnsetStore
import OnsetSync

/// `onset agree`: the agreement report on a workstation store or the central store.
struct Agree: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Agreement between annotators on a store: per signal, per rating dimension, per pair, across waves.",
        discussion: """
            Per signal: items coded by two or more annotators, time-slice alpha (slice stated), Krippendorff's \
            unitizing alphas uα, |uα, cuα and (k)uα per intensity, and pairwise figures. Per rating dimension: \
            alpha (ordinal and interval), exact and within-one agreement. Values below the thresholds are flagged.
            Examples:
              onset agree --store central.sqlite --project demo
              onset agree --store central.sqlite --wave pilot --signal smile --json
              onset agree --min-alpha 0.8 --slice-ms 40
            """)

    @OptionGroup var source: ReportStoreOptions
    @Option(help: "Only this signal.") var signal: String?
    @Option(help: "Time-slice length in milliseconds.") var sliceMs: Double = 100
    @Option(help: "Flag alphas below this.") var minAlpha: Double = 0.667
    @Option(help: "Flag exact agreement on ratings below this (a share, 0–1).") var minExact: Double = 0.75
    @Option(help: "Flag within-one agreement on ratings below this.") var minWithinOne: Double = 0.9
    @Flag(help: "Leave out the per-pair figures.") var noPairs = false
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard sliceMs > 0, sliceMs * 1000 >= 1 else { throw ValidationError("--slice-ms must be positive (at least 0.001)") }
        for (name, v) in [("--min-alpha", minAlpha), ("--min-exact", minExact), ("--min-within-one", minWithinOne)] where !(v.isFinite && v <= 1) {
            throw ValidationError("\(name) must be a number at most 1")
        }
    }

    func run() throws {
        let input = try Self.load(source)
        var options = AgreementReport.Options()
        options.slice = Int64((sliceMs * 1000).rounded())
        options.signal = signal
        options.pairwise = !noPairs
        options.thresholds.alpha = minAlpha
        options.thresholds.exact = minExact
        options.thresholds.withinOne = minWithinOne
        let progress = Progress(total: input.spanItems.count)
        let report = AgreementReport.compute(input, options: options) { progress.show($0) }
        progress.finish()
        if json {
            print(Output.json(report, snakeCase: true))
        } else {
            print(AgreementText.render(report, signalFilter: signal))
        }
    }

    static func load(_ source: ReportStoreOptions) throws -> AgreementInput {
        do {
            switch try source.open() {
            case .workstation(let store):
                return try AgreementSource.workstation(store, project: source.project, wave: source.wave, duration: ReportStoreOptions.mediaDuration)
            case .central(let store, let project):
                return try AgreementSource.central(store, project: project, wave: source.wave)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Progress on stderr, only on a terminal and only for work worth waiting for.
    final class Progress {
        let visible: Bool
        var last = -1

        init(total: Int) { visible = isatty(2) == 1 && total > 500 }

        func show(_ share: Double) {
            guard visible else { return }
            let percent = Int(share * 100)
            guard percent != last else { return }
            last = percent
            FileHandle.standardError.write(Data("\rcomputing agreement… \(percent)%".utf8))
        }

        func finish() { if visible && last >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
    }
}
