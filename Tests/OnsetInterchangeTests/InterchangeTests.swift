import Foundation
import OnsetCore
import Testing
@testable import OnsetInterchange

enum Sample {
    static let scheme = Scheme(id: "s", version: 3, title: "Sample", signals: [
        Signal(id: "hesitation", label: "Hesitation", definition: "pauses & fillers <um>", valence: 0, arousal: 0, observability: [], hotkey: "1",
               color: RGB(1, 2, 3), cues: [Cue(id: "filled-pause", modality: .audio, text: "filled pause"), Cue(id: "gaze", modality: .video, text: "gaze")]),
        Signal(id: "interest", label: "Interest", definition: "d", valence: 1, arousal: 1, observability: [], hotkey: "2", color: RGB(1, 2, 3), cues: []),
    ], confidence: scale("confidence"), intensity: scale("intensity"))

    static func scale(_ id: String) -> RatingScale {
        RatingScale(id: id, label: id, anchors: (1...5).map { Anchor(value: $0, label: "\($0)", description: "") })
    }

    static func span(_ signal: String, _ on: Int64, _ off: Int64, conf: Int? = nil, int: Int? = nil, cues: [String] = [], why: String = "",
                     annotator: String = "ana") -> Span {
        Span(sessionID: "x", signal: signal, onset: Timecode(microseconds: on * 1000), offset: Timecode(microseconds: off * 1000),
             confidence: conf, intensity: int, cues: cues, rationale: why, annotator: annotator, schemeID: "s", schemeVersion: 3)
    }

    static let spans = [
        span("hesitation", 1200, 2500, conf: 4, int: 3, cues: ["filled-pause", "gaze"], why: "says \"um\" & <looks> away, 日本"),
        span("interest", 500, 3000, conf: 2, int: 5),
        span("interest", 1000, 1500), // overlaps the one before: a second Praat tier
        span("hesitation", 2600, 2601),
    ]

    static var document: InterchangeDocument {
        InterchangeDocument(sessionID: "x", mediaPath: "/m/clip.mp4", duration: Timecode(microseconds: 4_004_000), scheme: scheme, spans: spans,
                            transcript: Transcript(segments: [.init(start: .zero, end: Timecode(microseconds: 900_000), speaker: "A", text: "hello, \"you\"")]))
    }

    /// What a span is, to the millisecond, as formats carry it.
    static func key(_ s: Span, ratings: Bool = true) -> String {
        "\(s.signal) \(s.onset.microseconds / 1000)-\(s.offset.microseconds / 1000)" + (ratings ? " \(s.confidence ?? 0)/\(s.intensity ?? 0) \(s.cues) \(s.rationale)" : "")
    }
}

@Suite struct EAFTests {
    @Test func roundTripsEverySpanWithItsRatingsCuesAndRationale() throws {
        let text = EAFWriter.write(Sample.document)
        let eaf = try EAFFile.read(Data(text.utf8), file: "x.eaf")
        let result = try SpanImport.spans(from: eaf, file: "x.eaf", mapping: TierMapping(), scheme: Sample.scheme, session: "x",
                                          annotator: "ana", mediaDuration: nil)
        #expect(result.spans.map { Sample.key($0) }.sorted() == Sample.spans.map { Sample.key($0) }.sorted())
        #expect(result.unmapped.map(\.tier) == ["transcript"], "the transcript tier is listed, not imported")
        #expect(text.contains("<CONTROLLED_VOCABULARY CV_ID=\"signals\">") && text.contains("pauses &amp; fillers &lt;um&gt;"))
    }

    @Test func readsFilesOverTenMegabytes() throws {
        // libxml2 refuses a document over 10 MB handed over at once; the reader streams it.
        let spans = (0..<12_000).map { i in Sample.span(i % 2 == 0 ? "interest" : "hesitation", Int64(i) * 100, Int64(i) * 100 + 90, conf: 3, int: 3, why: "r") }
        var doc = Sample.document
        doc.spans = spans
        let text = EAFWriter.write(doc)
        #expect(text.utf8.count > 10_000_000)
        let eaf = try EAFFile.read(Data(text.utf8), file: "big.eaf")
        #expect(eaf.tiers.first { $0.id == "interest@ana" }?.annotations.count == 6_000)
    }

