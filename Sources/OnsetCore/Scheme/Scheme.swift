/// An annotation scheme: the signal taxonomy for spans and the rating scales for clips.
///
/// Schemes are versioned: every span records the `id` and `version` it was made under, and a
/// changed definition ships as a new version rather than rewriting an old one.
public struct Scheme: Hashable, Sendable, Codable {
    public var id: String
    public var version: Int
    public var title: String
    public var description: String
    /// Range of each signal's valence position (negative … positive).
    public var valenceRange: ClosedRange<Double>
    /// Range of each signal's arousal position (low … high).
    public var arousalRange: ClosedRange<Double>
    public var signals: [Signal]
    /// Per-span scales; nil when the scheme does not use them.
    public var confidence: RatingScale?
    public var intensity: RatingScale?
    /// Clip-level dimensions (rapid review).
    public var dimensions: [RatingScale]
    /// Span fields a span must carry before it counts as complete.
    public var required: Set<SpanField>

    public init(
        id: String, version: Int, title: String, description: String = "",
        valenceRange: ClosedRange<Double> = -1...1, arousalRange: ClosedRange<Double> = -1...1,
        signals: [Signal] = [], confidence: RatingScale? = nil, intensity: RatingScale? = nil,
        dimensions: [RatingScale] = [], required: Set<SpanField> = []
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.valenceRange = valenceRange
        self.arousalRange = arousalRange
        self.signals = signals
        self.confidence = confidence
        self.intensity = intensity
        self.dimensions = dimensions
        self.required = required
    }

    public func signal(_ id: String) -> Signal? { signals.first { $0.id == id } }
    public func dimension(_ id: String) -> RatingScale? { dimensions.first { $0.id == id } }
    public var allCues: [Cue] { signals.flatMap(\.cues) }
}

/// Fields of a span a scheme can make mandatory.
public enum SpanField: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case confidence, intensity, cues, rationale

    public static func < (a: SpanField, b: SpanField) -> Bool { a.rawValue < b.rawValue }
}

/// One social signal of the taxonomy.
public struct Signal: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var label: String
    public var definition: String
    public var valence: Double
    public var arousal: Double
    /// What must be observable to code this signal.
    public var observability: [String]
    /// The palette key, e.g. "8"; unique within a scheme.
    public var hotkey: String
    public var color: RGB
    public var cues: [Cue]

    public init(id: String, label: String, definition: String, valence: Double, arousal: Double,
                observability: [String], hotkey: String, color: RGB, cues: [Cue]) {
        self.id = id
        self.label = label
        self.definition = definition
        self.valence = valence
        self.arousal = arousal
        self.observability = observability
        self.hotkey = hotkey
        self.color = color
        self.cues = cues
    }

    public func cue(_ id: String) -> Cue? { cues.first { $0.id == id } }
}

/// A behavioural cue that supports a signal, observed in one modality.
public struct Cue: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var modality: Modality
    public var text: String

    public init(id: String, modality: Modality, text: String) {
        self.id = id
        self.modality = modality
        self.text = text
    }
}

public enum Modality: String, Hashable, Sendable, Codable, CaseIterable {
    case video, audio, text

    /// Video (face, gaze, posture, gesture) and audio (prosody, rhythm, pauses) cues are
    /// non-verbal or paraverbal; text cues are verbal.
    public var isNonVerbal: Bool { self != .text }
}

/// An anchored ordinal scale, e.g. 1–5 with a description per point.
public struct RatingScale: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var label: String
    public var description: String
    public var anchors: [Anchor]
    /// Shown next to the scale while rating, e.g. "compare with the clip's prompt".
    public var showsPrompt: Bool

    public init(id: String, label: String, description: String = "", anchors: [Anchor], showsPrompt: Bool = false) {
        self.id = id
        self.label = label
        self.description = description
        self.anchors = anchors
        self.showsPrompt = showsPrompt
    }

    public var range: ClosedRange<Int> { (anchors.map(\.value).min() ?? 1)...(anchors.map(\.value).max() ?? 1) }
    public func anchor(_ value: Int) -> Anchor? { anchors.first { $0.value == value } }
}

public struct Anchor: Hashable, Sendable, Codable {
    public var value: Int
    public var label: String
    public var description: String

    public init(value: Int, label: String, description: String) {
        self.value = value
        self.label = label
        self.description = description
    }
}

/// A 24-bit colour, written `#rrggbb` in scheme files.
public struct RGB: Hashable, Sendable, Codable, CustomStringConvertible {
    public var r: UInt8, g: UInt8, b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
    }

    public var description: String {
        "#" + [r, g, b].map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
