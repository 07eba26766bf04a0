import ArgumentParser
import Foundation
import OnsetStore
import OnsetSync

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bundle what is new, send every pending bundle to the central store (a server or a shared folder), and pull your assignments from a server.",
        discussion: """
            The destination and token are remembered (in $XDG_CONFIG_HOME/onset/sync.json, mode 600) once given. \
            $ONSET_SYNC_TOKEN overrides the remembered token. Offline, bundles stay queued: run sync again later. \
            From a server, your assignments are pulled too (`onset inbox`, `onset next`); the last pulled ones work offline.
            Examples:
              onset sync --to http://127.0.0.1:8640 --token onset_3f…
              onset sync --to /mnt/shared/onset-inbox
              onset sync --status
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "A server URL (http://host:port) or a folder.") var to: String?
    @Option(help: "The upload token from your administrator.") var token: String?
    @Flag(help: "Only say what is pending and since when.") var status = false
    @Flag(help: "Send what is queued without bundling new work first.") var noBundle = false
    @Option(help: "Attempts per bundle when the server cannot be reached.") var attempts = 5
    @Flag(help: "Do not pull assignments from the server.") var noPull = false

    struct Settings: Codable {
        var to: String?
        var token: String?
    }

    static var settingsPath: String { ConfigFolder.path() + "/sync.json" }

    func run() throws {
        let store = try storeOptions.open()
        if status { return try printStatus(store) }
        var settings = (FileManager.default.contents(atPath: Self.settingsPath)).flatMap { try? JSONDecoder().decode(Settings.self, from: $0) } ?? Settings()
        if let to { settings.to = to }
        if let token { settings.token = token }
        guard let target = settings.to else { throw CLIError("where to? give --to URL or --to FOLDER once; it is remembered") }
        let destination: SyncDestination
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            guard let url = URL(string: target) else { throw CLIError("--to \(target) is not a URL") }
            guard let token = ProcessInfo.processInfo.environment["ONSET_SYNC_TOKEN"] ?? settings.token else {
                throw CLIError("the server needs a token: --token T (from `onset central token issue` on the central side)")
            }
            destination = .server(url, token: token)
        } else {
            destination = .directory(target)
        }
        if to != nil || token != nil { try save(settings) }
        if !noBundle { try BundleCommand.Create.parse(["--store", storeOptions.path]).bundleNew(store, quietWhenEmpty: true) }
        var client = SyncClient(store: store, destination: destination)
        client.attempts = max(1, attempts)
        let report: SyncClient.Report
        do { report = try client.run() } catch { throw CLIError(error.description) }
        for line in report.lines { print(line) }
        print("\(report.delivered) delivered to \(destination), \(report.pending) pending")
        var failed = report.failed
        if case .server = destination, !noPull {
            do {
                let pulled = try client.pullAssignments(into: storeOptions.workspace().assignedDirectory)
                let c = pulled.changes
                print("assignments for \(pulled.annotator): \(c.new.count) new, \(c.changed.count) changed, \(c.withdrawn.count) withdrawn; \(pulled.active) active (`onset inbox`)")
                for a in c.withdrawn { print("  withdrawn: \(a.session)\(a.reason.map { " (\($0))" } ?? "")") }
            } catch {
                print("assignments not pulled: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    func save(_ settings: Settings) throws {
        let path = Self.settingsPath
        try FileManager.default.createDirectory(atPath: ConfigFolder.path(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(settings).write(to: URL(fileURLWithPath: path))
    }

    func printStatus(_ store: LocalStore) throws {
        do {
            let pending = try store.outbox(pendingOnly: true)
            let unbundled = try store.unbundledEdits()
            let formatter = ISO8601DateFormatter()
            if pending.isEmpty {
                print("no bundle waiting to be sent")
            } else {
                print("\(pending.count) bundle\(pending.count == 1 ? "" : "s") waiting since \(formatter.string(from: pending.map(\.createdAt).min()!)):")
                print(Output.table(["project", "#", "records", "bytes", "made", "attempts", "last error"], pending.map {
                    [$0.project, String($0.sequence), String($0.records), String($0.bytes), formatter.string(from: $0.createdAt),
                     String($0.attempts), $0.lastError ?? ""]
                }))
            }
            print(unbundled == 0 ? "every edit is in a bundle" : "\(unbundled) edit\(unbundled == 1 ? "" : "s") not bundled yet (`onset sync` bundles them)")
            if let last = try store.outbox().compactMap(\.deliveredAt).max() { print("last delivery: \(formatter.string(from: last))") }
            if let pulled = try store.lastAssignmentPull() {
                let open = try store.assignments().filter { $0.status == "assigned" || $0.status == "in_progress" }.count
                print("assignments last pulled \(formatter.string(from: Date(microsecondsSince1970: pulled))): \(open) to do (`onset inbox`)")
            }
        } catch { throw CLIError(error.description) }
    }
}
