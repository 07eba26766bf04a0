/// One signal's row of the agreement report.
enum SignalReport {
    static func compute(signal: String, items: [AgreementInput.SpanItem], slice: Int64, pairwise: Bool) -> AgreementReport.SignalAgreement {
        typealias Figure = AgreementReport.Figure
        func value(_ s: AgreementInput.Span) -> String { s.intensity.map(String.init) ?? "present" }
        // Per item: the annotators who coded it and their spans of this signal.
        struct Coded {
            var length: Int64
            var coders: [(annotator: String, spans: [AgreementInput.Span])]
        }
        var coded: [Coded] = []
        var spans = 0
        var annotators = Set<String>()
        var values = Set<String>()
        for item in items {
            let coders = item.coders.keys.sorted().map { a in (a, item.coders[a]!.filter { $0.signal == signal }) }
            let count = coders.reduce(0) { $0 + $1.1.count }
            spans += count
            guard count > 0 || coders.count >= 2 else { continue }
            for (a, list) in coders {
                annotators.insert(a)
                for s in list { values.insert(value(s)) }
            }
            coded.append(Coded(length: item.length, coders: coders))
        }
        // Items where two annotators both left the signal out count too: they agree it is absent.
        let shared = coded.filter { $0.coders.count >= 2 }

        func timeSlice(_ list: [Coded], only: Set<String>? = nil) -> TimeSliceAlpha.Result {
            TimeSliceAlpha.compute(list.map { item in
                .init(length: item.length, spans: item.coders.filter { only?.contains($0.annotator) ?? true }.map { c in c.spans.map { ($0.start, $0.end) } })
            }, slice: slice)
        }
        func unitizing(_ list: [Coded], values: Set<String>, only: Set<String>? = nil, collapse: Bool = false) -> UnitizingAlpha.Result {
            var tally = UnitizingAlpha.Tally(values: collapse ? ["unit"] : Array(values))
            for item in list {
                let units = item.coders.filter { only?.contains($0.annotator) ?? true }.map { c in
                    UnitizingAlpha.flatten(c.spans.map { ($0.start, $0.end, collapse ? "unit" : value($0)) })
                }
                // Spans come validated from the store; a bad one would only make this item count for nothing.
                try? tally.add(units, length: item.length)
            }
            return tally.result
        }
        let slices = timeSlice(shared)
        let u = unitizing(shared, values: values)
        var pairs: [AgreementReport.SignalPair] = []
        if pairwise {
            let names = annotators.sorted()
            for (i, a) in names.enumerated() {
                for b in names[(i + 1)...] {
                    let both = shared.filter { item in item.coders.contains { $0.annotator == a } && item.coders.contains { $0.annotator == b } }
                    guard !both.isEmpty else { continue }
                    let pair: Set = [a, b]
                    pairs.append(.init(annotators: [a, b], items: both.count, timeSliceAlpha: Figure(timeSlice(both, only: pair).alpha),
                                       binaryUAlpha: Figure(unitizing(both, values: [], only: pair, collapse: true).binaryUAlpha)))
                }
            }
        }
        return .init(signal: signal, items: shared.count, annotators: annotators.count, spans: spans, sliceMs: Double(slice) / 1000,
                     timeSliceAlpha: Figure(slices.alpha), uAlpha: Figure(u.uAlpha), binaryUAlpha: Figure(u.binaryUAlpha),
                     cuAlpha: Figure(u.cuAlpha),
                     perIntensity: zip(u.values, u.perValue).map { .init(value: $0, alpha: Figure($1)) }, pairs: pairs)
    }
}
