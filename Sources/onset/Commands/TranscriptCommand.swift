import ArgumentParser
import Foundation
import OnsetCore

struct TranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "Check transcripts (WebVTT, SRT, word-level JSON).",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a transcript and report its segments, speakers and span of time; errors name file and line.",
            discussion: "Example: onset transcript check Sessions/media/conversation.vtt")

        @Argument(help: "A .vtt, .srt or .json transcript.") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): no such file (or it cannot be read)") }
            let transcript: Transcript
            do { transcript = try Transcript.read(data, file: file) } catch { throw CLIError(error.description) }
            let segments = transcript.segments
            let speakers = Set(segments.compactMap(\.speaker)).sorted()
            let words = segments.reduce(0) { $0 + $1.words.count }
            var line = "\(file): ok — \(segments.count) segments"
            if let first = segments.first, let last = segments.map(\.end).max() { line += " from \(first.start) to \(last)" }
            if !speakers.isEmpty { line += ", speakers: " + speakers.joined(separator: ", ") }
            if words > 0 { line += ", \(words) timed words" }
            print(line)
        }
    }
}
