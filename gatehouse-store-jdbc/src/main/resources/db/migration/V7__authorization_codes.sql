-- Authorization codes (RFC 6749 4.1, RFC 7636, OpenID Connect Core 3.1), kept only as their SHA-256
-- (base64url), with everything they are bound to. redeemed_at is set by one conditional UPDATE, which decides
-- among issuer nodes which redemption wins; the same transaction keeps what it issued (the refresh token
-- family, the access token's jti and expiry), so that a replay of the code can revoke it.
CREATE TABLE authorization_codes (
    code_hash                VARCHAR(64)              NOT NULL,
    client_id                VARCHAR(255)             NOT NULL,
    redirect_uri             VARCHAR,
    subject                  VARCHAR(255)             NOT NULL,
    session_id               VARCHAR(64)              NOT NULL,
    scope                    VARCHAR(4000)            NOT NULL,
    audience                 VARCHAR(4000)            NOT NULL,
    nonce                    VARCHAR,
    code_challenge           VARCHAR(128),
    auth_time                TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    redeemed_at              TIMESTAMP WITH TIME ZONE,
    refresh_family_id        VARCHAR(64),
    access_token_jti         VARCHAR(64),
    access_token_expires_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT authorization_codes_pk PRIMARY KEY (code_hash)
);
CREATE INDEX authorization_codes_expiry_ix ON authorization_codes (expires_at);
