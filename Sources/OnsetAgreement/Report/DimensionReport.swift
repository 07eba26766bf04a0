/// One rating dimension's row of the agreement report: clips are the units, annotators the coders.
enum DimensionReport {
    static func compute(dimension: String, ratings: [AgreementInput.Rating], pairwise: Bool) -> AgreementReport.DimensionAgreement {
        typealias Figure = AgreementReport.Figure
        let raters = Array(Set(ratings.map(\.annotator))).sorted()
        let clips = Array(Set(ratings.map(\.clip))).sorted()
        let rater = Dictionary(uniqueKeysWithValues: raters.enumerated().map { ($1, $0) })
        let clip = Dictionary(uniqueKeysWithValues: clips.enumerated().map { ($1, $0) })
        var matrix = [[KrippendorffAlpha.Value?]](repeating: [KrippendorffAlpha.Value?](repeating: nil, count: clips.count), count: raters.count)
        for r in ratings { matrix[rater[r.annotator]!][clip[r.clip]!] = .init(Double(r.score)) }
        let data = CodedData(matrix)
        let agreement = PairwiseAgreement(data)
        let shared = (0..<clips.count).filter { u in matrix.filter { $0[u] != nil }.count >= 2 }.count
        var pairs: [AgreementReport.DimensionPair] = []
        if pairwise {
            for i in raters.indices {
                for j in raters.indices where j > i {
                    let p = PairwiseAgreement(CodedData([matrix[i], matrix[j]]))
                    guard p.pairs > 0 else { continue }
                    pairs.append(.init(annotators: [raters[i], raters[j]], clips: p.pairs,
                                       exact: Figure(p.exact, undefined: "no clip rated by both"),
                                       withinOne: Figure(p.withinOne, undefined: "no clip rated by both")))
                }
            }
        }
        return .init(dimension: dimension, clips: shared, raters: raters.count,
                     alphaOrdinal: Figure(KrippendorffAlpha.compute(data, level: .ordinal)),
                     alphaInterval: Figure(KrippendorffAlpha.compute(data, level: .interval)),
                     exact: Figure(agreement.exact, undefined: "no clip was rated by two or more annotators"),
                     withinOne: Figure(agreement.withinOne, undefined: "no clip was rated by two or more annotators"), pairs: pairs)
    }
}
