import GRDB

/// The central store's schema. Shipped steps are never edited.
enum CentralMigrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("central-v1") { db in
            try db.execute(sql: """
                CREATE TABLE project (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at_us INTEGER NOT NULL
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
                -- Tokens are kept as SHA-256 hashes: a copy of this file does not hand out access.
                CREATE TABLE token (
                    hash TEXT PRIMARY KEY NOT NULL,
                    annotator TEXT NOT NULL REFERENCES annotator(id),
                    label TEXT NOT NULL,
                    issued_at_us INTEGER NOT NULL,
                    revoked_at_us INTEGER
                );
                -- Every bundle received. A held bundle keeps its bytes until the ones before it arrive.
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
                    -- The bundle file as received: signed, so it can be verified again at any time,
                    -- and it keeps the workstation's operation log and telemetry history.
                    file BLOB NOT NULL,
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
                -- Every revision of every record, as the annotator's workstation wrote it. The
                -- highest revision of an id is the current one; a deleted one is a tombstone.
                -- Rows are appended in arrival order (cheap); the unique index finds an id's revisions.
                CREATE TABLE record_revision (
                    kind TEXT NOT NULL CHECK (kind IN ('span', 'clip_rating')),
                    id TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    annotator TEXT NOT NULL,
                    project TEXT NOT NULL,
                    wave TEXT,
                    session TEXT NOT NULL,
                    deleted INTEGER NOT NULL,
                    line TEXT NOT NULL,
                    bundle_id TEXT NOT NULL
                );
                CREATE UNIQUE INDEX record_by_id ON record_revision(id, revision);
                CREATE TABLE telemetry (
                    session TEXT NOT NULL,
                    annotator TEXT NOT NULL,
                    project TEXT NOT NULL,
                    updated_at_us INTEGER NOT NULL,
                    line TEXT NOT NULL,
                    PRIMARY KEY (session, annotator)
                );
                """)
        }
        m.registerMigration("central-v2-qc") { db in
            // Quality-control decisions on a session's work by one annotator, appended (the
            // latest per session and annotator holds; earlier ones stay for audit).
            try db.execute(sql: """
                CREATE TABLE qc_decision (
                    project TEXT NOT NULL,
                    session TEXT NOT NULL,
                    annotator TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
                    reason TEXT NOT NULL,
                    decided_at_us INTEGER NOT NULL,
                    decided_by TEXT NOT NULL
                );
                CREATE INDEX qc_decision_by_work ON qc_decision(project, session, annotator);
                """)
        }
        m.registerMigration("central-v3-current-revisions") { db in
            // Which revision of a record is current, kept at ingest instead of found with a
            // max(revision) probe per row on every read: reports and exports read a million
            // records in a sequential scan of a partial index.
            try db.execute(sql: """
                ALTER TABLE record_revision ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
                UPDATE record_revision SET superseded = 1 WHERE EXISTS (
                    SELECT 1 FROM record_revision x WHERE x.id = record_revision.id AND x.revision > record_revision.revision);
                CREATE INDEX record_current ON record_revision(project, kind) WHERE superseded = 0 AND deleted = 0;
                """)
        }
        m.registerMigration("central-v4-span-columns") { db in
            // What agreement reports read of a span, as columns: a million spans are read
            // without parsing a million JSON lines.
            try db.execute(sql: """
                ALTER TABLE record_revision ADD COLUMN signal TEXT;
                ALTER TABLE record_revision ADD COLUMN onset_us INTEGER;
                ALTER TABLE record_revision ADD COLUMN offset_us INTEGER;
                ALTER TABLE record_revision ADD COLUMN intensity INTEGER;
                UPDATE record_revision SET signal = json_extract(line, '$.signal'), onset_us = json_extract(line, '$.onset_us'),
                    offset_us = json_extract(line, '$.offset_us'), intensity = json_extract(line, '$.intensity')
                WHERE kind = 'span';
                """)
        }
        m.registerMigration("central-v5-waves") { db in
            // Projects run in waves: a wave pins a scheme version, lists its media items and
            // assigns them. Scheme versions are appended, never rewritten. An assignment that is
            // withdrawn (its work rejected, or taken back) stays, for audit.
            try db.execute(sql: """
                ALTER TABLE project ADD COLUMN scheme_id TEXT;
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
                    -- How many annotators the plan gave it (relaunches keep this many active).
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
                    -- The assignment this one replaces after a rejection (its annotator).
                    replaces TEXT,
                    assigned_at_us INTEGER NOT NULL,
                    changed_at_us INTEGER NOT NULL,
                    PRIMARY KEY (project, wave, item, annotator),
                    FOREIGN KEY (project, wave, item) REFERENCES wave_item(project, wave, item)
                );
                CREATE INDEX assignment_by_annotator ON assignment(annotator, changed_at_us);
                """)
        }
        m.registerMigration("central-v6-calibration") { db in
            // A project's calibration rule (who is gold, which measure, what threshold) and every
            // scoring of an annotator's calibration work against it, appended.
            try db.execute(sql: """
                CREATE TABLE calibration_rule (
                    project TEXT PRIMARY KEY NOT NULL REFERENCES project(id),
                    gold TEXT NOT NULL,
                    measure TEXT NOT NULL,
                    threshold REAL NOT NULL,
                    iou REAL NOT NULL,
                    updated_at_us INTEGER NOT NULL
                );
                CREATE TABLE calibration_result (
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
                -- One item's current records (calibration scoring on submission, one item's export)
                -- without scanning the project's.
                CREATE INDEX record_current_by_session ON record_revision(session, project, kind) WHERE superseded = 0 AND deleted = 0;
                """)
        }
        m.registerMigration("central-v7-prediction-reviews") { db in
            // Reviewers' decisions on model predictions, revisions kept as for spans: one record
            // per prediction and reviewer (`id` = prediction/reviewer), the revision the time of
            // the change, a decision taken back a tombstone.
            try db.execute(sql: """
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
                """)
        }
        return m
    }
}
