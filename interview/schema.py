"""The database schema as an ordered list of migrations.

``PRAGMA user_version`` records how many of ``MIGRATIONS`` a file has had; opening
a file applies the rest in one transaction. Never edit a migration that has
shipped: append a new one. Only this module and the ``interview.store`` package contain SQL.
"""

from __future__ import annotations

# Version 1: interviews (participants, sessions, notes, highlights, tags, drafts).
_V1 = """
CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    segment TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX participants_name ON participants (name COLLATE NOCASE);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'interview' CHECK (kind IN ('interview', 'co-creation')),
    title TEXT NOT NULL,
    guide_name TEXT NOT NULL DEFAULT '',
    guide_json TEXT NOT NULL DEFAULT '{}',
    guide_hash TEXT NOT NULL DEFAULT '',
    participant_id TEXT REFERENCES participants (id) ON DELETE SET NULL,
    interviewer TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'live', 'done')),
    consent_given INTEGER NOT NULL DEFAULT 0,
    consent_at TEXT,
    started_at TEXT,
    ended_at TEXT,
    variables_json TEXT NOT NULL DEFAULT '{}',
    current_question_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sessions_created ON sessions (created_at);
CREATE INDEX sessions_participant ON sessions (participant_id);

CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    question_id TEXT,
    offset_seconds REAL NOT NULL DEFAULT 0,
    speaker TEXT NOT NULL DEFAULT 'interviewer'
        CHECK (speaker IN ('interviewer', 'participant', 'observer')),
    kind TEXT NOT NULL DEFAULT 'note' CHECK (kind IN ('note', 'quote', 'observation', 'idea')),
    text TEXT NOT NULL,
    starred INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX notes_session ON notes (session_id, created_at);

CREATE TABLE asked_questions (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    PRIMARY KEY (session_id, question_id)
);

CREATE TABLE highlights (
    id TEXT PRIMARY KEY,
    note_id TEXT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL
        CHECK (label IN ('problem', 'emotion', 'workaround', 'need', 'feature_request')),
    kind TEXT,
    text TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'auto' CHECK (source IN ('auto', 'manual')),
    status TEXT NOT NULL DEFAULT 'suggested'
        CHECK (status IN ('suggested', 'accepted', 'rejected')),
    model_version TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX highlights_note ON highlights (note_id);
CREATE INDEX highlights_label ON highlights (label, status);

CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE note_tags (
    note_id TEXT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, tag_id)
);
CREATE INDEX note_tags_tag ON note_tags (tag_id);

CREATE TABLE drafts (
    session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    question_id TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE VIRTUAL TABLE notes_fts USING fts5 (
    text, content='notes', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER notes_fts_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER notes_fts_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER notes_fts_au AFTER UPDATE OF text ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO notes_fts (rowid, text) VALUES (new.rowid, new.text);
END;
"""

# Version 2: co-creation (several participants per session, consent scope, ideas, votes).
_V2 = """
ALTER TABLE sessions ADD COLUMN consent_scope TEXT NOT NULL DEFAULT 'internal'
    CHECK (consent_scope IN ('notes-only', 'internal', 'external'));
ALTER TABLE notes ADD COLUMN participant_id TEXT REFERENCES participants (id) ON DELETE SET NULL;

CREATE TABLE session_participants (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);

CREATE TABLE ideas (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    section_id TEXT,
    text TEXT NOT NULL,
    participant_id TEXT REFERENCES participants (id) ON DELETE SET NULL,
    builds_on TEXT REFERENCES ideas (id) ON DELETE SET NULL,
    theme TEXT NOT NULL DEFAULT '',
    impact INTEGER CHECK (impact BETWEEN 1 AND 5),
    effort INTEGER CHECK (effort BETWEEN 1 AND 5),
    deleted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ideas_session ON ideas (session_id, created_at);

CREATE TABLE votes (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    idea_id TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    participant_id TEXT REFERENCES participants (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX votes_idea ON votes (idea_id);
"""

