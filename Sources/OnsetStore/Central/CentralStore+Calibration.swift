import Foundation

/// A project's calibration rule as stored: gold annotators, the measure, its threshold, the IoU.
public struct CalibrationRuleRecord: Sendable, Equatable, Codable {
    public var project: String
    /// Annotators whose work is gold, in order of precedence (the first with work on an item wins).
    public var gold: [String]
    public var measure: String
    public var threshold: Double
    public var iou: Double

    public init(project: String, gold: [String], measure: String, threshold: Double, iou: Double) {
        self.project = project
        self.gold = gold
        self.measure = measure
        self.threshold = threshold
        self.iou = iou
    }
}

/// One stored scoring of an annotator's calibration work.
public struct CalibrationResultRecord: Sendable, Equatable, Codable {
    public var project: String
    public var annotator: String
    public var wave: String?
    public var sessions: [String]
    public var measure: String
    public var threshold: Double
    public var value: Double?
    public var passed: Bool?
    /// The whole result (figures per signal and dimension, feedback), as JSON.
    public var result: String
    public var scored_at_us: Int64
    public var scored_by: String

    public init(project: String, annotator: String, wave: String?, sessions: [String], measure: String, threshold: Double, value: Double?,
                passed: Bool?, result: String, scored_at_us: Int64, scored_by: String) {
        self.project = project; self.annotator = annotator; self.wave = wave; self.sessions = sessions; self.measure = measure
        self.threshold = threshold; self.value = value; self.passed = passed; self.result = result; self.scored_at_us = scored_at_us
        self.scored_by = scored_by
    }
}

extension CentralStore {
    public func setCalibrationRule(_ rule: CalibrationRuleRecord) throws(StoreError) {
        try write { db in
            guard try db.exists("SELECT 1 FROM project WHERE id = ?", [rule.project]) else { throw StoreError.invalid("no project \(rule.project)") }
            let gold = String(decoding: try JSONEncoder().encode(rule.gold), as: UTF8.self)
            try db.execute("""
                INSERT INTO calibration_rule (project, gold, measure, threshold, iou, updated_at_us) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (project) DO UPDATE SET gold = excluded.gold, measure = excluded.measure, threshold = excluded.threshold,
                    iou = excluded.iou, updated_at_us = excluded.updated_at_us
                """, [rule.project, gold, rule.measure, rule.threshold, rule.iou, Date().microsecondsSince1970])
        }
    }

    public func calibrationRule(project: String) throws(StoreError) -> CalibrationRuleRecord? {
        try read { db in
            try db.row("SELECT gold, measure, threshold, iou FROM calibration_rule WHERE project = ?", [project]).map {
                CalibrationRuleRecord(project: project, gold: (try? JSONDecoder().decode([String].self, from: Data(($0[0] as String).utf8))) ?? [],
                                      measure: $0[1], threshold: $0[2], iou: $0[3])
            }
        }
    }

    public func addCalibrationResult(_ r: CalibrationResultRecord) throws(StoreError) {
        try write { db in
            try db.execute("""
                INSERT INTO calibration_result (project, annotator, wave, sessions, measure, threshold, value, passed, result, scored_at_us, scored_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [r.project, r.annotator, r.wave, String(decoding: try JSONEncoder().encode(r.sessions), as: UTF8.self), r.measure,
                                 r.threshold, r.value, r.passed, r.result, r.scored_at_us, r.scored_by])
        }
    }

    /// Stored results of a project (or one annotator's), oldest first.
    public func calibrationResults(project: String, annotator: String? = nil) throws(StoreError) -> [CalibrationResultRecord] {
        try read { db in
            try db.rows("""
                SELECT annotator, wave, sessions, measure, threshold, value, passed, result, scored_at_us, scored_by FROM calibration_result
                WHERE project = ? AND (? IS NULL OR annotator = ?) ORDER BY scored_at_us, rowid
                """, [project, annotator, annotator]).map {
                CalibrationResultRecord(project: project, annotator: $0[0], wave: $0[1],
                                        sessions: (try? JSONDecoder().decode([String].self, from: Data(($0[2] as String).utf8))) ?? [],
                                        measure: $0[3], threshold: $0[4], value: $0[5], passed: $0[6], result: $0[7], scored_at_us: $0[8], scored_by: $0[9])
            }
        }
    }
}

extension CentralStore {
    /// An annotator's submitted calibration work not scored since it was submitted: sessions
    /// of gold items, or of any item of a calibration-phase wave, assigned to them.
    public func unscoredCalibrationSessions(project: String, annotator: String) throws(StoreError) -> [(session: String, wave: String)] {
        try read { db in
            let scored = try db.rows("""
                SELECT sessions, scored_at_us FROM calibration_result WHERE project = ? AND annotator = ? AND scored_by = 'auto'
                """, [project, annotator]).compactMap { row -> (String, Int64)? in
                guard let list = try? JSONDecoder().decode([String].self, from: Data((row[0] as String).utf8)), list.count == 1 else { return nil }
                return (list[0], row[1])
            }
            let lastScored = Dictionary(scored, uniquingKeysWith: max)
            return try db.rows("""
                SELECT i.session, i.wave, \(db.dialect.jsonInt("s.line", "submitted_at_us")) FROM assignment a
                JOIN wave_item i ON i.project = a.project AND i.wave = a.wave AND i.item = a.item
                JOIN wave w ON w.project = a.project AND w.id = a.wave
                JOIN session s ON s.id = i.session AND s.annotator = a.annotator
                WHERE a.project = ? AND a.annotator = ? AND (i.gold = 1 OR w.phase = 'calibration')
                    AND \(db.dialect.jsonInt("s.line", "submitted_at_us")) IS NOT NULL
                ORDER BY i.wave, i.session
                """, [project, annotator]).compactMap { row in
                let session: String = row[0], submitted: Int64 = row[2]
                if let at = lastScored[session], at >= submitted { return nil }
                return (session, row[1])
            }
        }
    }
}
