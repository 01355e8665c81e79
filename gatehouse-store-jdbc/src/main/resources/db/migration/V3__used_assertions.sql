-- The ids (jti) of private_key_jwt client assertions already used (RFC 7523 3), each until its assertion
-- expires, so that every issuer node refuses a replay, also after a restart. The id is kept as its SHA-256
-- (base64url), as clients choose its length; the primary key makes the first use win a race between nodes.
CREATE TABLE used_assertions (
    client_id   VARCHAR(255)             NOT NULL,
    jti_hash    VARCHAR(64)              NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT used_assertions_pk PRIMARY KEY (client_id, jti_hash)
);
CREATE INDEX used_assertions_expiry_ix ON used_assertions (expires_at);
