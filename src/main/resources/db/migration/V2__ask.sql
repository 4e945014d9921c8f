-- Conversations (multi-turn questions) and the audit of every answer. Portable between H2 and PostgreSQL.
CREATE TABLE conversation_turn (
    id              VARCHAR(36) PRIMARY KEY,
    conversation_id VARCHAR(36) NOT NULL,
    user_id         VARCHAR(100) NOT NULL,
    turn_no         INTEGER NOT NULL,
    question        VARCHAR(2000) NOT NULL,
    decision        VARCHAR(10) NOT NULL,
    sql_run         VARCHAR(20000),
    answer_text     VARCHAR(4000),
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX conversation_turn_conversation ON conversation_turn (conversation_id, turn_no);

CREATE TABLE ask_audit (
    request_id      VARCHAR(36) PRIMARY KEY,
    conversation_id VARCHAR(36),
    user_id         VARCHAR(100) NOT NULL,
    question        VARCHAR(2000) NOT NULL,
    decision        VARCHAR(10) NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL,
    answer_path     VARCHAR(20) NOT NULL,
    sql_run         VARCHAR(20000),
    reasons         VARCHAR(4000),
    timings         VARCHAR(2000),
    prompt_versions VARCHAR(500),
    model           VARCHAR(300),
    input_tokens    INTEGER NOT NULL,
    output_tokens   INTEGER NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ask_audit_user ON ask_audit (user_id, created_at);
