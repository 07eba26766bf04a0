import ArgumentParser
import Foundation
import OnsetPostgres
import OnsetStore
import OnsetSync

/// The central store's path, which every central command takes.
struct CentralOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The central store: a SQLite file, or a PostgreSQL database as postgres://user@host:port/db.", valueName: "path|url")) var store: String

    func open() throws -> CentralStore {
        do { return try CentralStore.open(store) } catch { throw CLIError(error.description) }
    }
}

/// `onset ingest`: bundles delivered through a shared folder or by hand.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take bundles into the central store (each one all or nothing; the same bundle twice changes nothing).",
        discussion: "Example: onset ingest /srv/onset/inbox/*.onsetbundle --store central.sqlite")
    @OptionGroup var central: CentralOptions
    @Argument(help: "Bundle files.") var files: [String]

    func run() throws {
        let store = try central.open()
        var failed = 0
        // In sequence order, so that a folder of bundles applies without holding any.
        let ordered = files.sorted()
        for file in ordered {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): REJECTED: no such file (or it cannot be read)")
                failed += 1
                continue
            }
            do {
                let result = try Ingest.ingest(Array(data), into: store)
                print("\(file): \(result.summary)")
                if case .applied = result.outcome {
                    for scored in (try? CalibrationScoring.scoreFinished(store, project: result.project, annotator: result.annotator)) ?? [] {
                        print("  calibration of \(scored.annotator) on \(scored.sessions.joined(separator: ", ")): \(scored.result.passed.map { $0 ? "pass" : "fail" } ?? "undecided")")
                    }
                }
            } catch {
                print("\(file): REJECTED: \(error.description)")
                failed += 1
            }
        }
        if failed > 0 { throw CLIError("\(failed) of \(files.count) bundle\(files.count == 1 ? "" : "s") rejected; the central store is unchanged by them") }
    }
}

struct CentralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "central",
        abstract: "Administer the central store: projects, annotators, tokens, status, dataset export.",
        discussion: """
            Examples:
              onset central project add demo --store central.sqlite
              onset central annotator add ana --public-key 7Jd…= --project demo --store central.sqlite
              onset central token issue ana --label laptop --store central.sqlite
              onset central status --store central.sqlite
              onset central export --project demo --format csv --out demo.csv --store central.sqlite
            """,
        subcommands: [Project.self, Annotator.self, Token.self, Status.self, Export.self])

    struct Project: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Projects bundles may be sent for.", subcommands: [ProjectAdd.self])
    }

    struct Annotator: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Annotators and their signing keys.", subcommands: [AnnotatorAdd.self])
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Upload tokens (kept hashed).", subcommands: [TokenIssue.self, TokenRevoke.self])
    }

    struct ProjectAdd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a project.",
                                                        discussion: "Example: onset central project add demo --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Argument(help: "The project's name.") var name: String

        func run() throws {
            do { try central.open().addProject(name) } catch { throw CLIError("\(error)") }
            print("project \(name) added")
        }
    }

    struct AnnotatorAdd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Register an annotator's public key for projects.",
                                                        discussion: "Example: onset central annotator add ana --public-key 7Jd…= --project demo --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Argument(help: "The annotator's id.") var name: String
        @Option(help: "The public key `onset identity show` prints.") var publicKey: String
        @Option(help: "A project the annotator works on (repeat for several).") var project: [String] = []
        @Flag(help: "Replace a different key registered before.") var replaceKey = false

        func run() throws {
            do { try central.open().registerAnnotator(name, publicKey: publicKey, projects: project, replaceKey: replaceKey) } catch { throw CLIError("\(error)") }
            print("annotator \(name) registered\(project.isEmpty ? "" : " for \(project.joined(separator: ", "))")")
        }
    }

    struct TokenIssue: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "issue", abstract: "Issue an upload token for an annotator.",
                                                        discussion: "Example: onset central token issue ana --label laptop --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Argument(help: "The annotator.") var name: String
        @Option(help: "What the token is for (to revoke it later).") var label = "default"

        func run() throws {
            let token: String
            do { token = try central.open().issueToken(annotator: name, label: label) } catch { throw CLIError("\(error)") }
            print(token)
            FileHandle.standardError.write(Data("This is the only time the token is shown (the store keeps its hash). Give it to \(name) for `onset sync --token`.\n".utf8))
        }
    }

    struct TokenRevoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an annotator's tokens (all, or those with a label).",
                                                        discussion: "Example: onset central token revoke ana --label laptop --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Argument(help: "The annotator.") var name: String
        @Option(help: "Only tokens with this label.") var label: String?

        func run() throws {
            let n: Int
            do { n = try central.open().revokeTokens(annotator: name, label: label) } catch { throw CLIError("\(error)") }
            print("\(n) token\(n == 1 ? "" : "s") of \(name) revoked")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Projects, annotators, progress and held bundles.",
                                                        discussion: "Example: onset central status --store central.sqlite --format json")
        @OptionGroup var central: CentralOptions
        @Option(help: "text or json") var format: TextOrJSON = .text

        func run() throws {
            let store = try central.open()
            do {
                let projects = try store.projects(), annotators = try store.annotators(), held = try store.heldBundles()
                if format == .json {
                    struct Held: Encodable { var bundle_id: String, workstation: String, project: String, sequence: Int64, waiting_for: Int64 }
                    struct All: Encodable { var projects: [CentralStore.ProjectSummary]; var annotators: [CentralStore.AnnotatorSummary]; var held: [Held] }
                    print(Output.json(All(projects: projects, annotators: annotators,
                                          held: held.map { Held(bundle_id: $0.id, workstation: $0.workstation, project: $0.project, sequence: $0.sequence, waiting_for: $0.waitingFor) })))
                    return
                }
                print(Output.table(["project", "annotators", "bundles", "spans", "ratings"],
                                   projects.map { [$0.id, String($0.annotators), String($0.bundles), String($0.spans), String($0.clip_ratings)] }))
                print("")
                print(Output.table(["annotator", "projects", "bundles", "tokens"],
                                   annotators.map { [$0.id, $0.projects.joined(separator: ","), String($0.bundles), String($0.live_tokens)] }))
                for h in held { print("held: bundle #\(h.sequence) of \(h.project) from workstation \(h.workstation) waits for #\(h.waitingFor)") }
            } catch { throw CLIError("\(error)") }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The merged dataset: every annotator's current spans and ratings.",
                                                        discussion: "Example: onset central export --project demo --wave pilot --format jsonl --out demo.jsonl --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Option(help: "The project.") var project: String
        @Option(help: "Only this wave.") var wave: String?
        @Option(help: "jsonl or csv") var format: DatasetExport.Format = .jsonl
        @Option(help: "Output file (default: standard output).") var out: String?

        func run() throws {
            let store = try central.open()
            let handle: FileHandle
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: nil) else { throw CLIError("\(out): cannot create the file") }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            } else {
                handle = .standardOutput
            }
            let n: Int
            do { n = try DatasetExport.export(store, project: project, wave: wave, format: format) { try handle.write(contentsOf: Data($0)) } } catch {
                throw CLIError("\(error)")
            }
            if out != nil { FileHandle.standardError.write(Data("\(n) records written to \(out!)\n".utf8)) }
        }
    }
}

extension DatasetExport.Format: ExpressibleByArgument {}