# Version 3: the live clock's paused time, so a resumed session's clock still leaves pauses out.
_V3 = """
ALTER TABLE sessions ADD COLUMN paused_seconds REAL NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0);
"""

# Version 4: feedback import: each imported file is a source whose rows are notes of one hidden session-like row.
# A source stays 'importing' (hidden from every reader) until its last batch is in; rows_done lets a
# stopped import resume. feedback_items adds each row's own date, rating, segment and other columns;
# feedback_customers remembers which participants an import created, so removing it can tidy them.
_V_FEEDBACK = """
CREATE TABLE feedback_sources (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    file_name TEXT NOT NULL DEFAULT '',
    file_sha256 TEXT NOT NULL,
    format TEXT NOT NULL DEFAULT '',
    row_count INTEGER NOT NULL DEFAULT 0,
    last_row INTEGER NOT NULL DEFAULT 0,
    statement_count INTEGER NOT NULL DEFAULT 0,
    skipped_count INTEGER NOT NULL DEFAULT 0,
    mapping_json TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'importing' CHECK (status IN ('importing', 'complete')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE INDEX feedback_sources_hash ON feedback_sources (file_sha256);

CREATE TABLE feedback_items (
    note_id TEXT PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL REFERENCES feedback_sources (id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    occurred_at TEXT,
    rating REAL,
    segment TEXT NOT NULL DEFAULT '',
    meta_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX feedback_items_source ON feedback_items (source_id, segment);

CREATE TABLE feedback_customers (
    source_id TEXT NOT NULL REFERENCES feedback_sources (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    PRIMARY KEY (source_id, participant_id)
);
CREATE INDEX notes_participant ON notes (participant_id);
"""

# Version 5: how sure the highlighter is of a suggestion (0-1); NULL for rows made before.
_V_NLP = """
ALTER TABLE highlights ADD COLUMN confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1));
"""

# Version 6: ids of rows erased by `participants forget` (no content), so a merge of an older
# copy never brings them back. ``how``: 'deleted' (the row is gone) or 'scrubbed' (rewritten); for a
# participant (whose row is blanked, never deleted) 'deleted' means their notes, ideas and votes were.
_V_PRIVACY = """
CREATE TABLE erased (
    id TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    how TEXT NOT NULL DEFAULT 'deleted' CHECK (how IN ('deleted', 'scrubbed')),
    erased_at TEXT NOT NULL
);
"""

# Version 7: consent per workshop participant. Each person in a co-creation session agrees (or
# not) for themselves; the seats present before this asked "have all participants agreed?"
# at the start, so they take the session's consent.
_V_FIRSTDAY = """
ALTER TABLE session_participants ADD COLUMN consent_given INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_participants ADD COLUMN consent_at TEXT;
ALTER TABLE session_participants ADD COLUMN consent_scope TEXT NOT NULL DEFAULT 'internal'
    CHECK (consent_scope IN ('notes-only', 'internal', 'external'));
UPDATE session_participants SET
    consent_given = (SELECT s.consent_given FROM sessions s WHERE s.id = session_id),
    consent_at = (SELECT s.consent_at FROM sessions s WHERE s.id = session_id),
    consent_scope = (SELECT s.consent_scope FROM sessions s WHERE s.id = session_id);
"""

# Version 8: themes: the theme engine's groups of problem statements, kept with a
# researcher's edits. A statement is a problem highlight; ``placed_by = 'researcher'``
# (a move, merge or split) and a pinned theme are never changed by the engine again.
_V_THEMES = """
CREATE TABLE themes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    named_by TEXT NOT NULL DEFAULT 'engine' CHECK (named_by IN ('engine', 'researcher')),
    pinned INTEGER NOT NULL DEFAULT 0,
    insight INTEGER NOT NULL DEFAULT 0,
    takeaway TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE theme_statements (
    highlight_id TEXT PRIMARY KEY REFERENCES highlights (id) ON DELETE CASCADE,
    theme_id TEXT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    note_id TEXT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    placed_by TEXT NOT NULL DEFAULT 'engine' CHECK (placed_by IN ('engine', 'researcher')),
    updated_at TEXT NOT NULL
);
CREATE INDEX theme_statements_theme ON theme_statements (theme_id);
"""

