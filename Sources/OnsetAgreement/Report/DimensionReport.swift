/// One rating dimension's row of the agreement report: clips are the units, annotators the coders.
enum DimensionReport {
    static func compute(dimension: String, ratings: [AgreementInput.Rating], pairwise: Bool) -> AgreementReport.DimensionAgreement {
        typealias Figure = AgreementReport.Figure
        let raters = Array(Set(ratings.map(\.annotator))).sorted()
        let clips = Array(Set(ratings.map(\.clip))).sorted()
        let scores = Array(Set(ratings.map(\.score))).sorted()
        let rater = Dictionary(uniqueKeysWithValues: raters.enumerated().map { ($1, $0) })
        let clip = Dictionary(uniqueKeysWithValues: clips.enumerated().map { ($1, $0) })
        let score = Dictionary(uniqueKeysWithValues: scores.enumerated().map { ($1, Int32($0)) })
        let categories = scores.map { KrippendorffAlpha.Value(Double($0)) }
        // Integer codes straight away: raters × clips can be large, and most cells are empty.
        var codes = [Int32](repeating: CodedData.missing, count: raters.count * clips.count)
        for r in ratings { codes[rater[r.annotator]! * clips.count + clip[r.clip]!] = score[r.score]! }
        let data = CodedData(categories: categories, coders: raters.count, units: clips.count, codes: codes)
        let agreement = PairwiseAgreement(data)
        var perClip = [Int32](repeating: 0, count: clips.count)
        for (i, code) in codes.enumerated() where code >= 0 { perClip[i % clips.count] += 1 }
        let shared = perClip.filter { $0 >= 2 }.count
        var pairs: [AgreementReport.DimensionPair] = []
        if pairwise {
            for i in raters.indices {
                for j in raters.indices where j > i {
                    let two = Array(codes[(i * clips.count)..<((i + 1) * clips.count)] + codes[(j * clips.count)..<((j + 1) * clips.count)])
                    let p = PairwiseAgreement(CodedData(categories: categories, coders: 2, units: clips.count, codes: two))
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
