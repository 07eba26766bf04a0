import ArgumentParser
import Foundation
import OnsetCore
import OnsetStore

/// Hidden: a burst of durable edits, each acknowledged on stdout after its commit returns.
/// The crash test SIGKILLs this mid-burst and checks every acknowledged id survived.
struct StressWrites: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_stress-writes", abstract: "Write spans in a burst, acknowledging each commit (for crash tests).",
        shouldDisplay: false)

    @OptionGroup var storeOptions: StoreOptions
    @Option var session: String = "stress"
    @Option var count: Int = 100_000

    func run() throws {
        let store = try storeOptions.open()
        let file = SessionFile(id: session, media: "none.mp4", scheme: "stress", directory: "", path: "stress.toml")
        let scheme = Scheme(id: "stress", version: 1, title: "stress")
        do { try store.register(file, scheme: scheme, annotator: "stress") } catch { throw CLIError(error.description) }
        for i in 0..<count {
            let span = Span(sessionID: session, signal: "s", onset: Timecode(microseconds: Int64(i) * 1000),
                            offset: Timecode(microseconds: Int64(i) * 1000 + 500), annotator: "stress", schemeID: "stress", schemeVersion: 1)
            do { try store.create(span, actor: "stress") } catch { throw CLIError(error.description) }
            // Unbuffered: an ack on stdout means the commit had returned.
            FileHandle.standardOutput.write(Data("ack \(span.id.uuidString)\n".utf8))
        }
    }
}
