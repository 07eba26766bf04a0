import Testing
@testable import OnsetCore

@Suite struct ValidationTests {
    let scheme: Scheme = {
        let path = TestPaths.schemes + "/social-signals.toml"
        return try! Scheme.parse(toml: try! TestPaths.read(path), file: path)
    }()

    func span(_ signal: String = "hesitation", _ on: Int64 = 1_000_000, _ off: Int64 = 2_000_000,
              conf: Int? = 3, int: Int? = 3, cues: [String] = []) -> Span {
        Span(sessionID: "s", signal: signal, onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
             confidence: conf, intensity: int, cues: cues, annotator: "a", schemeID: scheme.id, schemeVersion: scheme.version)
    }

    @Test func acceptsAValidSpan() throws {
        try scheme.validate(span(cues: ["filled-pause", "gaze-aversion"]), mediaDuration: Timecode(seconds: 4))
        #expect(scheme.missingRequired(span()).isEmpty)
    }

    @Test func refusesWhatCannotBeStored() {
        let duration = Timecode(seconds: 4)
        let cases: [(Span, ValidationError)] = [
            (span("hesitation", 2_000_000, 2_000_000), .onsetNotBeforeOffset(onset: Timecode(seconds: 2), offset: Timecode(seconds: 2))),
            (span("hesitation", 3_000_000, 5_000_000), .beyondMedia(offset: Timecode(seconds: 5), duration: duration)),
            (span("boredom"), .unknownSignal("boredom", known: scheme.signals.map(\.id))),
            (span(conf: 6), .outOfRange(field: "confidence", value: 6, range: 1...5)),
            (span(int: 0), .outOfRange(field: "intensity", value: 0, range: 1...5)),
            (span(cues: ["filled-pause", "filled-pause"]), .duplicateCue("filled-pause")),
        ]
        for (s, expected) in cases {
            #expect(throws: expected) { try scheme.validate(s, mediaDuration: duration) }
        }
        #expect(throws: ValidationError.self) { try scheme.validate(span(cues: ["nod"])) }
    }

    @Test func reportsMissingRequiredFields() {
        #expect(scheme.missingRequired(span(conf: nil, int: nil)) == [.confidence, .intensity])
        #expect(scheme.missingRequired(span(int: nil)) == [.intensity])
    }

    @Test func validatesClipRatings() throws {
        let path = TestPaths.schemes + "/video-quality.toml"
        let vq = try Scheme.parse(toml: try TestPaths.read(path), file: path)
        let ok = ClipRating(sessionID: "s", clip: "a.mp4", dimension: "visual-fidelity", score: 2, confidence: 4,
                            annotator: "a", schemeID: vq.id, schemeVersion: 1)
        try vq.validate(ok)
        var bad = ok
        bad.score = 9
        #expect(throws: ValidationError.outOfRange(field: "Visual fidelity", value: 9, range: 1...5)) { try vq.validate(bad) }
        bad = ok
        bad.dimension = "sharpness"
        #expect(throws: ValidationError.self) { try vq.validate(bad) }
    }

    @Test func changeKindsFollowSoftDeletes() {
        let a = span()
        var deleted = a
        deleted.deletedAt = .now
        #expect(Change(before: nil, after: a).kind == .create)
        #expect(Change(before: a, after: deleted).kind == .delete)
        #expect(Change(before: deleted, after: a).kind == .restore)
        #expect(Change(before: a, after: a).kind == .update)
        #expect(Change(before: nil, after: a).inverse.kind == .delete)
    }
}