    @Test func badFilesSayWhatAndWhere() {
        func problem(_ xml: String) -> String {
            do { _ = try EAFFile.read(Data(xml.utf8), file: "bad.eaf"); return "accepted" } catch { return error.description }
        }
        #expect(problem("<ANNOTATION_DOCUMENT VERSION=\"3.0\">\n<TIER TIER_ID=\"a\">\n</ANNOTATION_DOCUMENT>").hasPrefix("bad.eaf:3: malformed XML"))
        #expect(problem("<ANNOTATION_DOCUMENT VERSION=\"9.1\"/>").contains("EAF version 9.1 is not supported"))
        #expect(problem("<html/>").contains("not an ELAN file"))
        #expect(problem("<ANNOTATION_DOCUMENT VERSION=\"3.0\"><TIER TIER_ID=\"a\">").contains("malformed XML"), "a truncated file")
        let unaligned = """
            <ANNOTATION_DOCUMENT VERSION="3.0"><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="10"/><TIME_SLOT TIME_SLOT_ID="ts2"/></TIME_ORDER>
            <TIER TIER_ID="interest"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
            </ANNOTATION_DOCUMENT>
            """
        #expect(problem(unaligned).contains("time slot ts2 (annotation a1 on tier interest) has no time value"))
    }

    @Test func tiersMapByNameOrByAMappingFileAndTheRestIsListed() throws {
        let xml = """
            <ANNOTATION_DOCUMENT VERSION="2.8"><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="t1" TIME_VALUE="100"/><TIME_SLOT TIME_SLOT_ID="t2" TIME_VALUE="900"/></TIME_ORDER>
            <TIER TIER_ID="Interest"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>i</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
            <TIER TIER_ID="ums"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>um</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
            <TIER TIER_ID="gesture"/>
            </ANNOTATION_DOCUMENT>
            """
        let eaf = try EAFFile.read(Data(xml.utf8), file: "f.eaf")
        let byName = try SpanImport.spans(from: eaf, file: "f.eaf", mapping: TierMapping(), scheme: Sample.scheme, session: "x", annotator: "ana", mediaDuration: nil)
        #expect(byName.spans.map(\.signal) == ["interest"] && byName.unmapped.map(\.tier) == ["ums", "gesture"])
        let mapping = try TierMapping.parse("# ELAN tiers of the lab\nums = hesitation\n", file: "map.txt")
        let mapped = try SpanImport.spans(from: eaf, file: "f.eaf", mapping: mapping, scheme: Sample.scheme, session: "x", annotator: "ana", mediaDuration: nil)
        #expect(mapped.spans.map(\.signal).sorted() == ["hesitation", "interest"])
        #expect(throws: InterchangeError.self) { try TierMapping.parse("just one word\n", file: "map.txt") }
        // Beyond the media, or a rating off the scale: the whole import is refused.
        #expect(throws: InterchangeError.self) {
            try SpanImport.spans(from: eaf, file: "f.eaf", mapping: mapping, scheme: Sample.scheme, session: "x", annotator: "ana",
                                 mediaDuration: Timecode(microseconds: 500_000))
        }
    }
}

@Suite struct TextGridTests {
    @Test func roundTripsEverySpanToTheMillisecondAcrossOverlapTiers() throws {
        let text = TextGridWriter.write(Sample.document)
        #expect(text.contains("name = \"interest (2)\""))
        let grid = try TextGridFile.read(Data(text.utf8), file: "x.TextGrid")
        let result = try SpanImport.spans(from: grid, file: "x.TextGrid", mapping: TierMapping(), scheme: Sample.scheme, session: "x",
                                          annotator: "ana", mediaDuration: nil)
        #expect(result.spans.map { Sample.key($0, ratings: false) }.sorted() == Sample.spans.map { Sample.key($0, ratings: false) }.sorted())
        #expect(result.unmapped.map(\.tier) == ["transcript"])
        #expect(grid.tiers.last?.intervals.first?.text == "A: hello, \"you\"")
    }

