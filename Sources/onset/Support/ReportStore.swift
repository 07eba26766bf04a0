import ArgumentParser
import Foundation
import OnsetMedia
import OnsetPostgres
import OnsetStore

/// `--store` for report commands (`agree`, `qc`): a workstation store or the central one,
/// told apart by its schema.
struct ReportStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A workstation store, or a central store: a file or a postgres:// URL (default: this workstation's store).", valueName: "path|url"))
    var store: String?
    @Option(help: "Project (on a central store with several projects: required).") var project: String?
    @Option(help: "Only this wave.") var wave: String?

    enum Opened {
        case workstation(LocalStore)
        case central(CentralStore, project: String)
    }

    func open() throws -> Opened {
        let path = store ?? LocalStore.defaultPath()
        let kind: StoreKind
        if PostgresURL.isPostgres(path) { kind = .central } else {
            do { kind = try StoreKind.of(path: path) } catch { throw CLIError(error.description) }
        }
        switch kind {
        case .workstation:
            do { return .workstation(try LocalStore(path: path)) } catch { throw CLIError(error.description) }
        case .central:
            let central: CentralStore
            do { central = try CentralStore.open(path) } catch { throw CLIError(error.description) }
            if let project {
                guard (try? central.projectExists(project)) == true else { throw CLIError("\(central.path): no project `\(project)`") }
                return .central(central, project: project)
            }
            let projects = (try? central.projects().map(\.id)) ?? []
            guard projects.count == 1 else {
                throw CLIError(projects.isEmpty ? "\(central.path): the central store has no project yet"
                                                : "\(central.path) holds several projects (\(projects.joined(separator: ", "))): choose one with --project")
            }
            return .central(central, project: projects[0])
        }
    }

    /// A media file's duration in microseconds, when it can be probed here.
    static func mediaDuration(_ path: String) -> Int64? {
        (try? MediaProbe.probe(path, vfrSample: 0).duration)?.microseconds
    }
}
