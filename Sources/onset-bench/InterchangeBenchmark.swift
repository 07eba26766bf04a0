import Foundation
import OnsetCore
import OnsetInterchange
import OnsetStore

/// Export and re-import of a 100,000-span session in each format.
enum InterchangeBenchmark {
    static func run(root: String, count: Int) throws {
        print("\n## Interchange (a session of \(count) spans)")
        let schemePath = root + "/Sessions/schemes/social-signals.toml"
        let scheme = try Scheme.parse(toml: try Workspace.read(schemePath), file: schemePath)
        var spans = WorkstationBenchmark.spans(count, scheme: scheme)
        for i in spans.indices where i % 3 == 0 { spans[i].cues = [scheme.signal(spans[i].signal)!.cues.first!.id]; spans[i].rationale = "looks away, then \"well\"" }
        let doc = InterchangeDocument(sessionID: "bench", mediaPath: "/media/long.mp4", duration: WorkstationBenchmark.duration, scheme: scheme,
                                      spans: spans, transcript: WorkstationBenchmark.transcript(60_000))
        var eaf = "", grid = "", csv = "", jsonl = ""
        let eafWrite = Measure.time { eaf = EAFWriter.write(doc) }
        var imported = 0
        let eafRead = try Measure.time {
            let file = try EAFFile.read(Data(eaf.utf8), file: "bench.eaf")
            imported = try SpanImport.spans(from: file, file: "bench.eaf", mapping: TierMapping(), scheme: scheme, session: "bench",
                                            annotator: "bench", mediaDuration: nil).spans.count
        }
        print("- ELAN EAF: export \(Measure.s(eafWrite)) (\(eaf.utf8.count / 1_000_000) MB, with the 60,000-cue transcript tier); read, map and validate \(imported) spans \(Measure.s(eafRead))")
        let gridWrite = Measure.time { grid = TextGridWriter.write(doc) }
        let gridRead = try Measure.time {
            let file = try TextGridFile.read(Data(grid.utf8), file: "bench.TextGrid")
            imported = try SpanImport.spans(from: file, file: "bench.TextGrid", mapping: TierMapping(), scheme: scheme, session: "bench",
                                            annotator: "bench", mediaDuration: nil).spans.count
        }
        print("- Praat TextGrid: export \(Measure.s(gridWrite)) (\(grid.utf8.count / 1_000_000) MB); read, map and validate \(imported) spans \(Measure.s(gridRead))")
        let csvWrite = Measure.time { csv = FlatExports.csv(doc) }
        let jsonlWrite = Measure.time { jsonl = FlatExports.jsonl(doc) }
        print("- CSV export \(Measure.s(csvWrite)) (\(csv.utf8.count / 1_000_000) MB); training JSONL export \(Measure.s(jsonlWrite)) (\(jsonl.utf8.count / 1_000_000) MB)")
    }
}
