import Testing
@testable import OnsetAgreement

@Suite struct KappaTests {
    typealias V = KrippendorffAlpha.Value

    /// Expands a contingency table (rows: rater A's category, columns: rater B's) into ratings.
    func ratings(_ table: [[Int]], labels: [String]) -> ([V?], [V?]) {
        var a: [V?] = [], b: [V?] = []
        for (i, row) in table.enumerated() {
            for (j, count) in row.enumerated() {
                for _ in 0..<count { a.append(V(labels[i])); b.append(V(labels[j])) }
            }
        }
        return (a, b)
    }

    @Test func cohenUnweightedTextbookCase() {
        // p_o = 35/50 = 0.7; p_e = (25·30 + 25·20)/50² = 0.5; κ = 0.4.
        let (a, b) = ratings([[20, 5], [10, 15]], labels: ["yes", "no"])
        let r = Kappa.cohen(a, b)
        #expect(abs(r.kappa! - 0.4) < 1e-12 && r.n == 50 && abs(r.observedAgreement - 0.7) < 1e-12)
    }

    @Test func cohenWeightedByHand() {
        // Three ordered categories 1,2,3; 10 units.
        let (a, b) = ratings([[3, 1, 0], [1, 2, 1], [0, 0, 2]], labels: ["1", "2", "3"])
        // Linear weights: 1, 0.5, 0. p_o = (3+2+2)/10 + 0.5·(1+1+1)/10 = 0.85.
        // Row totals 4,4,2; column totals 4,3,3 (÷10).
        // p_e = Σ w_ij r_i c_j = diag .16+.12+.06 = .34; |i−j|=1: .5·(.4·.3 + .4·.4 + .4·.3 + .2·.3) = .5·.46 = .23; total .57.
        let linear = Kappa.cohen(a, b, weights: .linear)
        #expect(abs(linear.observedAgreement - 0.85) < 1e-12)
        #expect(abs(linear.expectedAgreement - 0.57) < 1e-12)
        #expect(abs(linear.kappa! - (0.85 - 0.57) / (1 - 0.57)) < 1e-12)
        // Quadratic weights: 1, 0.75, 0 → p_o = .7 + .75·.3 = .925; p_e = .34 + .75·.46 = .685.
        let quadratic = Kappa.cohen(a, b, weights: .quadratic)
        #expect(abs(quadratic.kappa! - (0.925 - 0.685) / (1 - 0.685)) < 1e-12)
    }

    @Test func cohenSkipsMissingAndSaysWhenUndefined() {
        let r = Kappa.cohen([V("1"), nil, V("2")], [V("1"), V("2"), nil])
        #expect(r.n == 1 && r.kappa == nil && r.undefinedReason?.contains("expected agreement is 1") == true)
        #expect(Kappa.cohen([nil], [V("1")]).undefinedReason?.contains("rated by both") == true)
    }

    @Test func fleissStandardExample() {
        // Fleiss (1971) as widely reproduced: 10 subjects, 14 raters, 5 categories; κ = 0.210.
        let counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
        var data = [[V?]](repeating: [], count: 14)
        for subject in counts {
            var rater = 0
            for (category, n) in subject.enumerated() {
                for _ in 0..<n { data[rater].append(V(String(category + 1))); rater += 1 }
            }
        }
        let r = Kappa.fleiss(data)
        #expect(r.n == 10)
        #expect(abs(r.observedAgreement - 0.378) < 0.0005)
        #expect(abs(r.expectedAgreement - 0.213) < 0.0005)
        #expect(abs(r.kappa! - 0.210) < 0.0005)
    }
}
