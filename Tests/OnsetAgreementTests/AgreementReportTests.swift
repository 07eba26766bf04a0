import Foundation
import Testing
@testable import OnsetAgreement

@Suite struct AgreementReportTests {
    typealias S = AgreementInput.Span

    static func input() -> AgreementInput {
        // Wave w1: ann and bob agree closely on `smile`; wave w2: they disagree.
        let w1 = AgreementInput.SpanItem(item: "i1", wave: "w1", length: 10_000_000, coders: [
            "ann": [S(signal: "smile", start: 1_000_000, end: 3_000_000, intensity: 3)],
            "bob": [S(signal: "smile", start: 1_100_000, end: 3_000_000, intensity: 3)]])
        let w2 = AgreementInput.SpanItem(item: "i2", wave: "w2", length: 10_000_000, coders: [
            "ann": [S(signal: "smile", start: 1_000_000, end: 3_000_000, intensity: 3)],
            "bob": [S(signal: "smile", start: 6_000_000, end: 8_000_000, intensity: 4)]])
        let ratings = [("c1", "ann", 4), ("c1", "bob", 4), ("c2", "ann", 2), ("c2", "bob", 5), ("c3", "ann", 1), ("c3", "bob", 2)].map {
            AgreementInput.Rating(clip: $0.0, dimension: "quality", wave: "w1", annotator: $0.1, score: $0.2)
        }
        return AgreementInput(spanItems: [w1, w2], ratings: ratings)
    }

    @Test func dimensionsReportAlphaAndPairShares() {
        let r = AgreementReport.compute(Self.input())
        let d = r.dimensions[0]
        #expect(d.dimension == "quality" && d.clips == 3 && d.raters == 2)
        #expect(d.exact.value == 1.0 / 3 && d.withinOne.value == 2.0 / 3)
        let direct = KrippendorffAlpha.compute([[.init(4), .init(2), .init(1)], [.init(4), .init(5), .init(2)]], level: .ordinal)
        #expect(d.alphaOrdinal.value == direct.alpha)
        #expect(d.exact.flagged && d.withinOne.flagged)
        #expect(r.flags.contains { $0.scope == "dimension" && $0.measure == "exact agreement" && $0.wave == nil })
    }

    @Test func trendAcrossWavesFlagsTheWaveThatDropped() {
        let r = AgreementReport.compute(Self.input())
        #expect(r.waves.map(\.wave) == ["w1", "w2"])
        let first = r.waves[0].signals[0].timeSliceAlpha.value!, second = r.waves[1].signals[0].timeSliceAlpha.value!
        #expect(first > 0.9 && second < 0)
        #expect(r.flags.contains { $0.wave == "w2" && $0.name == "smile" && $0.measure == "time-slice alpha" })
        #expect(!r.flags.contains { $0.wave == "w1" && $0.name == "smile" })
    }

    @Test func thresholdsAndSignalFilterAreHonoured() {
        var options = AgreementReport.Options()
        options.signal = "smile"
        options.thresholds.alpha = -1
        let r = AgreementReport.compute(Self.input(), options: options)
        #expect(r.dimensions.isEmpty && r.signals.map(\.signal) == ["smile"])
        #expect(!r.flags.contains { $0.scope == "signal" })
        #expect(r.sliceMs == 100)
    }

    @Test func jsonNamesEveryFigureAndWritesNullWhenUndefined() throws {
        let lonely = AgreementInput(spanItems: [.init(item: "i", wave: nil, length: 5, coders: ["ann": [S(signal: "x", start: 0, end: 5, intensity: nil)]])])
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try JSONSerialization.jsonObject(with: encoder.encode(AgreementReport.compute(lonely))) as! [String: Any]
        let signal = (json["signals"] as! [[String: Any]])[0]
        let figure = signal["time_slice_alpha"] as! [String: Any]
        #expect(figure["value"] is NSNull && (figure["undefined_reason"] as! String).contains("nothing is pairable"))
        #expect(signal["u_alpha"] != nil && signal["binary_u_alpha"] != nil && signal["cu_alpha"] != nil && signal["slice_ms"] as? Double == 100)
    }
}
