import ArgumentParser
import Foundation
import OnsetServer
import OnsetStore

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the central store's HTTP server (bundles in; projects, progress and the merged dataset out).",
        discussion: """
            Plain HTTP with bearer tokens: listen on loopback and reach it through an SSH tunnel \
            (ssh -L 8640:127.0.0.1:8640 central) or put a TLS reverse proxy in front. SIGINT/SIGTERM stop it \
            gracefully.
            Example: onset serve --store central.sqlite --listen 127.0.0.1:8640
            """)
    @OptionGroup var central: CentralOptions
    @Option(help: "host:port to listen on.") var listen = "127.0.0.1:8640"

    func run() throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw CLIError("--listen must be host:port, e.g. 127.0.0.1:8640")
        }
        let host = String(listen[..<colon])
        if !["127.0.0.1", "::1", "localhost", "[::1]"].contains(host) {
            FileHandle.standardError.write(Data("warning: listening on \(host), not loopback: tokens and bundles travel unencrypted; put a TLS reverse proxy in front\n".utf8))
        }
        let store = try central.open()
        let app = CentralServer.application(store: store, host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port) { bound in
            FileHandle.standardOutput.write(Data("onset central store \(store.path) listening on http://\(host):\(bound)\n".utf8))
        }
        let done = DispatchSemaphore(value: 0)
        let failure = Box()
        Task {
            do { try await app.runService() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw CLIError("server: \(error)") }
    }

    final class Box: @unchecked Sendable { var error: Error? }
}
