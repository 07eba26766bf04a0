import Foundation

/// A model's detection on a recording, loaded for review: a separate layer, never a span until a
/// reviewer accepts it.
public struct Prediction: Hashable, Sendable, Codable {
    public enum Probability: String, Hashable, Sendable, Codable, CaseIterable {
        case low, medium, high
    }

    /// Stable for the same file and position, so importing a file again changes nothing.
    public var id: String
    public var sessionID: String
    /// `signals`, or `engagement_state` for the model's engagement track.
    public var layer: String
    /// The signal (or state) the model names.
    public var type: String
    public var onset: Timecode
    public var offset: Timecode
    public var probability: Probability?
    /// The older shape's fields, kept as given.
    public var confidence: String?
    public var intensity: String?
    public var rationale: String
    /// Whether `type` is a signal of the session's scheme.
    public var known: Bool

    public init(id: String, sessionID: String, layer: String, type: String, onset: Timecode, offset: Timecode, probability: Probability?,
                confidence: String? = nil, intensity: String? = nil, rationale: String, known: Bool) {
        self.id = id; self.sessionID = sessionID; self.layer = layer; self.type = type; self.onset = onset; self.offset = offset
        self.probability = probability; self.confidence = confidence; self.intensity = intensity; self.rationale = rationale; self.known = known
    }
}

/// A reviewer's decision on a prediction.
public struct PredictionReview: Hashable, Sendable, Codable {
    public enum Decision: String, Hashable, Sendable, Codable, CaseIterable {
        case accepted, rejected, adjusted
    }
    public var predictionID: String
    public var decision: Decision
    public var reason: String
    /// The span an accepted or adjusted prediction became.
    public var spanID: UUID?
    public var reviewer: String
    public var reviewedAt: Date

    public init(predictionID: String, decision: Decision, reason: String = "", spanID: UUID?, reviewer: String, reviewedAt: Date = Date()) {
        self.predictionID = predictionID; self.decision = decision; self.reason = reason; self.spanID = spanID
        self.reviewer = reviewer; self.reviewedAt = reviewedAt
    }
}
