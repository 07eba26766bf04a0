import OnsetAgreement

/// The agreement report for a terminal: aligned tables, block-character bars, flags last.
enum AgreementText {
    static func render(_ r: AgreementReport, signalFilter: String?) -> String {
        var out: [String] = []
        out.append("Agreement (thresholds: alpha \(number(r.thresholds.alpha)), exact \(percent(r.thresholds.exact)), within-one \(percent(r.thresholds.withinOne)); ! = below)")
        if r.signals.isEmpty && r.dimensions.isEmpty {
            out.append(signalFilter.map { "No spans of signal `\($0)` in this store." } ?? "Nothing to compare: the store has no spans or ratings.")
            return out.joined(separator: "\n")
        }
        if !r.signals.isEmpty {
            out.append("")
            out.append("Signals — time-slice alpha on \(milliseconds(r.sliceMs)) ms slices (nominal, present/absent at each slice's midpoint); Krippendorff's unitizing alphas on exact microseconds, unit value = intensity")
            out.append(Output.table(["signal", "items", "coders", "spans", "time-slice α", "", "uα", "|uα", "cuα"], r.signals.map { s in
                [s.signal, "\(s.items)", "\(s.annotators)", "\(s.spans)", figure(s.timeSliceAlpha), bar(s.timeSliceAlpha), figure(s.uAlpha),
                 figure(s.binaryUAlpha), figure(s.cuAlpha)]
            }))
            let intensities = r.signals.filter { s in s.perIntensity.contains { $0.alpha.value != nil } }
            if !intensities.isEmpty {
                out.append("")
                out.append("(k)uα per intensity")
                out.append(Output.table(["signal"] + ["value", "(k)uα"], intensities.flatMap { s in
                    s.perIntensity.map { [s.signal, $0.value, figure($0.alpha)] }
                }))
            }
            let pairs = r.signals.filter { !$0.pairs.isEmpty }
            if !pairs.isEmpty {
                out.append("")
                out.append("Pairs")
                out.append(Output.table(["signal", "annotators", "items", "time-slice α", "", "|uα"], pairs.flatMap { s in
                    s.pairs.map { [s.signal, $0.annotators.joined(separator: " × "), "\($0.items)", figure($0.timeSliceAlpha), bar($0.timeSliceAlpha), figure($0.binaryUAlpha)] }
                }))
            }
        }
        if !r.dimensions.isEmpty {
            out.append("")
            out.append("Rating dimensions — Krippendorff's alpha; exact / within-one = share of pairs of ratings of a clip that agree")
            out.append(Output.table(["dimension", "clips", "raters", "α ordinal", "", "α interval", "exact", "within-one"], r.dimensions.map { d in
                [d.dimension, "\(d.clips)", "\(d.raters)", figure(d.alphaOrdinal), bar(d.alphaOrdinal), figure(d.alphaInterval),
                 share(d.exact), share(d.withinOne)]
            }))
            let pairs = r.dimensions.filter { !$0.pairs.isEmpty }
            if !pairs.isEmpty {
                out.append("")
                out.append(Output.table(["dimension", "annotators", "pairs", "exact", "within-one"], pairs.flatMap { d in
                    d.pairs.map { [d.dimension, $0.annotators.joined(separator: " × "), "\($0.clips)", share($0.exact), share($0.withinOne)] }
                }))
            }
        }
        if !r.waves.isEmpty {
            out.append("")
            out.append("Trend across waves")
            var rows: [[String]] = []
            for w in r.waves {
                for s in w.signals { rows.append([w.wave ?? "(none)", "signal " + s.signal, "time-slice α", figure(s.timeSliceAlpha), bar(s.timeSliceAlpha), "uα " + figure(s.uAlpha)]) }
                for d in w.dimensions { rows.append([w.wave ?? "(none)", "dimension " + d.dimension, "α ordinal", figure(d.alphaOrdinal), bar(d.alphaOrdinal), "exact " + share(d.exact)]) }
            }
            out.append(Output.table(["wave", "what", "measure", "value", "", ""], rows))
        }
        let undefined = (r.signals.flatMap { [("\($0.signal): time-slice α", $0.timeSliceAlpha), ("\($0.signal): uα", $0.uAlpha), ("\($0.signal): cuα", $0.cuAlpha)] }
            + r.dimensions.flatMap { [("\($0.dimension): α ordinal", $0.alphaOrdinal)] }).filter { $0.1.value == nil }
        if !undefined.isEmpty {
            out.append("")
            out.append("Undefined")
            for (name, f) in undefined { out.append("  \(name): \(f.undefinedReason ?? "")") }
        }
        out.append("")
        if r.flags.isEmpty {
            out.append("Flags: none")
        } else {
            out.append("Flags")
            for f in r.flags {
                let value = f.measure.contains("agreement") ? percent(f.value) : number(f.value)
                let threshold = f.measure.contains("agreement") ? percent(f.threshold) : number(f.threshold)
                out.append("  ! \(f.scope) \(f.name)\(f.wave.map { " (wave \($0))" } ?? ""): \(f.measure) \(value) < \(threshold)")
            }
        }
        return out.joined(separator: "\n")
    }

    static func number(_ v: Double) -> String { String(format: "%.3f", v) }
    static func milliseconds(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
    static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

    static func figure(_ f: AgreementReport.Figure) -> String {
        guard let v = f.value else { return "undefined" }
        return number(v) + (f.flagged ? " !" : "")
    }

    static func share(_ f: AgreementReport.Figure) -> String {
        guard let v = f.value else { return "undefined" }
        return percent(v) + (f.flagged ? " !" : "")
    }

    /// 0…1 as a bar of 12 cells with ⅛-cell steps; below zero shows as `<0`.
    static func bar(_ f: AgreementReport.Figure, width: Int = 12) -> String {
        guard let v = f.value else { return "" }
        guard v >= 0 else { return "<0" }
        let eighths = Int((min(v, 1) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }
}
