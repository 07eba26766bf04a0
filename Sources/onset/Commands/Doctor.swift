import ArgumentParser
import Foundation
import NcursesBackend
import OnsetMedia
import OnsetStore
import TerminalUI

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check this machine: libraries, terminal colours, locale, store.",
        discussion: "Example: onset doctor")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        var warnings: [String] = []
        print("onset doctor")
        print("  ncurses      \(NcursesTerminal.version)")
        print("  libavformat  \(MediaLibraries.avformatVersion) (FFmpeg \(MediaLibraries.ffmpegVersion), libavcodec \(MediaLibraries.avcodecVersion))")
        print("  SQLite       \(LocalStore.sqliteVersion)")

        let cap = ColorCapability.detect(environment: env, terminfoExists: NcursesTerminal.terminfoExists)
        print("  colours      \(cap.mode.rawValue): \(cap.reason)")
        print("               TERM=\(env["TERM"] ?? "(unset)") COLORTERM=\(env["COLORTERM"] ?? "(unset)")" + (env["NO_COLOR"].map { " NO_COLOR=\($0)" } ?? ""))

        setlocale(LC_ALL, "")
        let utf8 = NcursesTerminal.localeIsUTF8
        let localeName = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? "(unset: C)"
        print("  locale       \(localeName)" + (utf8 ? " (UTF-8)" : " — not UTF-8"))
        if !utf8 {
            warnings.append("the locale is not UTF-8: onset switches its own output to C.UTF-8; set LANG=C.UTF-8 (or another UTF-8 locale) so other programs agree")
        }

        let workspace = Workspace.locate()
        print("  sessions     \(workspace.sessionsDirectory)")
        print("  keymaps      \(workspace.keymapsDirectory)")
        let path = storeOptions.path
        let exists = FileManager.default.fileExists(atPath: path)
        print("  store        \(path)" + (exists ? "" : " (not created yet)"))
        if exists {
            do {
                let store = try LocalStore(path: path)
                let sessions = try store.sessions()
                print("               \(sessions.count) sessions, \(sessions.reduce(0) { $0 + $1.spanCount }) spans")
            } catch {
                warnings.append(error.description)
            }
        }
        for w in warnings { print("warning: \(w)") }
    }
}