    @Test func readsTheShortFormatAndUTF16AndRefusesOverlapsAndOtherEncodings() throws {
        let short = "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n0\n2\n<exists>\n1\n\"IntervalTier\"\n\"interest\"\n0\n2\n2\n0\n1\n\"yes\"\n1\n2\n\"\"\n"
        #expect(try TextGridFile.read(Data(short.utf8), file: "s.TextGrid").tiers.first?.intervals.first?.text == "yes")
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(short.replacingOccurrences(of: "yes", with: "日本").data(using: .utf16LittleEndian)!)
        #expect(try TextGridFile.read(utf16, file: "u.TextGrid").tiers.first?.intervals.first?.text == "日本")
        let overlapping = short.replacingOccurrences(of: "1\n2\n\"\"", with: "0.5\n2\n\"\"")
        #expect(throws: InterchangeError.self) { try TextGridFile.read(Data(overlapping.utf8), file: "o.TextGrid") }
        do { _ = try TextGridFile.read(Data(overlapping.utf8), file: "o.TextGrid") } catch { #expect(error.description.contains("tier interest: intervals overlap")) }
        var latin1 = Data(short.utf8)
        latin1.append(contentsOf: [0xE9])
        #expect(throws: InterchangeError.self) { try TextGridFile.read(latin1, file: "l.TextGrid") }
        #expect(throws: InterchangeError.self) { try TextGridFile.read(Data("File type = \"ooTextFile\"\nObject class = \"Sound\"\n".utf8), file: "x") }
    }
}

@Suite struct FlatExportTests {
    @Test func csvJSONLinesAndWebVTT() throws {
        let csv = FlatExports.csv(Sample.document).split(separator: "\n")
        #expect(csv[0] == "session,id,signal,onset,offset,onset_us,offset_us,duration_ms,confidence,intensity,cues,rationale,annotator,scheme,scheme_version,revision,updated_at")
        #expect(csv.count == 5 && csv[3].contains(",hesitation,1.200,2.500,1200000,2500000,1300,4,3,filled-pause;gaze,\"says \"\"um\"\" & <looks> away, 日本\",ana,"))
        let lines = FlatExports.jsonl(Sample.document).split(separator: "\n")
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(lines.count == 4 && first["agreement_status"] as? String == "single" && first["signal"] as? String == "interest")
        #expect((first["scores"] as? [String: Int])?["intensity"] == 5 && first["annotator_confidence"] as? Int == 2)
        var rated = InterchangeDocument(sessionID: "q", mediaPath: nil, duration: .zero, scheme: Sample.scheme, spans: [])
        rated.ratings = ["overall", "alignment"].map {
            ClipRating(sessionID: "q", clip: "clips/a.mp4", dimension: $0, score: $0 == "overall" ? 4 : 2, confidence: 5, note: $0 == "alignment" ? "off, by far" : "",
                       annotator: "ana", schemeID: "vq", schemeVersion: 1)
        }
        let ratingRows = FlatExports.csv(rated).split(separator: "\n")
        #expect(ratingRows[0] == "session,id,clip,dimension,score,confidence,note,annotator,scheme,scheme_version,revision,updated_at")
        #expect(ratingRows.count == 3 && ratingRows[1].contains(",clips/a.mp4,alignment,2,5,\"off, by far\",ana,vq,1,"))
        let clip = try #require(try JSONSerialization.jsonObject(with: Data(FlatExports.jsonl(rated).utf8)) as? [String: Any])
        #expect(clip["type"] as? String == "clip" && (clip["scores"] as? [String: Int]) == ["overall": 4, "alignment": 2])
        #expect((clip["annotator_confidence"] as? [String: Int])?["overall"] == 5 && clip["agreement_status"] as? String == "single")

        let vtt = FlatExports.webVTT(Sample.document.transcript!)
        let back = try Transcript.parseWebVTT(vtt, file: "x.vtt")
        #expect(back.segments.first?.speaker == "A" && back.segments.first?.text == "hello, \"you\"")
    }
}

/// Independent readers: the PyPI packages pympi-ling and praatio must see Onset's files as Onset wrote them.
@Suite(.enabled(if: PythonReaders.available, "python3 with pympi-ling and praatio is not available (make test installs them)"))
struct IndependentReaderTests {
    @Test func pympiAndPraatioReadTheSameTiersTimesAndValues() throws {
        let folder = NSTemporaryDirectory() + "onset-ix-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try EAFWriter.write(Sample.document).write(toFile: folder + "/x.eaf", atomically: true, encoding: .utf8)
        try TextGridWriter.write(Sample.document).write(toFile: folder + "/x.TextGrid", atomically: true, encoding: .utf8)
        let script = """
            import json, sys, pympi
            from praatio import textgrid
            e = pympi.Elan.Eaf(sys.argv[1] + "/x.eaf")
            out = {"eaf": {}, "eaf_refs": {}, "pympi_tg": {}, "praatio": {}}
            for t in e.get_tier_names():
                if e.tiers[t][2].get("PARENT_REF"):
                    out["eaf_refs"][t] = sorted([a[2] for a in e.get_ref_annotation_data_for_tier(t)])
                else:
                    out["eaf"][t] = sorted([[a[0], a[1], a[2]] for a in e.get_annotation_data_for_tier(t)])
            out["cv"] = sorted(e.get_cv_entries("signals").keys()) if hasattr(e, "get_cv_entries") else []
            tg = pympi.Praat.TextGrid(sys.argv[1] + "/x.TextGrid")
            for t in tg.get_tiers():
                out["pympi_tg"][t.name] = [[round(a, 3), round(b, 3), x] for a, b, x in t.get_intervals() if x]
            g = textgrid.openTextgrid(sys.argv[1] + "/x.TextGrid", includeEmptyIntervals=False)
            for n in g.tierNames:
                out["praatio"][n] = [[round(i.start, 3), round(i.end, 3), i.label] for i in g.getTier(n).entries]
            print(json.dumps(out))
            """
        let run = PythonReaders.run(["-c", script, folder])
        #expect(run.status == 0, "\(run.output)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
        let eaf = try #require(out["eaf"] as? [String: [[Any]]])
        #expect((eaf["hesitation@ana"]?.map { "\($0[0])-\($0[1]) \($0[2])" }) == ["1200-2500 hesitation", "2600-2601 hesitation"])
        #expect(eaf["interest@ana"]?.count == 2 && eaf["transcript"]?.first?[2] as? String == "A: hello, \"you\"")
        let refs = try #require(out["eaf_refs"] as? [String: [String]])
        #expect(refs["hesitation@ana/confidence"] == ["4"] && refs["hesitation@ana/cues"] == ["filled-pause;gaze"])
        #expect(refs["hesitation@ana/rationale"] == ["says \"um\" & <looks> away, 日本"] && refs["interest@ana/intensity"] == ["5"])
        for reader in ["pympi_tg", "praatio"] {
            let tiers = try #require(out[reader] as? [String: [[Any]]])
            #expect(Set(tiers.keys) == ["hesitation", "interest", "interest (2)", "transcript"], "\(reader): \(tiers.keys)")
            #expect(tiers["hesitation"]?.map { "\($0[0])-\($0[1]) \($0[2])" } == ["1.2-2.5 hesitation", "2.6-2.601 hesitation"], "\(reader)")
            #expect(tiers["interest (2)"]?.map { "\($0[0])-\($0[1])" } == ["1.0-1.5"] || tiers["interest (2)"]?.map { "\($0[0])-\($0[1])" } == ["1-1.5"], "\(reader)")
        }
    }
}

enum PythonReaders {
    static let available: Bool = run(["-c", "import pympi, praatio"]).status == 0

    static func run(_ args: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let file = NSTemporaryDirectory() + "py-\(UUID().uuidString).out"
        FileManager.default.createFile(atPath: file, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: file) }
        guard let handle = FileHandle(forWritingAtPath: file) else { return (-1, "") }
        p.standardOutput = handle
        p.standardError = handle
        do { try p.run() } catch { return (-1, "\(error)") }
        p.waitUntilExit()
        try? handle.close()
        return (p.terminationStatus, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }
}
