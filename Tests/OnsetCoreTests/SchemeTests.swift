import Testing
@testable import OnsetCore

@Suite struct SchemeTests {
    func load(_ name: String) throws -> Scheme {
        let path = TestPaths.schemes + "/\(name).toml"
        return try Scheme.parse(toml: try TestPaths.read(path), file: path)
    }

    @Test func socialSignalsHasTheTwelveSignalsWithRichCues() throws {
        let s = try load("social-signals")
        #expect(s.signals.map(\.id) == ["agreement", "confidence", "confusion", "disagreement", "disengagement", "engagement",
                                        "frustration", "hesitation", "interest", "skepticism", "stress", "uncertainty"])
        #expect(s.signals.map(\.hotkey) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "="])
        for signal in s.signals {
            #expect(signal.cues.count >= 8, "\(signal.id)")
            #expect(!signal.definition.isEmpty && !signal.observability.isEmpty, "\(signal.id)")
            #expect(Set(signal.cues.map(\.modality)) == Set(Modality.allCases), "\(signal.id)")
        }
        let cues = s.allCues
        #expect(cues.count > 100)
        #expect(cues.filter(\.modality.isNonVerbal).count * 2 > cues.count)
        #expect(s.confidence?.anchors.count == 5 && s.intensity?.anchors.count == 5)
        #expect(s.confidence?.anchors.allSatisfy { !$0.description.isEmpty } == true)
        #expect(s.required == [.confidence, .intensity])
    }

    @Test func videoQualityHasFourAnchoredDimensions() throws {
        let s = try load("video-quality")
        #expect(s.dimensions.map(\.id) == ["motion-quality", "visual-fidelity", "viewer-interest", "text-alignment"])
        for d in s.dimensions {
            #expect(d.range == 1...5)
            #expect(d.anchors.allSatisfy { !$0.description.isEmpty })
        }
        #expect(s.dimension("text-alignment")?.showsPrompt == true)
    }

    private func error(_ toml: String) -> FileError? {
        do {
            _ = try Scheme.parse(toml: toml, file: "s.toml")
            return nil
        } catch {
            return error
        }
    }

    static let header = "id = \"x\"\nversion = 1\n"
    static let signal = """
        [[signals]]
        id = "a"
        hotkey = "1"
        color = "#112233"
        valence = 0.1
        arousal = 0.2
        definition = "d"
        """

    @Test func semanticErrorsPointAtTheLine() throws {
        let e1 = try #require(error(Self.header + Self.signal + "\n" + Self.signal))
        #expect(e1.line == 10 && e1.message.contains("defined twice"), "\(e1)")

        let e2 = try #require(error(Self.header + Self.signal.replacingOccurrences(of: "0.1", with: "3.5")))
        #expect(e2.line == 7 && e2.message.contains("valence 3.5"), "\(e2)")

        let e3 = try #require(error(Self.header + Self.signal.replacingOccurrences(of: "#112233", with: "red")))
        #expect(e3.line == 6 && e3.message.contains("#rrggbb"), "\(e3)")

        let e4 = try #require(error(Self.header + "required = [\"confidence\"]\n" + Self.signal))
        #expect(e4.line == 3 && e4.message.contains("no [confidence] scale"), "\(e4)")

        let e5 = try #require(error(Self.header + Self.signal + "\ncolour = \"#000000\"\n"))
        #expect(e5.line == 10 && e5.message.contains("unknown key `colour`"), "\(e5)")

        let e6 = try #require(error("version = 1\n" + Self.signal))
        #expect(e6.message.contains("missing `id`"), "\(e6)")

        let e7 = try #require(error(Self.header))
        #expect(e7.message.contains("no [[signals]]"), "\(e7)")

        let gappy = Self.header + "[[dimensions]]\nid = \"d\"\nanchors = [{ value = 1, label = \"a\" }, { value = 3, label = \"c\" }]\n"
        let e8 = try #require(error(gappy))
        #expect(e8.line == 5 && e8.message.contains("skips from 1 to 3"), "\(e8)")
    }
}
