-- Credentials, sessions, API tokens, access rules in the app database, and one audit log.
-- Portable between H2 and PostgreSQL.

-- Passwords are bcrypt strings; a user without one signs in only with a token (or not at all).
ALTER TABLE app_user ADD COLUMN password_hash VARCHAR(100);
-- Set while the user still has the demo's well-known password; cleared by any password change.
ALTER TABLE app_user ADD COLUMN demo_password BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE app_user ADD COLUMN disabled BOOLEAN DEFAULT FALSE NOT NULL;

-- Personal API tokens: only the SHA-256 of the secret is stored; the secret is shown once.
CREATE TABLE api_token (
    id           VARCHAR(36) PRIMARY KEY,
    user_id      VARCHAR(100) NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         VARCHAR(100) NOT NULL,
    token_hash   VARCHAR(64) NOT NULL UNIQUE,
    prefix       VARCHAR(16) NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP(6) WITH TIME ZONE,
    revoked_at   TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX api_token_user ON api_token (user_id);

-- Web sessions: the cookie holds a random secret, the table its SHA-256.
CREATE TABLE app_session (
    id_hash        VARCHAR(64) PRIMARY KEY,
    user_id        VARCHAR(100) NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    client_address VARCHAR(64)
);
CREATE INDEX app_session_user ON app_session (user_id);

-- Table and column grants ("kind" is table or column; name is table or table.column).
CREATE TABLE access_grant (
    kind       VARCHAR(10) NOT NULL,
    name       VARCHAR(300) NOT NULL,
    group_name VARCHAR(100) NOT NULL,
    PRIMARY KEY (kind, name, group_name)
);

-- Row policies: predicate with {attribute} placeholders; group lists are comma-separated.
CREATE TABLE access_row_policy (
    table_name VARCHAR(200) PRIMARY KEY,
    filter     VARCHAR(4000) NOT NULL,
    applies_to VARCHAR(2000),
    exempt     VARCHAR(2000)
);

-- One-off markers, e.g. that the sextant.access.* properties were imported.
CREATE TABLE app_setting (
    name          VARCHAR(100) PRIMARY KEY,
    setting_value VARCHAR(2000) NOT NULL
);

-- The append-only audit log: asks, SQL, admin changes, sign-ins, tokens.
CREATE TABLE audit_event (
    id              VARCHAR(36) PRIMARY KEY,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    user_id         VARCHAR(100),
    kind            VARCHAR(40) NOT NULL,
    decision        VARCHAR(20) NOT NULL,
    target          VARCHAR(300),
    client_address  VARCHAR(64),
    conversation_id VARCHAR(36),
    question        VARCHAR(2000),
    sql_run         VARCHAR(1000000),
    detail          VARCHAR(1000000)
);
CREATE INDEX audit_event_time ON audit_event (created_at);
CREATE INDEX audit_event_user ON audit_event (user_id, created_at);
CREATE INDEX audit_event_kind ON audit_event (kind, created_at);

-- Earlier answers move into the one log.
INSERT INTO audit_event (id, created_at, user_id, kind, decision, target, conversation_id, question, sql_run, detail)
SELECT request_id, created_at, user_id, 'ask', decision, answer_path, conversation_id, question, sql_run,
       '{"migrated":true,"confidence":' || CAST(confidence AS VARCHAR(30)) || '}'
FROM ask_audit;
DROP TABLE ask_audit;
