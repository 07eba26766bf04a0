/// Why a span or rating cannot be stored. Messages are written for the annotator.
public enum ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    case onsetNotBeforeOffset(onset: Timecode, offset: Timecode)
    case negativeTime(Timecode)
    case beyondMedia(offset: Timecode, duration: Timecode)
    case unknownSignal(String, known: [String])
    case unknownCue(String, signal: String, known: [String])
    case duplicateCue(String)
    case noScale(String)
    case outOfRange(field: String, value: Int, range: ClosedRange<Int>)
    case unknownDimension(String, known: [String])
    case missingRequired([SpanField])
    case schemeMismatch(expected: String, found: String)

    public var description: String {
        switch self {
        case .onsetNotBeforeOffset(let on, let off):
            "the onset (\(on)) must come before the offset (\(off))"
        case .negativeTime(let t):
            "time \(t) is negative"
        case .beyondMedia(let off, let dur):
            "the offset (\(off)) lies beyond the end of the media (\(dur))"
        case .unknownSignal(let s, let known):
            "unknown signal `\(s)`; the scheme has: \(known.joined(separator: ", "))"
        case .unknownCue(let c, let s, let known):
            "`\(c)` is not a cue of `\(s)`; its cues are: \(known.joined(separator: ", "))"
        case .duplicateCue(let c):
            "cue `\(c)` is listed twice"
        case .noScale(let f):
            "the scheme has no \(f) scale, so a \(f) rating cannot be given"
        case .outOfRange(let f, let v, let r):
            "\(f) \(v) is out of range; the scale runs \(r.lowerBound)–\(r.upperBound)"
        case .unknownDimension(let d, let known):
            "unknown rating dimension `\(d)`; the scheme has: \(known.joined(separator: ", "))"
        case .missingRequired(let fields):
            "the scheme requires \(fields.map(\.rawValue).joined(separator: " and ")) on every span"
        case .schemeMismatch(let e, let f):
            "made under scheme \(f), but this session uses \(e)"
        }
    }
}

extension Scheme {
    /// Checks what must always hold for a span to be stored: bounds, signal, cues, rating ranges.
    /// Required fields are checked separately (`missingRequired`) because the workstation stores a
    /// span the moment it is closed and asks for its ratings right after.
    public func validate(_ span: Span, mediaDuration: Timecode? = nil) throws(ValidationError) {
        if span.onset.microseconds < 0 { throw .negativeTime(span.onset) }
        guard span.onset < span.offset else { throw .onsetNotBeforeOffset(onset: span.onset, offset: span.offset) }
        if let mediaDuration, span.offset > mediaDuration { throw .beyondMedia(offset: span.offset, duration: mediaDuration) }
        guard let signal = signal(span.signal) else { throw .unknownSignal(span.signal, known: signals.map(\.id)) }
        var seen = Set<String>()
        for cue in span.cues {
            guard signal.cue(cue) != nil else { throw .unknownCue(cue, signal: signal.id, known: signal.cues.map(\.id)) }
            guard seen.insert(cue).inserted else { throw .duplicateCue(cue) }
        }
        try check(span.confidence, scale: confidence, name: "confidence")
        try check(span.intensity, scale: intensity, name: "intensity")
    }

    /// Required fields (per the scheme) that `span` does not carry yet, in a stable order.
    public func missingRequired(_ span: Span) -> [SpanField] {
        required.sorted().filter { field in
            switch field {
            case .confidence: span.confidence == nil
            case .intensity: span.intensity == nil
            case .cues: span.cues.isEmpty
            case .rationale: span.rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
        }
    }

    public func validate(_ rating: ClipRating) throws(ValidationError) {
        guard let scale = dimension(rating.dimension) else { throw .unknownDimension(rating.dimension, known: dimensions.map(\.id)) }
        guard scale.range.contains(rating.score) else { throw .outOfRange(field: scale.label, value: rating.score, range: scale.range) }
        if let c = rating.confidence {
            guard let conf = confidence else { throw .noScale("confidence") }
            guard conf.range.contains(c) else { throw .outOfRange(field: "confidence", value: c, range: conf.range) }
        }
    }

    private func check(_ value: Int?, scale: RatingScale?, name: String) throws(ValidationError) {
        guard let value else { return }
        guard let scale else { throw .noScale(name) }
        guard scale.range.contains(value) else { throw .outOfRange(field: name, value: value, range: scale.range) }
    }
}
