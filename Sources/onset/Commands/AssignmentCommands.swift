import ArgumentParser
import Foundation
import OnsetStore

/// `onset inbox`: the annotator's assignments as last pulled by `onset sync`.
struct Inbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Your assignments (pulled by `onset sync`): status, due date, what you have done.",
        discussion: "Works offline on the last pulled list. Example: onset inbox --all")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Also list submitted and withdrawn assignments.") var all = false
    @Flag(help: "Print JSON.") var json = false

    struct Entry: Encodable {
        var project, wave, phase, item, session, status: String
        var reason: String?
        var due_us: Int64?
        var spans, clip_ratings: Int
        var session_file: String?
    }

    func run() throws {
        let store = try storeOptions.open()
        let list: [LocalAssignment], pulled: Int64?
        do { (list, pulled) = (try store.assignments(), try store.lastAssignmentPull()) } catch { throw CLIError(error.description) }
        let shown = list.filter { all || $0.status == "assigned" || $0.status == "in_progress" }
        if json {
            return print(Output.json(shown.map {
                Entry(project: $0.assignment.project, wave: $0.assignment.wave, phase: $0.assignment.phase, item: $0.assignment.item,
                      session: $0.assignment.session, status: $0.status, reason: $0.assignment.reason, due_us: $0.assignment.due_us,
                      spans: $0.spans, clip_ratings: $0.ratings, session_file: $0.sessionFile)
            }))
        }
        guard let pulled else { return print("no assignments pulled yet: `onset sync --to http://central:8640 --token …` pulls them") }
        let formatter = ISO8601DateFormatter()
        let waiting = list.filter { $0.status == "assigned" || $0.status == "in_progress" }.count
        print("\(waiting) assignment\(waiting == 1 ? "" : "s") to do; pulled \(formatter.string(from: Date(microsecondsSince1970: pulled)))")
        guard !shown.isEmpty else { return print(all ? "" : "nothing to do (--all lists submitted and withdrawn ones)") }
        print("")
        print(Output.table(["#", "due", "project", "wave", "item", "session", "status", "spans", "ratings", "note"], shown.enumerated().map { n, a in
            ["\(n + 1)", a.assignment.due_us.map { formatter.string(from: Date(microsecondsSince1970: $0)) } ?? "–", a.assignment.project,
             a.assignment.wave, a.assignment.item, a.assignment.session, a.status.replacingOccurrences(of: "_", with: " "), "\(a.spans)", "\(a.ratings)",
             a.assignment.reason ?? ""]
        }))
        print("\n`onset next` opens the first one; `onset submit` marks it done.")
    }
}

/// The assignment `onset next` opens: the first not yet submitted, in queue order.
func nextAssignment(_ store: LocalStore) throws -> LocalAssignment? {
    do { return try store.assignments().first { $0.status == "assigned" || $0.status == "in_progress" } } catch { throw CLIError(error.description) }
}

/// `onset next`: opens the next assigned item in the workstation.
struct Next: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open your next assigned item in the workstation (queue order: due date, then the wave's order).",
        discussion: "Example: onset next; onset next --print (only say which one)")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print the session id and file instead of opening it.") var print = false
    @Option(help: "A keymap from Keymaps/ loaded over the default.") var keymap: String?

    func run() throws {
        let store = try storeOptions.open()
        guard let next = try nextAssignment(store) else {
            let submitted = ((try? store.assignments()) ?? []).filter { $0.status == "submitted" }.count
            throw CLIError("no assignment waiting\(submitted > 0 ? " (\(submitted) submitted)" : ""); `onset sync` pulls new ones")
        }
        guard let file = next.sessionFile, FileManager.default.fileExists(atPath: file) else {
            throw CLIError("the session file of \(next.assignment.session) is missing; `onset sync` writes it again")
        }
        if print { return Swift.print("\(next.assignment.session)\t\(file)") }
        var args = [file, "--store", storeOptions.path]
        if let keymap { args += ["--keymap", keymap] }
        let open = try Open.parse(args)
        try open.run()
    }
}

/// `onset submit`: the annotator declares an assignment's work done.
struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark a session's work as done (the next sync tells the central store); --reopen takes it back.",
        discussion: "Example: onset submit acme.pilot-1.int-03; onset submit (the assignment `onset next` would open)")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The session (default: the assignment `onset next` would open).") var session: String?
    @Flag(help: "Mark it as not done after all.") var reopen = false

    func run() throws {
        let store = try storeOptions.open()
        guard let id = try session ?? nextAssignment(store)?.assignment.session else { throw CLIError("no assignment in progress; name the session") }
        do { try store.submit(session: id, reopen: reopen) } catch { throw CLIError(error.description) }
        print(reopen ? "\(id) reopened" : "\(id) submitted; `onset sync` delivers it")
    }
}
