-- Verified queries curated by admins (the semantic model's are imported once), and feedback on
-- answers. Portable between H2 and PostgreSQL.

CREATE TABLE verified_query (
    name         VARCHAR(200) PRIMARY KEY,
    question     VARCHAR(2000) NOT NULL,
    -- alternative phrasings, one per line
    alternatives VARCHAR(20000),
    sql_text     VARCHAR(100000) NOT NULL,
    -- what the guard says the SQL reads, comma-separated
    tables_read  VARCHAR(4000),
    columns_read VARCHAR(20000),
    owner        VARCHAR(100) NOT NULL,
    verified_by  VARCHAR(100),
    verified_at  TIMESTAMP(6) WITH TIME ZONE,
    -- draft, verified, stale or retired
    status       VARCHAR(20) NOT NULL,
    onboarding   BOOLEAN DEFAULT FALSE NOT NULL,
    -- the result of its last run: column names and types, and a SHA-256 of the rows
    result_shape VARCHAR(4000),
    fingerprint  VARCHAR(64),
    checked_at   TIMESTAMP(6) WITH TIME ZONE,
    stale_reason VARCHAR(4000),
    -- model (imported from the semantic model), admin, or feedback (promoted)
    origin       VARCHAR(20) NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX verified_query_status ON verified_query (status);

CREATE TABLE feedback (
    id            VARCHAR(36) PRIMARY KEY,
    request_id    VARCHAR(36) NOT NULL,
    user_id       VARCHAR(100) NOT NULL,
    -- up or down
    rating        VARCHAR(10) NOT NULL,
    comment_text  VARCHAR(4000),
    corrected_sql VARCHAR(100000),
    question      VARCHAR(2000),
    answer_sql    VARCHAR(1000000),
    decision      VARCHAR(20),
    answer_path   VARCHAR(40),
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    promoted_to   VARCHAR(200),
    UNIQUE (request_id, user_id)
);
CREATE INDEX feedback_time ON feedback (created_at);
