import ArgumentParser
import OnsetAgreement
import Foundation
import OnsetCore
import OnsetStore

struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List and show sessions (files in Sessions/ and sessions known to the store).",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions.", discussion: "Example: onset sessions list")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "table or json") var format: Format = .table

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        struct Row: Encodable {
            var id, title, mode, scheme, file: String
            var media: String?
            var spans, ratings: Int
        }

        func run() throws {
            let workspace = Workspace.locate()
            let (files, problems) = workspace.sessionFiles()
            let store = try storeOptions.open()
            let known: [SessionRecord]
            do { known = try store.sessions() } catch { throw CLIError(error.description) }
            var rows: [String: Row] = [:]
            for f in files {
                rows[f.id] = Row(id: f.id, title: f.title, mode: f.mode.rawValue, scheme: f.scheme, file: f.path, media: f.media, spans: 0, ratings: 0)
            }
            for r in known {
                var row = rows[r.id] ?? Row(id: r.id, title: r.title, mode: r.mode.rawValue, scheme: r.schemeID, file: r.filePath,
                                            media: r.mediaPath, spans: 0, ratings: 0)
                row.spans = r.spanCount
                row.ratings = r.ratingCount
                rows[r.id] = row
            }
            let sorted = rows.values.sorted { $0.id < $1.id }
            switch format {
            case .json:
                print(Output.json(sorted))
            case .table:
                if sorted.isEmpty { print("no sessions in \(workspace.sessionsDirectory) or the store") }
                else {
                    print(Output.table(["ID", "MODE", "SPANS", "RATINGS", "SCHEME", "TITLE"],
                                       sorted.map { [$0.id, $0.mode, String($0.spans), String($0.ratings), $0.scheme, $0.title] }))
                }
            }
            for p in problems { FileHandle.standardError.write(Data("warning: \(p)\n".utf8)) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one session.", discussion: "Example: onset sessions show demo")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Session id or file.") var session: String

        func run() throws {
            let loaded = try LoadedSession.load(session)
            let store = try storeOptions.open()
            let f = loaded.file
            var lines = [
                "session     \(f.id) — \(f.title)",
                "file        \(f.path)",
                "mode        \(f.mode.rawValue)",
                "scheme      \(loaded.scheme.id) v\(loaded.scheme.version) (\(loaded.scheme.title))",
                "annotator   \(loaded.annotator)",
            ]
            if let p = f.project { lines.append("project     \(p)") }
            if let w = f.wave { lines.append("wave        \(w)") }
            if let media = f.mediaPath {
                if let info = loaded.media {
                    let video = info.video.map { v in " \(v.codec) \(v.width ?? 0)×\(v.height ?? 0)" + (info.frameRate.map { " \($0)" } ?? "") } ?? " no video"
                    lines.append("media       \(media) (\(info.duration?.description ?? "unknown length"),\(video)\(info.audio != nil ? ", audio" : ""))")
                } else {
                    lines.append("media       \(media) — \(loaded.mediaProblem ?? "unreadable")")
                }
            }
            if let t = f.transcriptPath {
                lines.append("transcript  \(t)" + (FileManager.default.fileExists(atPath: t) ? "" : " (missing)"))
            }
            if !f.clips.isEmpty { lines.append("clips       \(f.clips.count)") }
            do {
                if let record = try store.session(f.id) {
                    let depth = try store.undoDepth(session: f.id)
                    lines.append("store       \(record.spanCount) spans, \(record.ratingCount) ratings; \(depth.undo) edits can be undone, \(depth.redo) redone")
                    if let t = try store.telemetry(session: f.id, annotator: loaded.annotator), f.mode == .rating {
                        let onTask = Timecode(microseconds: t.activeMicroseconds)
                        lines.append("telemetry   \(onTask) on task; \(t.clipsShown) clips shown, \(t.clipsFinished) finished, \(t.clipsRushed) of them before they had played through once; \(t.keys) keys")
                        if let flag = QualityReport.rushedFlag(finished: t.clipsFinished, rushed: t.clipsRushed, rules: QualityReport.Rules()) {
                            lines.append("flags       " + flag.message)
                        }
                    } else if let t = try store.telemetry(session: f.id, annotator: loaded.annotator) {
                        let duration = loaded.media?.duration ?? .zero
                        let coverage = String(format: "%.0f%%", t.coverageFraction(of: duration) * 100)
                        let onTask = Timecode(microseconds: t.activeMicroseconds)
                        lines.append("telemetry   \(onTask) on task (media \(duration)), \(coverage) of the media seen; \(t.seeks) seeks, \(t.scrubs) scrubs, \(t.plays) plays, \(t.pauses) pauses, \(t.speedChanges) speed changes, \(t.timelineInteractions) timeline interactions, \(t.keys) keys")
                        var flags: [String] = []
                        if onTask < duration { flags.append("time on task shorter than the media") }
                        if t.timelineInteractions == 0 && t.seeks == 0 && t.scrubs == 0 { flags.append("no interaction with the timeline") }
                        if !flags.isEmpty { lines.append("flags       " + flags.joined(separator: "; ")) }
                    }
                } else {
                    lines.append("store       not used yet")
                }
            } catch { throw CLIError(error.description) }
            print(lines.joined(separator: "\n"))
        }
    }
}
