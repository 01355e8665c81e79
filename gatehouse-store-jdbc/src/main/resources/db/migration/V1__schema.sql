-- Portable between H2 2.x and PostgreSQL 15: standard types only, unquoted lower-case names.
-- Instants are TIMESTAMP WITH TIME ZONE written in UTC with microsecond precision.
-- Sets of words (roles, scopes, grant types, ...) are space-separated text.

CREATE TABLE users (
    id              VARCHAR(64)   NOT NULL,
    username        VARCHAR(128)  NOT NULL,
    username_lower  VARCHAR(128)  NOT NULL,
    password_hash   VARCHAR(1024),
    disabled        BOOLEAN       NOT NULL,
    roles           VARCHAR(4000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (id)
);
CREATE UNIQUE INDEX users_username_lower_uq ON users (username_lower);

CREATE TABLE clients (
    client_id                     VARCHAR(255)  NOT NULL,
    name                          VARCHAR(255),
    secret_hash                   VARCHAR(1024),
    auth_methods                  VARCHAR(1000) NOT NULL,
    jwks                          VARCHAR,
    grant_types                   VARCHAR(1000) NOT NULL,
    scopes                        VARCHAR(4000) NOT NULL,
    audiences                     VARCHAR(4000) NOT NULL,
    roles                         VARCHAR(4000) NOT NULL,
    redirect_uris                 VARCHAR       NOT NULL,
    first_party                   BOOLEAN       NOT NULL,
    introspection                 BOOLEAN       NOT NULL,
    access_token_ttl_seconds      BIGINT,
    refresh_idle_ttl_seconds      BIGINT,
    refresh_absolute_ttl_seconds  BIGINT,
    signing_algorithm             VARCHAR(32),
    created_at                    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT clients_pk PRIMARY KEY (client_id)
);

CREATE TABLE sessions (
    id            VARCHAR(64)  NOT NULL,
    subject       VARCHAR(255) NOT NULL,
    client_id     VARCHAR(255) NOT NULL,
    auth_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    ip_address    VARCHAR(128),
    user_agent    VARCHAR(512),
    revoked_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT sessions_pk PRIMARY KEY (id)
);
CREATE INDEX sessions_subject_ix ON sessions (subject, created_at);
CREATE INDEX sessions_client_ix ON sessions (client_id);

CREATE TABLE refresh_tokens (
    token_hash           VARCHAR(128)  NOT NULL,
    family_id            VARCHAR(64)   NOT NULL,
    session_id           VARCHAR(64)   NOT NULL,
    client_id            VARCHAR(255)  NOT NULL,
    subject              VARCHAR(255)  NOT NULL,
    scope                VARCHAR(4000),
    auth_time            TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    idle_expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    absolute_expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    rotated_at           TIMESTAMP WITH TIME ZONE,
    revoked_at           TIMESTAMP WITH TIME ZONE,
    CONSTRAINT refresh_tokens_pk PRIMARY KEY (token_hash)
);
CREATE INDEX refresh_tokens_family_ix ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_session_ix ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_subject_ix ON refresh_tokens (subject);
CREATE INDEX refresh_tokens_client_ix ON refresh_tokens (client_id);

CREATE TABLE signing_keys (
    kid                    VARCHAR(64) NOT NULL,
    algorithm              VARCHAR(32) NOT NULL,
    public_jwk             VARCHAR     NOT NULL,
    encrypted_private_jwk  VARCHAR     NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    activates_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    retires_at             TIMESTAMP WITH TIME ZONE,
    remove_after           TIMESTAMP WITH TIME ZONE,
    CONSTRAINT signing_keys_pk PRIMARY KEY (kid)
);

-- One row. Every append increments it first, so appends queue on its row lock until the appending
-- transaction ends: sequence order is commit order, and a rolled-back append leaves no gap.
CREATE TABLE revocation_counter (
    id             INTEGER NOT NULL,
    last_sequence  BIGINT  NOT NULL,
    CONSTRAINT revocation_counter_pk PRIMARY KEY (id),
    CONSTRAINT revocation_counter_single_row CHECK (id = 1)
);
INSERT INTO revocation_counter (id, last_sequence) VALUES (1, 0);

CREATE TABLE revocation_log (
    seq          BIGINT       NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    match_value  VARCHAR(512) NOT NULL,
    issued_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT revocation_log_pk PRIMARY KEY (seq)
);
CREATE INDEX revocation_log_expires_ix ON revocation_log (expires_at);

CREATE TABLE audit_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type   VARCHAR(128) NOT NULL,
    actor        VARCHAR(512),
    subject      VARCHAR(255),
    client_id    VARCHAR(255),
    ip_address   VARCHAR(128),
    details      VARCHAR      NOT NULL,
    CONSTRAINT audit_events_pk PRIMARY KEY (id)
);
CREATE INDEX audit_events_time_ix ON audit_events (occurred_at);
CREATE INDEX audit_events_subject_ix ON audit_events (subject, occurred_at);
CREATE INDEX audit_events_type_ix ON audit_events (event_type, occurred_at);
