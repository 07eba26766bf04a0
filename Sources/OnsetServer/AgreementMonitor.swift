import Foundation
import OnsetAgreement
import OnsetStore
import OnsetSync

/// Keeps each project's agreement report current as bundles arrive: after an ingest the report
/// is recomputed in the background (one run at a time per project; arrivals meanwhile cause one
/// more run, at most one every five seconds), and a flag that was not there before is logged, so a drop in agreement shows while
/// a wave is running. Requests with the default options get the cached report when nothing
/// has changed since.
final class AgreementMonitor: @unchecked Sendable {
    let store: CentralStore
    private let lock = NSLock()
    private var cache: [String: (version: String, report: AgreementReport)] = [:]
    private var known: [String: Set<String>] = [:]
    private var running: Set<String> = []
    private var dirty: Set<String> = []
    private let queue = DispatchQueue(label: "onset.agreement-monitor")

    /// Nanoseconds between recomputations of one project during a burst of bundles.
    let interval: UInt64

    init(store: CentralStore, interval: UInt64 = 5_000_000_000) {
        self.store = store
        self.interval = interval
    }

    /// The report with default options, from the cache when the project has not changed.
    func report(project: String) throws -> AgreementReport {
        let version = try store.reportVersion(project: project)
        if let hit = lock.withLock({ cache[project] }), hit.version == version { return hit.report }
        let report = try compute(project: project)
        lock.withLock { cache[project] = (version, report) }
        return report
    }

    /// Schedules a recomputation after an ingest; `log` receives each new flag.
    func changed(project: String, log: @escaping @Sendable (String) -> Void) {
        let start = lock.withLock { () -> Bool in
            if running.contains(project) { dirty.insert(project); return false }
            running.insert(project)
            return true
        }
        guard start else { return }
        queue.async { [self] in
            var started: UInt64 = 0
            while true {
                // While bundles keep coming, at most one run per `interval`: the report is a
                // monitor, and ingest should keep the cores.
                let elapsed = DispatchTime.now().uptimeNanoseconds - started
                if started > 0, elapsed < interval { usleep(useconds_t((interval - elapsed) / 1000)) }
                started = DispatchTime.now().uptimeNanoseconds
                lock.withLock { _ = dirty.remove(project) }
                if let version = try? store.reportVersion(project: project), let report = try? compute(project: project) {
                    let flags = Set(report.flags.map(Self.describe))
                    let new = lock.withLock { () -> Set<String> in
                        cache[project] = (version, report)
                        defer { known[project] = flags }
                        return flags.subtracting(known[project] ?? [])
                    }
                    for flag in new.sorted() { log("agreement flag in project \(project): \(flag)") }
                }
                let again = lock.withLock { () -> Bool in
                    if dirty.contains(project) { return true }
                    running.remove(project)
                    return false
                }
                if !again { return }
            }
        }
    }

    /// Waits until no recomputation is running (tests).
    func settle() { queue.sync {} ; while lock.withLock({ !running.isEmpty }) { queue.sync {} } }

    private func compute(project: String) throws -> AgreementReport {
        var options = AgreementReport.Options()
        options.pairwise = true
        return AgreementReport.compute(try AgreementSource.central(store, project: project, wave: nil), options: options)
    }

    static func describe(_ f: AgreementReport.Flag) -> String {
        "\(f.scope) \(f.name)\(f.wave.map { " (wave \($0))" } ?? ""): \(f.measure) \(String(format: "%.3f", f.value)) < \(f.threshold)"
    }
}
