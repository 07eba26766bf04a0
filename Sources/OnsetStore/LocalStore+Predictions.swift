import Foundation
import GRDB
import OnsetCore

/// A prediction with the reviewer's decision, if any.
public struct ReviewedPrediction: Sendable, Equatable {
    public var prediction: Prediction
    public var review: PredictionReview?

    public init(prediction: Prediction, review: PredictionReview?) {
        self.prediction = prediction
        self.review = review
    }
}

extension LocalStore {
    /// Adds predictions to their (registered) session; ones already there (the same file again)
    /// are left as they are. Returns how many were new.
    @discardableResult
    public func importPredictions(_ predictions: [Prediction], source: String) throws(StoreError) -> Int {
        try write { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO prediction (id, session_id, layer, type, onset_us, offset_us, probability, confidence, intensity,
                    rationale, known, source, imported_at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = Date().microsecondsSince1970
            var added = 0
            for p in predictions {
                try insert.execute(arguments: [p.id, p.sessionID, p.layer, p.type, p.onset.microseconds, p.offset.microseconds, p.probability?.rawValue,
                                               p.confidence, p.intensity, p.rationale, p.known, source, now])
                added += db.changesCount
            }
            return added
        }
    }

    /// A session's predictions in time order, each with its review.
    public func predictions(session: String) throws(StoreError) -> [ReviewedPrediction] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, p.session_id, p.layer, p.type, p.onset_us, p.offset_us, p.probability, p.confidence, p.intensity, p.rationale, p.known,
                       r.decision, r.reason, r.span_id, r.reviewer, r.reviewed_at_us
                FROM prediction p LEFT JOIN prediction_review r ON r.prediction_id = p.id
                WHERE p.session_id = ? ORDER BY p.layer DESC, p.onset_us, p.id
                """, arguments: [session]).map { row in
                let p = Prediction(id: row[0], sessionID: row[1], layer: row[2], type: row[3], onset: Timecode(microseconds: row[4]),
                                   offset: Timecode(microseconds: row[5]), probability: (row[6] as String?).flatMap(Prediction.Probability.init(rawValue:)),
                                   confidence: row[7], intensity: row[8], rationale: row[9], known: row[10])
                var review: PredictionReview?
                if let decision = (row[11] as String?).flatMap(PredictionReview.Decision.init(rawValue:)) {
                    review = PredictionReview(predictionID: p.id, decision: decision, reason: row[12], spanID: (row[13] as String?).flatMap(UUID.init(uuidString:)),
                                              reviewer: row[14], reviewedAt: Date(microsecondsSince1970: row[15]))
                }
                return ReviewedPrediction(prediction: p, review: review)
            }
        }
    }

    /// Records a decision. Accepting or adjusting stores `span` (the prediction as the reviewer
    /// keeps it) in the same transaction, with its operation-log entry; a prediction is decided
    /// once (`undecide` takes a decision back, deleting the span it made).
    @discardableResult
    public func review(_ predictionID: String, decision: PredictionReview.Decision, reason: String = "", span: Span?, reviewer: String) throws(StoreError) -> PredictionReview {
        try write { db in
            guard try Bool(exists: db, "SELECT 1 FROM prediction WHERE id = ?", [predictionID]) else { throw StoreError.invalid("no prediction \(predictionID)") }
            if let decided = try String.fetchOne(db, sql: "SELECT decision FROM prediction_review WHERE prediction_id = ?", arguments: [predictionID]) {
                throw StoreError.invalid("prediction \(predictionID) is \(decided) already (`onset review undo` takes that back)")
            }
            var spanID: UUID?
            if decision != .rejected {
                guard let span else { throw StoreError.invalid("accepting a prediction makes a span: none was given") }
                spanID = try commitEdit(db, before: nil, after: Self.fresh(span), actor: reviewer).id
            }
            // A decision made again after one was taken back is a later revision than the take-back.
            let undone = try Int64.fetchOne(db, sql: "DELETE FROM prediction_review_undone WHERE prediction_id = ? RETURNING undone_at_us", arguments: [predictionID])
            let now = max(Date().microsecondsSince1970, (undone ?? 0) + 1)
            let review = PredictionReview(predictionID: predictionID, decision: decision, reason: reason, spanID: spanID, reviewer: reviewer,
                                          reviewedAt: Date(microsecondsSince1970: now))
            try db.execute(sql: """
                INSERT INTO prediction_review (prediction_id, decision, reason, span_id, reviewer, reviewed_at_us) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [predictionID, decision.rawValue, reason, spanID?.uuidString.lowercased(), reviewer, review.reviewedAt.microsecondsSince1970])
            return review
        }
    }

    /// Takes a decision back; the span an acceptance made is deleted (soft, through the op log).
    public func undecide(_ predictionID: String, reviewer: String) throws(StoreError) {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT span_id, reviewed_at_us, reviewer FROM prediction_review WHERE prediction_id = ?", arguments: [predictionID]) else {
                throw StoreError.invalid("prediction \(predictionID) has no decision to take back")
            }
            if let id = (row[0] as String?).flatMap(UUID.init(uuidString:)), let span = try Span.fetch(db, id: id), !span.isDeleted {
                var gone = span
                gone.deletedAt = Date()
                _ = try commitEdit(db, before: span, after: gone, actor: reviewer)
            }
            try db.execute(sql: "DELETE FROM prediction_review WHERE prediction_id = ?", arguments: [predictionID])
            try db.execute(sql: "INSERT OR REPLACE INTO prediction_review_undone (prediction_id, reviewer, undone_at_us) VALUES (?, ?, ?)",
                           arguments: [predictionID, row[2] as String, max(Date().microsecondsSince1970, (row[1] as Int64) + 1)])
        }
    }
}
