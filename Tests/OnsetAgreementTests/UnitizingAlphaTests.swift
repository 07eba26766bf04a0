import Testing
@testable import OnsetAgreement

/// Unitizing alphas on tiny continua, computed by hand (the sums are in the comments).
@Suite struct UnitizingAlphaTests {
    typealias Unit = UnitizingAlpha.Unit

    @Test func twoAnnotatorsShiftedUnitByHand() throws {
        // L = 10. A: x[2,6); B: x[4,8). l_∅∅ = 8, l_xx = 4, l_∅x = l_x∅ = 4; S_∅ = 12, S_x = 32;
        // l.. − S/l.. = 17.8; e_∅∅ = 132/17.8, e_xx = 32/17.8; uα = 1 − 8/(192/17.8) = 31/120.
        let r = try UnitizingAlpha.compute([[Unit(start: 2, end: 6, value: "x")], [Unit(start: 4, end: 8, value: "x")]], length: 10)
        #expect(r.observed == [8, 4, 4, 4])
        #expect(abs(r.uAlpha.alpha! - 31.0 / 120) < 1e-12)
        #expect(abs(r.binaryUAlpha.alpha! - 31.0 / 120) < 1e-12)
        #expect(r.cuAlpha.alpha == nil && r.cuAlpha.undefinedReason!.contains("only one value"))
    }

    @Test func valuesOfOverlappingUnitsByHand() throws {
        // No gaps. A: a[0,5) b[5,10); B: a[0,4) b[4,10). l_aa = 8, l_ab = l_ba = 1, l_bb = 10.
        // cuα = 1 − (2/20)/(2·9·11/400) = 1 − 0.1/0.495; uα: S = 102, e_aa = 40/14.9, e_bb = 60/14.9.
        let r = try UnitizingAlpha.compute([
            [Unit(start: 0, end: 5, value: "a"), Unit(start: 5, end: 10, value: "b")],
            [Unit(start: 0, end: 4, value: "a"), Unit(start: 4, end: 10, value: "b")],
        ], length: 10)
        #expect(abs(r.cuAlpha.alpha! - (1 - 0.1 / 0.495)) < 1e-12)
        #expect(abs(r.perValue[0].alpha! - (1 - 0.1 / 0.495)) < 1e-12)
        #expect(abs(r.uAlpha.alpha! - (1 - 2 / (20 - 100 / 14.9))) < 1e-12)
        #expect(r.binaryUAlpha.alpha == nil && r.binaryUAlpha.undefinedReason!.contains("no gaps"))
    }

    @Test func perfectAndEmptyAndLonelyAreStatedNotGuessed() throws {
        let same = [Unit(start: 1, end: 3, value: "x"), Unit(start: 5, end: 9, value: "x")]
        let perfect = try UnitizingAlpha.compute([same, same, same], length: 12)
        #expect(perfect.uAlpha.alpha == 1 && perfect.binaryUAlpha.alpha == 1)
        let empty = try UnitizingAlpha.compute([[], []], length: 12)
        #expect(empty.uAlpha.alpha == nil && empty.uAlpha.undefinedReason!.contains("no annotator marked any unit"))
        let lonely = try UnitizingAlpha.compute([same], length: 12)
        #expect(lonely.uAlpha.alpha == nil && lonely.uAlpha.undefinedReason!.contains("two or more annotators"))
    }

    @Test func orderOfAnnotatorsAndUnitsDoesNotMatter() throws {
        let a = [Unit(start: 0, end: 40, value: "1"), Unit(start: 50, end: 90, value: "2")]
        let b = [Unit(start: 10, end: 45, value: "2"), Unit(start: 60, end: 80, value: "2")]
        let c = [Unit(start: 5, end: 30, value: "1")]
        let one = try UnitizingAlpha.compute([a, b, c], length: 100)
        let two = try UnitizingAlpha.compute([c, b.reversed(), a], length: 100)
        #expect(one == two)
        #expect(one.observed.reduce(0, +) == 300)   // l.. = mL
    }

    @Test func badUnitsAreRefusedWithTheAnnotator() {
        #expect(throws: UnitizingAlpha.InputError.self) {
            try UnitizingAlpha.compute([[Unit(start: 0, end: 5, value: "x"), Unit(start: 4, end: 6, value: "x")], []], length: 10)
        }
        #expect(throws: UnitizingAlpha.InputError(annotator: 1, message: "unit 8–12 lies outside the continuum 0–10")) {
            try UnitizingAlpha.compute([[], [Unit(start: 8, end: 12, value: "x")]], length: 10)
        }
    }

    @Test func flattenKeepsTheHighestValueWhereSpansOverlap() {
        let units = UnitizingAlpha.flatten([(0, 10, "2"), (5, 15, "4"), (15, 20, "4"), (30, 40, "present")])
        #expect(units == [Unit(start: 0, end: 5, value: "2"), Unit(start: 5, end: 20, value: "4"), Unit(start: 30, end: 40, value: "present")])
    }
}

@Suite struct TimeSliceAlphaTests {
    @Test func slicesByMidpointAndAlphaByHand() {
        // 10 slices of 100: A present in 0–4, B in 1–5. o_pp = o_aa = 8, o_pa = o_ap = 2,
        // n = 20, D_o = 0.2, D_e = 200/380 → α = 1 − 0.38 = 0.62.
        let r = TimeSliceAlpha.compute([.init(length: 1000, spans: [[(0, 500)], [(100, 600)]])], slice: 100)
        #expect(r.slices == 10 && r.slice == 100)
        #expect(abs(r.alpha.alpha! - 0.62) < 1e-12)
        #expect(TimeSliceAlpha.covered((120, 249), slice: 100, count: 10)! == (1, 1))
        #expect(TimeSliceAlpha.covered((151, 249), slice: 100, count: 10) == nil)
        #expect(TimeSliceAlpha.covered((0, 5000), slice: 100, count: 10)! == (0, 9))
    }

    @Test func equalsAlphaOnTheExplicitMatrix() {
        let item = TimeSliceAlpha.Item(length: 700, spans: [[(0, 300), (250, 420)], [(90, 300)], nil, [(600, 700)]])
        let r = TimeSliceAlpha.compute([item], slice: 70)
        // The same matrix written out: 10 slices, midpoints 35, 105, …, 665.
        let mids = (0..<10).map { Int64($0 * 70 + 35) }
        func row(_ spans: [(Int64, Int64)]) -> [KrippendorffAlpha.Value?] { mids.map { t in .init(spans.contains { $0.0 <= t && t < $0.1 } ? "1" : "0") } }
        let explicit = KrippendorffAlpha.compute([row([(0, 300), (250, 420)]), row([(90, 300)]), row([(600, 700)])], level: .nominal)
        #expect(abs(r.alpha.alpha! - explicit.alpha!) < 1e-12 && r.alpha.n == explicit.n)
    }

    @Test func oneCoderPerItemIsUndefined() {
        let r = TimeSliceAlpha.compute([.init(length: 500, spans: [[(0, 100)], nil])], slice: 100)
        #expect(r.alpha.alpha == nil && r.alpha.undefinedReason!.contains("nothing is pairable"))
    }
}
