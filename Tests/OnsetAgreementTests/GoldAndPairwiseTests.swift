import Testing
@testable import OnsetAgreement

@Suite struct GoldScoringTests {
    typealias I = GoldScoring.Interval

    @Test func spansMatchByIoUOneToOne() {
        // [0,10)~[1,11) IoU 9/11; [20,30)~[21,35) IoU 0.6; [50,60) unmatched; gold [100,110) missed.
        let s = GoldScoring.spans([I(start: 0, end: 10), I(start: 20, end: 30), I(start: 50, end: 60)],
                                  gold: [I(start: 1, end: 11), I(start: 21, end: 35), I(start: 100, end: 110)])
        #expect(s.matched == 2 && s.precision == 2.0 / 3 && s.recall == 2.0 / 3 && abs(s.f1! - 2.0 / 3) < 1e-12)
        #expect(s.meanOnsetError == 1 && s.meanOffsetError == 3)
        // Raising the threshold above 0.6 drops the second match.
        #expect(GoldScoring.spans([I(start: 20, end: 30)], gold: [I(start: 21, end: 35)], threshold: 0.7).matched == 0)
        // Two spans on one gold span: only the better one matches.
        let double = GoldScoring.spans([I(start: 0, end: 10), I(start: 0, end: 9)], gold: [I(start: 0, end: 10)])
        #expect(double.matched == 1 && double.precision == 0.5 && double.meanOffsetError == 0)
    }

    @Test func undefinedWithoutSpansOrGold() {
        let none = GoldScoring.spans([], gold: [I(start: 0, end: 1)])
        #expect(none.precision == nil && none.recall == 0 && none.f1 == nil)
    }

    @Test func ratingsAgainstGold() {
        let r = GoldScoring.ratings([(3, 3), (4, 3), (1, 3), (5, 5)])
        #expect(r.n == 4 && r.exact == 0.5 && r.withinOne == 0.75 && r.meanAbsoluteError == 0.75)
        #expect(r.kappa.weights == .quadratic && r.kappa.kappa != nil)
        #expect(GoldScoring.ratings([]).exact == nil)
    }
}

@Suite struct PairwiseAgreementTests {
    @Test func exactAndWithinOneCountPairs() {
        // Units [1,1,2], [3,3], [4,2]: 5 pairs; exact 2; within one 4.
        let data = CodedData([["1", "3", "4"], ["1", "3", "2"], ["2", nil, nil]].map { $0.map { $0.map(KrippendorffAlpha.Value.init) } })
        let p = PairwiseAgreement(data)
        #expect(p.pairs == 5 && p.exact == 0.4 && p.withinOne == 0.8)
        let labels = PairwiseAgreement(CodedData([[.init("yes")], [.init("no")]]))
        #expect(labels.exact == 0 && labels.withinOne == nil)
    }
}

@Suite struct BootstrapTests {
    @Test func seededIntervalIsReproducibleAndBracketsAlpha() throws {
        let data = try ReliabilityData.parse(csv: KrippendorffAlphaTests.published).coded
        for level in KrippendorffAlpha.Level.allCases {
            let alpha = KrippendorffAlpha.compute(data, level: level).alpha!
            let one = KrippendorffAlpha.bootstrap(data, level: level, replicates: 500, seed: 7)!
            #expect(one == KrippendorffAlpha.bootstrap(data, level: level, replicates: 500, seed: 7))
            #expect(one.lower <= alpha && alpha <= one.upper && one.lower < one.upper, "\(level)")
        }
        #expect(KrippendorffAlpha.bootstrap(data, level: .nominal, seed: 7) != KrippendorffAlpha.bootstrap(data, level: .nominal, seed: 8))
    }

    @Test func noIntervalForAnUndefinedAlpha() throws {
        let same = try ReliabilityData.parse(csv: "coder,a,b\nX,1,1\nY,1,1\n").coded
        #expect(KrippendorffAlpha.bootstrap(same, level: .nominal) == nil)
    }

    @Test func manyDistinctValuesUseTheSparsePathWithTheSameResult() {
        // Over 2048 distinct interval values: above the dense limit; the dense formula, forced on
        // the same data, must agree.
        var rng = SplitMix64(seed: 3)
        let data: [[KrippendorffAlpha.Value?]] = (0..<3).map { _ in (0..<800).map { _ in .init(Double(rng.below(100_000)) / 10) } }
        let coded = CodedData(data)
        #expect(coded.categories.count > KrippendorffAlpha.denseLimit)
        for level in KrippendorffAlpha.Level.allCases {
            let sparse = KrippendorffAlpha.computeSparse(coded, level: level)
            let dense = KrippendorffAlpha.compute(Coincidences(coded), categories: coded.categories, level: level)
            #expect(abs(sparse.alpha! - dense.alpha!) < 1e-9 && sparse.n == dense.n, "\(level)")
        }
    }
}
