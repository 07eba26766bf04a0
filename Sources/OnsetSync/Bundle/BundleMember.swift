/// The JSON-lines members a bundle carries, in the order they are written.
public enum BundleMember: String, CaseIterable, Sendable {
    case sessions = "sessions.jsonl"
    case spans = "spans.jsonl"
    case clipRatings = "clip_ratings.jsonl"
    case predictionReviews = "prediction_reviews.jsonl"
    case calibration = "calibration.jsonl"
    case telemetry = "telemetry.jsonl"
    case operations = "operations.jsonl"

    static let manifest = "manifest.json"
    static let signature = "manifest.sig"

    static func isAllowed(_ name: String) -> Bool {
        name == manifest || name == signature || BundleMember(rawValue: name) != nil
    }

    /// The key of `counts` in the manifest.
    public var countKey: String { String(rawValue.dropLast(".jsonl".count)) }
}
