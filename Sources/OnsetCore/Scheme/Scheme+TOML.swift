extension Scheme {
    /// Reads a scheme from TOML text. Every problem is reported with `file` and the line of the
    /// value at fault. The format is documented in the README ("Scheme files").
    public static func parse(toml text: String, file: String) throws(FileError) -> Scheme {
        let root = TOMLReader(file: file, table: try TOMLParser.parse(text, file: file))
        try root.rejectUnknownKeys(
            allowed: ["id", "version", "title", "description", "required", "axes", "confidence", "intensity", "signals", "dimensions"],
            context: "the scheme")
        let id = try root.string("id", context: "the scheme")
        guard id.isSlug else { throw root.fail("scheme id `\(id)` must be lower-case letters, digits and dashes", line: root.line(of: "id")) }
        guard let version = try root.optionalInt("version") else { throw root.fail("the scheme is missing `version` (an integer, 1 or more)") }
        guard version >= 1, version <= Int64(Int32.max) else { throw root.fail("`version` must be 1 or more", line: root.line(of: "version")) }

        var scheme = Scheme(id: id, version: Int(version), title: try root.optionalString("title") ?? id,
                            description: try root.optionalString("description") ?? "")
        if let axes = try root.optionalTable("axes") {
            try axes.rejectUnknownKeys(allowed: ["valence", "arousal"], context: "[axes]")
            if let v = try axes.optionalTable("valence") { scheme.valenceRange = try axisRange(v, name: "valence") }
            if let a = try axes.optionalTable("arousal") { scheme.arousalRange = try axisRange(a, name: "arousal") }
        }
        if let c = try root.optionalTable("confidence") { scheme.confidence = try scale(c, id: "confidence") }
        if let i = try root.optionalTable("intensity") { scheme.intensity = try scale(i, id: "intensity") }

        var hotkeys: [String: String] = [:]
        for entry in try root.tables("signals") {
            let signal = try signal(entry, scheme: scheme)
            if scheme.signal(signal.id) != nil { throw entry.fail("signal `\(signal.id)` is defined twice") }
            if let other = hotkeys[signal.hotkey] {
                throw entry.fail("hotkey `\(signal.hotkey)` of `\(signal.id)` is already used by `\(other)`", line: entry.line(of: "hotkey"))
            }
            hotkeys[signal.hotkey] = signal.id
            scheme.signals.append(signal)
        }
        for entry in try root.tables("dimensions") {
            let id = try entry.string("id", context: "a dimension")
            guard id.isSlug else { throw entry.fail("dimension id `\(id)` must be lower-case letters, digits and dashes", line: entry.line(of: "id")) }
            if scheme.dimension(id) != nil { throw entry.fail("dimension `\(id)` is defined twice") }
            scheme.dimensions.append(try scale(entry, id: id))
        }
        for name in try root.stringArray("required") {
            guard let field = SpanField(rawValue: name) else {
                throw root.fail("`required` lists `\(name)`; expected any of: \(SpanField.allCases.map(\.rawValue).joined(separator: ", "))", line: root.line(of: "required"))
            }
            if field == .confidence && scheme.confidence == nil || field == .intensity && scheme.intensity == nil {
                throw root.fail("`required` lists `\(name)`, but the scheme has no [\(name)] scale", line: root.line(of: "required"))
            }
            scheme.required.insert(field)
        }
        if scheme.signals.isEmpty && scheme.dimensions.isEmpty {
            throw root.fail("the scheme defines no [[signals]] and no [[dimensions]]; it needs at least one")
        }
        return scheme
    }

    private static func axisRange(_ t: TOMLReader, name: String) throws(FileError) -> ClosedRange<Double> {
        try t.rejectUnknownKeys(allowed: ["min", "max", "description"], context: "the \(name) axis")
        guard let lo = try t.optionalNumber("min"), let hi = try t.optionalNumber("max"), lo < hi else {
            throw t.fail("the \(name) axis needs numbers `min` < `max`")
        }
        return lo...hi
    }

    private static func scale(_ t: TOMLReader, id: String) throws(FileError) -> RatingScale {
        try t.rejectUnknownKeys(allowed: ["id", "label", "description", "anchors", "shows_prompt"], context: "scale `\(id)`")
        var anchors: [Anchor] = []
        for a in try t.tables("anchors") {
            try a.rejectUnknownKeys(allowed: ["value", "label", "description"], context: "an anchor of `\(id)`")
            guard let value = try a.optionalInt("value"), (0...100).contains(value) else {
                throw a.fail("an anchor of `\(id)` needs an integer `value` from 0 to 100")
            }
            if anchors.contains(where: { $0.value == Int(value) }) { throw a.fail("scale `\(id)` has two anchors for \(value)") }
            anchors.append(Anchor(value: Int(value), label: try a.string("label", context: "anchor \(value) of `\(id)`"),
                                  description: try a.optionalString("description") ?? ""))
        }
        guard anchors.count >= 2 else { throw t.fail("scale `\(id)` needs `anchors` with at least two points", line: t.line(of: "anchors")) }
        anchors.sort { $0.value < $1.value }
        for (a, b) in zip(anchors, anchors.dropFirst()) where b.value != a.value + 1 {
            throw t.fail("scale `\(id)` skips from \(a.value) to \(b.value); anchors must be consecutive", line: t.line(of: "anchors"))
        }
        return RatingScale(id: id, label: try t.optionalString("label") ?? id, description: try t.optionalString("description") ?? "",
                           anchors: anchors, showsPrompt: try t.optionalBool("shows_prompt") ?? false)
    }

    private static func signal(_ t: TOMLReader, scheme: Scheme) throws(FileError) -> Signal {
        try t.rejectUnknownKeys(
            allowed: ["id", "label", "definition", "valence", "arousal", "observability", "hotkey", "color", "cues"],
            context: "a signal")
        let id = try t.string("id", context: "a signal")
        guard id.isSlug else { throw t.fail("signal id `\(id)` must be lower-case letters, digits and dashes", line: t.line(of: "id")) }
        let what = "signal `\(id)`"
        let definition = try t.string("definition", context: what)
        guard let valence = try t.optionalNumber("valence") else { throw t.fail("\(what) is missing `valence`") }
        guard scheme.valenceRange.contains(valence) else {
            throw t.fail("\(what) has valence \(valence), outside the axis \(scheme.valenceRange.lowerBound)…\(scheme.valenceRange.upperBound)", line: t.line(of: "valence"))
        }
        guard let arousal = try t.optionalNumber("arousal") else { throw t.fail("\(what) is missing `arousal`") }
        guard scheme.arousalRange.contains(arousal) else {
            throw t.fail("\(what) has arousal \(arousal), outside the axis \(scheme.arousalRange.lowerBound)…\(scheme.arousalRange.upperBound)", line: t.line(of: "arousal"))
        }
        let hotkey = try t.string("hotkey", context: what)
        guard !hotkey.isEmpty, !hotkey.contains(" ") else { throw t.fail("\(what) has an empty `hotkey`", line: t.line(of: "hotkey")) }
        let colorText = try t.string("color", context: what)
        guard let color = RGB(hex: colorText) else { throw t.fail("\(what): `color` must be `#rrggbb`, found `\(colorText)`", line: t.line(of: "color")) }

        var cues: [Cue] = []
        if let cueTable = try t.optionalTable("cues") {
            try cueTable.rejectUnknownKeys(allowed: Set(Modality.allCases.map(\.rawValue)), context: "the cues of `\(id)`")
            for modality in Modality.allCases {
                for c in try cueTable.tables(modality.rawValue) {
                    try c.rejectUnknownKeys(allowed: ["id", "text"], context: "a cue of `\(id)`")
                    let cueID = try c.string("id", context: "a \(modality.rawValue) cue of `\(id)`")
                    guard cueID.isSlug else { throw c.fail("cue id `\(cueID)` must be lower-case letters, digits and dashes") }
                    if cues.contains(where: { $0.id == cueID }) { throw c.fail("cue `\(cueID)` appears twice in `\(id)`") }
                    cues.append(Cue(id: cueID, modality: modality, text: try c.string("text", context: "cue `\(cueID)`")))
                }
            }
        }
        return Signal(id: id, label: try t.optionalString("label") ?? id, definition: definition, valence: valence,
                      arousal: arousal, observability: try t.stringArray("observability"), hotkey: hotkey, color: color, cues: cues)
    }
}

extension String {
    /// Lower-case ASCII letters, digits and single dashes: safe in file names, CLIs and JSON.
    public var isSlug: Bool {
        !isEmpty && !hasPrefix("-") && !hasSuffix("-")
            && allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
