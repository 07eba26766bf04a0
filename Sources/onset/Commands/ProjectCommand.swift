import ArgumentParser
import Foundation
import OnsetCore
import OnsetStore

/// `onset project`: projects on the central store, each running under a versioned scheme.
struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Projects on the central store and the scheme versions they run under.",
        discussion: """
            Examples:
              onset project create demo --scheme Sessions/schemes/social-signals.toml --store central.sqlite
              onset project scheme demo --scheme social-signals-v2.toml --store central.sqlite
              onset project list --store central.sqlite
            """,
        subcommands: [Create.self, SchemeVersionCommand.self, List.self])

    /// A scheme file read for registration: its id and version from the file, its bytes hashed.
    static func schemeVersion(_ path: String) throws -> SchemeVersion {
        do {
            let text = try Workspace.read(path)
            let scheme = try Scheme.parse(toml: text, file: path)
            return SchemeVersion(id: scheme.id, version: scheme.version, sha256: SHA256.hex(SHA256.hash(Array(text.utf8))), toml: text)
        } catch { throw CLIError(error.description) }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a project that runs under a scheme.",
                                                        discussion: "Example: onset project create demo --scheme Sessions/schemes/social-signals.toml --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Argument(help: "The project's name (letters, digits, -, _, .).") var name: String
        @Option(help: "The scheme file (TOML); its id and version are registered with the project.") var scheme: String

        func run() throws {
            let version = try ProjectCommand.schemeVersion(scheme)
            do { try central.open().createProject(name, scheme: version) } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
            print("project \(name) created, scheme \(version.id) v\(version.version)")
        }
    }

    struct SchemeVersionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scheme", abstract: "Register a new version of a project's scheme (old versions are never rewritten).",
            discussion: "Example: onset project scheme demo --scheme social-signals-v2.toml --store central.sqlite")
        @OptionGroup var central: CentralOptions
        @Argument(help: "The project.") var name: String
        @Option(help: "The scheme file, with `version` raised.") var scheme: String

        func run() throws {
            let version = try ProjectCommand.schemeVersion(scheme)
            let added: Bool
            do { added = try central.open().addSchemeVersion(project: name, scheme: version) } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
            print(added ? "scheme \(version.id) v\(version.version) registered for \(name); new waves run under it" : "scheme \(version.id) v\(version.version) is registered already with this content; nothing changed")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Projects, their scheme versions and waves.")
        @OptionGroup var central: CentralOptions
        @Flag(help: "Print JSON.") var json = false

        struct Entry: Encodable {
            var project: String
            var scheme_id: String?
            var scheme_versions: [Int]
            var waves: [WaveRecord]
        }

        func run() throws {
            let store = try central.open()
            let entries: [Entry]
            do {
                let waves = Dictionary(grouping: try store.waveRecords(project: nil), by: \.project)
                entries = try store.projects().map { p in
                    let scheme = try? store.schemeVersions(project: p.id)
                    return Entry(project: p.id, scheme_id: scheme?.id, scheme_versions: scheme?.versions.map(\.version) ?? [], waves: waves[p.id] ?? [])
                }
            } catch { throw CLIError("\(error)") }
            if json { return print(Output.json(entries)) }
            if entries.isEmpty { return print("no projects yet: onset project create NAME --scheme FILE --store \(central.store)") }
            print(Output.table(["project", "scheme", "versions", "waves"], entries.map {
                [$0.project, $0.scheme_id ?? "–", $0.scheme_versions.map { "v\($0)" }.joined(separator: ","),
                 $0.waves.map { "\($0.id) (\($0.phase), v\($0.scheme_version))" }.joined(separator: ", ")]
            }))
        }
    }
}
