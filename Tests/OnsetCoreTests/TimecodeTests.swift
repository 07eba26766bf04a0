import Testing
@testable import OnsetCore

@Suite struct TimecodeTests {
    @Test func parsesSecondsExactly() throws {
        #expect(try Timecode.parse("62.5").microseconds == 62_500_000)
        #expect(try Timecode.parse("62").microseconds == 62_000_000)
        #expect(try Timecode.parse("0.000001").microseconds == 1)
        #expect(try Timecode.parse(" 1.25 ").microseconds == 1_250_000)
    }

    @Test func parsesClockForms() throws {
        #expect(try Timecode.parse("01:02:03.450").microseconds == 3_723_450_000)
        #expect(try Timecode.parse("01:02.5").microseconds == 62_500_000)
        #expect(try Timecode.parse("1:02:03").microseconds == 3_723_000_000)
    }

    @Test func parsesFramesWithARate() throws {
        let ntsc = FrameRate(numerator: 30000, denominator: 1001)!
        #expect(try Timecode.parse("30f", frameRate: ntsc).microseconds == 1_001_000)
        #expect(throws: Timecode.ParseError.frameWithoutRate("30f")) { try Timecode.parse("30f") }
    }

    @Test func rejectsMalformedInput() throws {
        for bad in ["", "abc", "-1", "1:60", "1:2:3:4", "1..2", ".5", "1.", "12:61.0", "1e3"] {
            #expect(throws: Timecode.ParseError.self, "\(bad)") { try Timecode.parse(bad) }
        }
        #expect(throws: Timecode.ParseError.tooPrecise("1.0000001")) { try Timecode.parse("1.0000001") }
        #expect(try Timecode.parse("1.5000000").microseconds == 1_500_000)
    }

    @Test func formatsRoundingDown() {
        #expect(Timecode(microseconds: 62_500_000).description == "01:02.500")
        #expect(Timecode(microseconds: 3_723_450_999).description == "01:02:03.450")
        #expect(Timecode(microseconds: 1_999).formatted(alwaysHours: true) == "00:00:00.001")
        #expect(Timecode(microseconds: 1_234_567).formatted(fractionDigits: 6) == "00:01.234567")
    }

    @Test func roundTripsThroughText() throws {
        for us: Int64 in [0, 1_000, 999_000, 59_999_000, 3_600_000_000, 7_261_123_000] {
            let t = Timecode(microseconds: us)
            #expect(try Timecode.parse(t.formatted(alwaysHours: true)) == t)
        }
    }
}

@Suite struct FrameRateTests {
    let ntsc = FrameRate(numerator: 30000, denominator: 1001)!
    let pal = FrameRate(numerator: 25, denominator: 1)!

    @Test func frameTimesAreExact() {
        #expect(pal.time(ofFrame: 25).microseconds == 1_000_000)
        #expect(ntsc.time(ofFrame: 30).microseconds == 1_001_000)
        // Two hours in: no drift from floating point.
        #expect(ntsc.time(ofFrame: 215_784).microseconds == 7_199_992_800)
    }

    @Test func frameAtTimeIsTheFrameShowing() {
        #expect(pal.frame(at: Timecode(microseconds: 39_999)) == 0)
        #expect(pal.frame(at: Timecode(microseconds: 40_000)) == 1)
        for n: Int64 in [0, 1, 29, 30, 1_845, 180_000] {
            let t = ntsc.time(ofFrame: n)
            #expect(ntsc.frame(at: t) == n)
            #expect(ntsc.frame(at: t - Timecode(microseconds: 1)) == max(0, n - 1))
        }
    }

    @Test func rejectsNonPositiveRates() {
        #expect(FrameRate(numerator: 0, denominator: 1) == nil)
        #expect(FrameRate(numerator: 25, denominator: 0) == nil)
    }
}