# Version 9: where a co-creation workshop is, per laptop like drafts (never merged): the activity
# on screen and each activity's countdown. It was JSON in the settings table under
# 'cocreation.<session id>' ({"activity": n, "timers": {section id: {"seconds", "used",
# "running_since"}}}); those rows move here and go. A value that cannot be used (not JSON, a
# negative or non-numeric time, a session that is gone) is dropped: that countdown starts afresh.
# WITHOUT ROWID: each table is one b-tree keyed by its primary key (no second index of pages).
_V_WORKSHOP = """
CREATE TABLE workshop_progress (
    session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    activity INTEGER NOT NULL DEFAULT 0 CHECK (activity >= 0)
) WITHOUT ROWID;

CREATE TABLE workshop_timers (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    timebox_seconds REAL NOT NULL CHECK (timebox_seconds >= 0),
    used_seconds REAL NOT NULL DEFAULT 0 CHECK (used_seconds >= 0),
    running_since TEXT,
    PRIMARY KEY (session_id, section_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO workshop_progress (session_id, activity)
    WITH old (session_id, state) AS (
        SELECT substr(key, 12), CASE WHEN json_valid(value) THEN CASE WHEN json_type(value) = 'object' THEN value END END
        FROM settings WHERE key LIKE 'cocreation.%' AND substr(key, 12) IN (SELECT id FROM sessions)
    )
    SELECT session_id, json_extract(state, '$.activity') FROM old
    WHERE json_type(coalesce(state, '{}'), '$.activity') = 'integer' AND json_extract(state, '$.activity') >= 0;

INSERT OR IGNORE INTO workshop_timers (session_id, section_id, timebox_seconds, used_seconds, running_since)
    WITH old (session_id, state) AS (
        SELECT substr(key, 12), CASE WHEN json_valid(value) THEN CASE WHEN json_type(value) = 'object' THEN value END END
        FROM settings WHERE key LIKE 'cocreation.%' AND substr(key, 12) IN (SELECT id FROM sessions)
    ), timers (session_id, section_id, timer) AS (
        SELECT o.session_id, t.key, CASE WHEN t.type = 'object' THEN t.value END
        FROM old o, json_each(CASE WHEN json_type(coalesce(o.state, '{}'), '$.timers') = 'object'
                                   THEN json_extract(o.state, '$.timers') ELSE '{}' END) t
    ), checked (session_id, section_id, seconds, seconds_type, used, used_type, since, since_type) AS (
        SELECT session_id, section_id,
               json_extract(timer, '$.seconds'), json_type(coalesce(timer, '{}'), '$.seconds'),
               json_extract(timer, '$.used'), coalesce(json_type(coalesce(timer, '{}'), '$.used'), 'null'),
               json_extract(timer, '$.running_since'), json_type(coalesce(timer, '{}'), '$.running_since')
        FROM timers
    )
    SELECT session_id, section_id, seconds, coalesce(used, 0),
           CASE WHEN since_type = 'text' AND since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'
                     AND julianday(since) IS NOT NULL THEN since END
    FROM checked
    WHERE seconds_type IN ('integer', 'real') AND seconds >= 0
      AND used_type IN ('integer', 'real', 'null') AND coalesce(used, 0) >= 0;

DELETE FROM settings WHERE key LIKE 'cocreation.%';
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V_FEEDBACK, _V_NLP, _V_PRIVACY, _V_FIRSTDAY, _V_THEMES, _V_WORKSHOP)
SCHEMA_VERSION: int = len(MIGRATIONS)
