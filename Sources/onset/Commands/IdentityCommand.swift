import ArgumentParser
import Foundation
import OnsetSync

struct IdentityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "The annotator's signing key for export bundles.",
        discussion: "Examples: onset identity create --annotator ana; onset identity show",
        subcommands: [Create.self, Show.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create this workstation's Ed25519 signing identity (kept in $XDG_CONFIG_HOME/onset/identity.json, mode 600).",
            discussion: "Example: onset identity create --annotator ana --workstation lab-server-2")
        @Option(help: "Your annotator id, as the central store knows you.") var annotator: String
        @Option(help: "A name for this workstation (default: a random id).") var workstation: String?

        func run() throws {
            guard !annotator.isEmpty else { throw CLIError("--annotator must not be empty") }
            let identity = Identity.create(annotator: annotator, workstation: workstation ?? UUID().uuidString.lowercased())
            do { try identity.save(folder: ConfigFolder.path()) } catch { throw CLIError(error.description) }
            print("created \(Identity.path(folder: ConfigFolder.path()))")
            Show.printIdentity(identity, json: false)
            print("Give the public key to your project's administrator: onset central annotator add \(annotator) --public-key \(identity.publicKey) --project P")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the annotator, workstation and public key.",
                                                        discussion: "Example: onset identity show --format json")
        @Option(help: "text or json") var format: TextOrJSON = .text

        func run() throws {
            let identity: Identity
            do { identity = try Identity.load(folder: ConfigFolder.path()) } catch { throw CLIError(error.description) }
            Self.printIdentity(identity, json: format == .json)
        }

        static func printIdentity(_ identity: Identity, json: Bool) {
            if json {
                print(Output.json(["annotator": identity.annotator, "workstation": identity.workstation,
                                   "public_key": identity.publicKey, "fingerprint": identity.fingerprint]))
            } else {
                print("annotator    \(identity.annotator)\nworkstation  \(identity.workstation)\npublic key   \(identity.publicKey)\nfingerprint  \(identity.fingerprint)")
            }
        }
    }
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable { case text, json }
