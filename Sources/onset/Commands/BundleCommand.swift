import ArgumentParser
import Foundation
import OnsetCore
import OnsetMedia
import OnsetStore
import OnsetSync

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Export bundles: signed files that carry your work to the central store.",
        discussion: "Examples: onset bundle create; onset bundle verify ~/.local/share/onset/outbox/demo-000001-1a2b3c4d.onsetbundle",
        subcommands: [Create.self, Verify.self, Show.self])

    /// Where bundles wait to be synced: next to the store.
    static func outbox(store: String) -> String { (store as NSString).deletingLastPathComponent + "/outbox" }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bundle what is new since the last bundle (one bundle per project) into the outbox.",
            discussion: "Examples: onset bundle create; onset bundle create --all --project demo")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Everything in the store, not only what is new (the central store recognises what it has).") var all = false
        @Option(help: "Only this project.") var project: String?

        func run() throws {
            try bundleNew(try storeOptions.open())
        }

        /// `quietWhenEmpty`: a store without project work has nothing to bundle, which is no
        /// error for `onset sync` (it may be there to pull the first assignments).
        func bundleNew(_ store: LocalStore, quietWhenEmpty: Bool = false) throws {
            let identity: Identity
            do { identity = try Identity.load(folder: ConfigFolder.path()) } catch { throw CLIError(error.description) }
            let projects: [String]
            do { projects = try project.map { [$0] } ?? store.projects() } catch { throw CLIError("\(error)") }
            if projects.isEmpty && quietWhenEmpty { return }
            guard !projects.isEmpty else { throw CLIError("no session in the store belongs to a project (set `project = \"…\"` in the session file)") }
            let workspace = Workspace.locate()
            for p in projects {
                let made: BundleBuilder.Made?
                do {
                    made = try BundleBuilder.create(store: store, identity: identity, project: p, all: all,
                                                    outbox: BundleCommand.outbox(store: storeOptions.path)) { Self.describe($0, workspace) }
                } catch { throw CLIError("project \(p): \(error)") }
                guard let made else {
                    print("project \(p): nothing new since the last bundle")
                    continue
                }
                print("project \(p): bundle #\(made.manifest.sequence) \(made.manifest.bundle_id): \(made.records) records, \(made.manifest.counts["operations"] ?? 0) operations, \(made.bytes) bytes")
                print("  \(made.path)")
            }
        }

        /// The scheme file's hash and the media's fingerprint, when they can be read here.
        static func describe(_ session: SessionRecord, _ workspace: Workspace) -> SessionDescription {
            var d = SessionDescription()
            if let file = try? workspace.readSession(at: session.filePath), let path = try? workspace.schemePath(file.scheme, relativeTo: file),
               let data = FileManager.default.contents(atPath: path) {
                d.schemeSHA256 = SHA256.hex(SHA256.hash(data))
            }
            if let media = session.mediaPath {
                d.mediaFile = (media as NSString).lastPathComponent
                let duration = try? MediaProbe.probe(media, vfrSample: 0).duration
                d.mediaDurationUs = duration?.microseconds
                d.mediaFingerprint = (try? MediaFingerprint.of(media, duration: duration))?.description
            }
            return d
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a bundle: container, checksums, signature, every line's schema and ownership.",
            discussion: """
                Without --public-key the signature is checked against the key the bundle names (it proves the \
                bundle is intact, not who made it); the central store checks against the registered key.
                Example: onset bundle verify demo-000001-1a2b3c4d.onsetbundle --public-key 7Jd…=
                """)
        @Argument(help: "The bundle file.") var file: String
        @Option(help: "The annotator's registered public key (base64).") var publicKey: String?

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): no such file (or it cannot be read)") }
            do {
                let bundle = try OpenedBundle.open(Array(data))
                try bundle.verify(registeredKey: publicKey)
                try bundle.verifyLines()
                let m = bundle.manifest
                print("\(file): valid bundle \(m.bundle_id)")
                print("  signed by \(m.annotator) (key \(Identity.fingerprint(ofPublicKey: Data(base64Encoded: m.public_key) ?? Data())))\(publicKey == nil ? "; the key was not compared with a registered one" : ", the registered key")")
                print("  every member's SHA-256, size and line count match the manifest; every line fits its schema and is \(m.annotator)'s")
            } catch {
                throw CLIError("\(file): INVALID: \(error)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a bundle's manifest (what it holds, from whom).",
                                                        discussion: "Example: onset bundle show demo-000001-1a2b3c4d.onsetbundle --format json")
        @Argument(help: "The bundle file.") var file: String
        @Option(help: "text or json") var format: TextOrJSON = .text

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): no such file (or it cannot be read)") }
            let m: BundleManifest
            do { m = try OpenedBundle.open(Array(data)).manifest } catch { throw CLIError("\(file): \(error)") }
            if format == .json { print(Output.json(m)); return }
            print("""
                bundle       \(m.bundle_id)
                created      \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(m.created_at_us) / 1e6)))
                annotator    \(m.annotator) on workstation \(m.workstation)
                project      \(m.project)\(m.wave.map { ", wave \($0)" } ?? (m.waves.isEmpty ? "" : ", waves \(m.waves.joined(separator: ", "))"))
                sequence     #\(m.sequence) (operations \(m.operations.after_seq + 1)…\(m.operations.through_seq))
                schemes      \(m.schemes.map { "\($0.id) v\($0.version)" }.joined(separator: ", "))
                """)
            print(Output.table(["member", "lines", "bytes", "sha256"], m.members.keys.sorted().map { name in
                let e = m.members[name]!
                return [name, String(e.lines), String(e.bytes), String(e.sha256.prefix(16)) + "…"]
            }))
        }
    }
}
