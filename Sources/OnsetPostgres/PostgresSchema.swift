import Foundation

/// The central store's schema on PostgreSQL: the same tables as the SQLite file's, with
/// PostgreSQL's types. Text compares byte-wise (`COLLATE "C"`) so that every listing comes out
/// in the same order as from SQLite; the tables whose arrival order matters get a `rowid` of
/// their own. Steps carry the SQLite migrations' identifiers, so one list says how new a store is.
enum PostgresSchema {
    struct Step {
        /// The SQLite migrations this step brings a PostgreSQL store level with.
        var identifiers: [String]
        var sql: String
    }

    static let steps: [Step] = [
        Step(identifiers: ["central-v1", "central-v2-qc", "central-v3-current-revisions", "central-v4-span-columns", "central-v5-waves",
                           "central-v6-calibration", "central-v7-prediction-reviews"], sql: columnTypes("""
            CREATE TABLE project (
                id TEXT PRIMARY KEY NOT NULL,
                created_at_us INTEGER NOT NULL,
                scheme_id TEXT
            );
            CREATE TABLE annotator (
                id TEXT PRIMARY KEY NOT NULL,
                public_key TEXT NOT NULL,
                registered_at_us INTEGER NOT NULL
            );
            CREATE TABLE annotator_project (
                annotator TEXT NOT NULL REFERENCES annotator(id),
                project TEXT NOT NULL REFERENCES project(id),
                PRIMARY KEY (annotator, project)
            );
            CREATE TABLE token (
                hash TEXT PRIMARY KEY NOT NULL,
                annotator TEXT NOT NULL REFERENCES annotator(id),
                label TEXT NOT NULL,
                issued_at_us INTEGER NOT NULL,
                revoked_at_us INTEGER
            );
            CREATE TABLE bundle (
                id TEXT PRIMARY KEY NOT NULL,
                sha256 TEXT NOT NULL,
                annotator TEXT NOT NULL,
                workstation TEXT NOT NULL,
                project TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('applied', 'held')),
                records INTEGER NOT NULL,
                received_at_us INTEGER NOT NULL,
                applied_at_us INTEGER,
                file BYTEA NOT NULL,
                UNIQUE (workstation, project, sequence)
            );
            CREATE TABLE workstation_progress (
                workstation TEXT NOT NULL,
                project TEXT NOT NULL,
                annotator TEXT NOT NULL,
                applied_through INTEGER NOT NULL,
                updated_at_us INTEGER NOT NULL,
                PRIMARY KEY (workstation, project)
            );
            CREATE TABLE session (
                id TEXT NOT NULL,
                annotator TEXT NOT NULL,
                project TEXT NOT NULL,
                wave TEXT,
                line TEXT NOT NULL,
                bundle_id TEXT NOT NULL,
                PRIMARY KEY (id, annotator)
            );
            CREATE TABLE record_revision (
                rowid INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('span', 'clip_rating')),
                id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                annotator TEXT NOT NULL,
                project TEXT NOT NULL,
                wave TEXT,
                session TEXT NOT NULL,
                deleted INTEGER NOT NULL,
                line TEXT NOT NULL,
                bundle_id TEXT NOT NULL,
                superseded INTEGER NOT NULL DEFAULT 0,
                signal TEXT,
                onset_us INTEGER,
                offset_us INTEGER,
                intensity INTEGER
            );
            CREATE UNIQUE INDEX record_by_id ON record_revision(id, revision);
            CREATE INDEX record_current ON record_revision(project, kind) WHERE superseded = 0 AND deleted = 0;
            CREATE INDEX record_current_by_session ON record_revision(session, project, kind) WHERE superseded = 0 AND deleted = 0;
            CREATE TABLE telemetry (
                session TEXT NOT NULL,
                annotator TEXT NOT NULL,
                project TEXT NOT NULL,
                updated_at_us INTEGER NOT NULL,
                line TEXT NOT NULL,
                PRIMARY KEY (session, annotator)
            );
            CREATE TABLE qc_decision (
                rowid INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project TEXT NOT NULL,
                session TEXT NOT NULL,
                annotator TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
                reason TEXT NOT NULL,
                decided_at_us INTEGER NOT NULL,
                decided_by TEXT NOT NULL
            );
            CREATE INDEX qc_decision_by_work ON qc_decision(project, session, annotator);
            CREATE TABLE scheme (
                id TEXT NOT NULL,
                version INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                toml TEXT NOT NULL,
                registered_at_us INTEGER NOT NULL,
                PRIMARY KEY (id, version)
            );
            CREATE TABLE wave (
                project TEXT NOT NULL REFERENCES project(id),
                id TEXT NOT NULL,
                phase TEXT NOT NULL CHECK (phase IN ('pilot', 'calibration', 'production', 'rapid')),
                mode TEXT NOT NULL,
                scheme_id TEXT NOT NULL,
                scheme_version INTEGER NOT NULL,
                overlap REAL NOT NULL,
                per_item INTEGER NOT NULL,
                seed INTEGER NOT NULL,
                due_us INTEGER,
                created_at_us INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                PRIMARY KEY (project, id),
                FOREIGN KEY (scheme_id, scheme_version) REFERENCES scheme(id, version)
            );
            CREATE TABLE wave_item (
                project TEXT NOT NULL,
                wave TEXT NOT NULL,
                item TEXT NOT NULL,
                session TEXT NOT NULL,
                gold INTEGER NOT NULL,
                media TEXT NOT NULL,
                fingerprint TEXT,
                duration_us INTEGER,
                transcript TEXT,
                prompt TEXT,
                metadata TEXT NOT NULL,
                wanted INTEGER NOT NULL,
                PRIMARY KEY (project, wave, item),
                FOREIGN KEY (project, wave) REFERENCES wave(project, id)
            );
            CREATE UNIQUE INDEX wave_item_session ON wave_item(project, wave, session);
            CREATE TABLE assignment (
                project TEXT NOT NULL,
                wave TEXT NOT NULL,
                item TEXT NOT NULL,
                annotator TEXT NOT NULL REFERENCES annotator(id),
                position INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('assigned', 'withdrawn')),
                reason TEXT,
                replaces TEXT,
                assigned_at_us INTEGER NOT NULL,
                changed_at_us INTEGER NOT NULL,
                PRIMARY KEY (project, wave, item, annotator),
                FOREIGN KEY (project, wave, item) REFERENCES wave_item(project, wave, item)
            );
            CREATE INDEX assignment_by_annotator ON assignment(annotator, changed_at_us);
            CREATE TABLE calibration_rule (
                project TEXT PRIMARY KEY NOT NULL REFERENCES project(id),
                gold TEXT NOT NULL,
                measure TEXT NOT NULL,
                threshold REAL NOT NULL,
                iou REAL NOT NULL,
                updated_at_us INTEGER NOT NULL
            );
            CREATE TABLE calibration_result (
                rowid INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project TEXT NOT NULL,
                annotator TEXT NOT NULL,
                wave TEXT,
                sessions TEXT NOT NULL,
                measure TEXT NOT NULL,
                threshold REAL NOT NULL,
                value REAL,
                passed INTEGER,
                result TEXT NOT NULL,
                scored_at_us INTEGER NOT NULL,
                scored_by TEXT NOT NULL
            );
            CREATE INDEX calibration_result_by_annotator ON calibration_result(project, annotator, scored_at_us);
            CREATE TABLE prediction_review (
                id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                annotator TEXT NOT NULL,
                project TEXT NOT NULL,
                wave TEXT,
                session TEXT NOT NULL,
                deleted INTEGER NOT NULL,
                superseded INTEGER NOT NULL,
                line TEXT NOT NULL,
                bundle_id TEXT NOT NULL,
                PRIMARY KEY (id, revision)
            );
            CREATE INDEX prediction_review_current ON prediction_review(project, session) WHERE superseded = 0 AND deleted = 0;
            """)),
    ]

    static var identifiers: [String] { steps.flatMap(\.identifiers) }

    /// The schema is written with SQLite's type names, so it reads like `CentralMigrations`;
    /// here they become PostgreSQL's (64-bit integers: times are microseconds).
    static func columnTypes(_ sql: String) -> String {
        sql.replacingOccurrences(of: " INTEGER", with: " BIGINT")
            .replacingOccurrences(of: " REAL", with: " DOUBLE PRECISION")
            .replacingOccurrences(of: " TEXT", with: " TEXT COLLATE \"C\"")
    }
}
