import OnsetCore

/// Which tier holds which signal. Given on the command line (`--map FILE`, lines `tier = signal`
/// or `tier,signal`, `#` comments) or found by name: a tier called like a signal's id or label,
/// or `signal@annotator` as Onset writes it.
public struct TierMapping: Sendable {
    public var explicit: [String: String] = [:]

    public init(explicit: [String: String] = [:]) { self.explicit = explicit }

    public static func parse(_ text: String, file: String) throws(InterchangeError) -> TierMapping {
        var mapping = TierMapping()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !line.isEmpty else { continue }
            let separator: Character = line.contains("=") ? "=" : ","
            let parts = line.split(separator: separator, maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw InterchangeError(file: file, line: i + 1, "expected `tier = signal` (or `tier,signal`)")
            }
            mapping.explicit[parts[0]] = parts[1]
        }
        return mapping
    }

    /// The signal a tier holds, or nil when it maps to none.
    public func signal(forTier tier: String, scheme: Scheme) -> String? {
        if let s = explicit[tier] { return s }
        let name = tier.split(separator: "@", maxSplits: 1).first.map(String.init) ?? tier
        return scheme.signals.first { $0.id.caseInsensitiveCompare(name) == .orderedSame || $0.label.caseInsensitiveCompare(name) == .orderedSame }?.id
    }
}

import Foundation

/// Spans made from an imported file, and what could not be used.
public struct ImportResult: Sendable {
    public var spans: [Span]
    /// Tiers (with their annotation counts) that map to no signal: listed, never silently dropped.
    public var unmapped: [(tier: String, annotations: Int)]
}

public enum SpanImport {
    /// Spans from an ELAN file: each annotation of a tier that maps to a signal, with the
    /// confidence, intensity, cues and rationale of its symbolic-association children.
    public static func spans(from eaf: EAFFile, file: String, mapping: TierMapping, scheme: Scheme, session: String,
                             annotator: String, mediaDuration: Timecode?) throws(InterchangeError) -> ImportResult {
        var spans: [Span] = []
        var unmapped: [(String, Int)] = []
        for tier in eaf.tiers where tier.parent == nil {
            guard let signal = mapping.signal(forTier: tier.id, scheme: scheme) else {
                unmapped.append((tier.id, tier.annotations.count))
                continue
            }
            let children = eaf.tiers.filter { $0.parent == tier.id }
            func child(_ name: String) -> EAFFile.Tier? {
                children.first { $0.id.lowercased().hasSuffix("/" + name) || $0.id.lowercased() == name }
            }
            for a in tier.annotations {
                var span = Span(sessionID: session, signal: signal, onset: a.start, offset: a.end, annotator: annotator,
                                schemeID: scheme.id, schemeVersion: scheme.version)
                func number(_ name: String) throws(InterchangeError) -> Int? {
                    guard let text = child(name)?.references[a.id], !text.isEmpty else { return nil }
                    guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
                        throw InterchangeError(file: file, line: nil, "tier \(tier.id)/\(name), annotation for \(a.id): \"\(text)\" is not a whole number")
                    }
                    return n
                }
                span.confidence = try number("confidence")
                span.intensity = try number("intensity")
                if let cues = child("cues")?.references[a.id] {
                    span.cues = cues.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                span.rationale = child("rationale")?.references[a.id] ?? ""
                try check(span, scheme: scheme, mediaDuration: mediaDuration, file: file, where: "tier \(tier.id), annotation \(a.id)")
                spans.append(span)
            }
        }
        return ImportResult(spans: spans, unmapped: unmapped)
    }

    static func check(_ span: Span, scheme: Scheme, mediaDuration: Timecode?, file: String, where place: String, line: Int? = nil) throws(InterchangeError) {
        do { try scheme.validate(span, mediaDuration: mediaDuration) } catch {
            throw InterchangeError(file: file, line: line, "\(place) (\(span.onset)–\(span.offset)): \(error.description)")
        }
    }
}
