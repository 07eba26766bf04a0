import GRDB

/// The store's schema, step by step. A step that has shipped is never edited: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-sessions-spans-ratings-oplog") { db in
            try db.execute(sql: """
                CREATE TABLE session (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    file_path TEXT NOT NULL,
                    media_path TEXT,
                    transcript_path TEXT,
                    scheme_id TEXT NOT NULL,
                    scheme_version INTEGER NOT NULL,
                    annotator TEXT NOT NULL,
                    project TEXT,
                    wave TEXT,
                    mode TEXT NOT NULL,
                    registered_at_us INTEGER NOT NULL
                );
                CREATE TABLE span (
                    id TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL REFERENCES session(id),
                    signal TEXT NOT NULL,
                    onset_us INTEGER NOT NULL,
                    offset_us INTEGER NOT NULL CHECK (offset_us > onset_us),
                    confidence INTEGER,
                    intensity INTEGER,
                    cues TEXT NOT NULL DEFAULT '[]',
                    rationale TEXT NOT NULL DEFAULT '',
                    annotator TEXT NOT NULL,
                    scheme_id TEXT NOT NULL,
                    scheme_version INTEGER NOT NULL,
                    created_at_us INTEGER NOT NULL,
                    updated_at_us INTEGER NOT NULL,
                    revision INTEGER NOT NULL CHECK (revision >= 1),
                    deleted_at_us INTEGER
                );
                CREATE INDEX span_by_session_time ON span(session_id, onset_us);
                CREATE TABLE clip_rating (
                    id TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL REFERENCES session(id),
                    clip TEXT NOT NULL,
                    dimension TEXT NOT NULL,
                    score INTEGER NOT NULL,
                    confidence INTEGER,
                    note TEXT NOT NULL DEFAULT '',
                    annotator TEXT NOT NULL,
                    scheme_id TEXT NOT NULL,
                    scheme_version INTEGER NOT NULL,
                    created_at_us INTEGER NOT NULL,
                    updated_at_us INTEGER NOT NULL,
                    revision INTEGER NOT NULL CHECK (revision >= 1),
                    deleted_at_us INTEGER
                );
                CREATE INDEX clip_rating_by_session ON clip_rating(session_id, clip, dimension);
                -- Every user edit appends here in the same transaction: the audit trail, the
                -- source of undo/redo (so it survives restarts), and later the unit of sync.
                CREATE TABLE op_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    session_id TEXT NOT NULL REFERENCES session(id),
                    at_us INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    before_json TEXT,
                    after_json TEXT,
                    -- 'edit' for a user's change, 'undo'/'redo' for replays of an earlier edit.
                    origin TEXT NOT NULL,
                    -- For edits: 'done', 'undone' (on the redo stack) or 'discarded'.
                    undo_state TEXT,
                    -- For undo/redo entries: the edit they reverse or replay.
                    target_seq INTEGER REFERENCES op_log(seq)
                );
                CREATE INDEX op_log_undo ON op_log(session_id, undo_state, seq) WHERE origin = 'edit';
                CREATE INDEX op_log_record ON op_log(record_id, seq);
                """)
        }
        m.registerMigration("v2-op-log-groups") { db in
            // Edits that belong together (a span and the ratings its prompt asked for right after)
            // share the sequence number of the first; undo and redo take a group at once.
            try db.execute(sql: "ALTER TABLE op_log ADD COLUMN group_seq INTEGER REFERENCES op_log(seq)")
        }
        m.registerMigration("v3-telemetry") { db in
            // Quality-control telemetry per session and annotator (not a user edit: no op log).
            try db.execute(sql: """
                CREATE TABLE telemetry (
                    session_id TEXT NOT NULL REFERENCES session(id),
                    annotator TEXT NOT NULL,
                    data_json TEXT NOT NULL,
                    updated_at_us INTEGER NOT NULL,
                    PRIMARY KEY (session_id, annotator)
                )
                """)
        }
        m.registerMigration("v4-span-lanes") { db in
            // The lanes of a session and where each ends, found in a few index probes (a loose
            // index scan) instead of reading every span before the first frame.
            try db.execute(sql: "CREATE INDEX span_lanes ON span(session_id, signal, offset_us) WHERE deleted_at_us IS NULL")
        }
        m.registerMigration("v5-outbox") { db in
            // Export bundles made on this workstation, waiting for (or done with) delivery.
            // Bundles of a project are numbered 1, 2, 3…; each covers the op log after the last.
            try db.execute(sql: """
                CREATE TABLE outbox (
                    bundle_id TEXT PRIMARY KEY NOT NULL,
                    project TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    after_seq INTEGER NOT NULL,
                    through_seq INTEGER NOT NULL,
                    telemetry_through_us INTEGER NOT NULL,
                    file_path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    records INTEGER NOT NULL,
                    created_at_us INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_attempt_at_us INTEGER,
                    last_error TEXT,
                    delivered_at_us INTEGER,
                    delivered_to TEXT,
                    receipt TEXT,
                    UNIQUE (project, sequence)
                )
                """)
        }
        m.registerMigration("v6-qc-decisions") { db in
            // Quality-control decisions on a session (accepted or rejected, with the reason),
            // appended: the latest holds, the earlier ones stay for audit.
            try db.execute(sql: """
                CREATE TABLE qc_decision (
                    session_id TEXT NOT NULL REFERENCES session(id),
                    annotator TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
                    reason TEXT NOT NULL,
                    decided_at_us INTEGER NOT NULL,
                    decided_by TEXT NOT NULL
                );
                CREATE INDEX qc_decision_by_session ON qc_decision(session_id, annotator);
                """)
        }
        m.registerMigration("v7-assignments") { db in
            // The annotator's assignments as last pulled from the central store (so they keep
            // working offline), and when the annotator declared a session's work done.
            try db.execute(sql: """
                ALTER TABLE session ADD COLUMN submitted_at_us INTEGER;
                -- When submitted_at_us last changed (a submit or a reopen): the next bundle carries it.
                ALTER TABLE session ADD COLUMN status_changed_at_us INTEGER;
                CREATE TABLE assignment (
                    project TEXT NOT NULL,
                    wave TEXT NOT NULL,
                    item TEXT NOT NULL,
                    session TEXT NOT NULL,
                    status TEXT NOT NULL,
                    reason TEXT,
                    due_us INTEGER,
                    queue_order INTEGER NOT NULL,
                    changed_at_us INTEGER NOT NULL,
                    pulled_at_us INTEGER NOT NULL,
                    session_file TEXT,
                    line TEXT NOT NULL,
                    PRIMARY KEY (project, wave, item)
                );
                CREATE INDEX assignment_by_session ON assignment(session);
                """)
        }
        m.registerMigration("v8-predictions") { db in
            // A model's predictions for a session (a layer of their own) and the reviewer's
            // decision on each; an accepted or adjusted one points at the span it became.
            try db.execute(sql: """
                CREATE TABLE prediction (
                    id TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL REFERENCES session(id),
                    layer TEXT NOT NULL,
                    type TEXT NOT NULL,
                    onset_us INTEGER NOT NULL,
                    offset_us INTEGER NOT NULL CHECK (offset_us > onset_us),
                    probability TEXT CHECK (probability IN ('low', 'medium', 'high')),
                    confidence TEXT,
                    intensity TEXT,
                    rationale TEXT NOT NULL,
                    known INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    imported_at_us INTEGER NOT NULL
                );
                CREATE INDEX prediction_by_session ON prediction(session_id, onset_us);
                CREATE TABLE prediction_review (
                    prediction_id TEXT PRIMARY KEY NOT NULL REFERENCES prediction(id),
                    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'adjusted')),
                    reason TEXT NOT NULL,
                    span_id TEXT,
                    reviewer TEXT NOT NULL,
                    reviewed_at_us INTEGER NOT NULL
                );
                """)
        }
        m.registerMigration("v9-review-tombstones") { db in
            // A decision taken back must reach the central store too: it is remembered (until
            // the prediction is decided again) and travels in the next bundle as a tombstone.
            try db.execute(sql: """
                CREATE TABLE prediction_review_undone (
                    prediction_id TEXT PRIMARY KEY NOT NULL REFERENCES prediction(id),
                    reviewer TEXT NOT NULL,
                    undone_at_us INTEGER NOT NULL
                );
                """)
        }
        return m
    }
}
