-- OpenID Connect Back-Channel Logout 1.0.
-- The clients that got tokens in each login session, so that all of them learn when it ends.
CREATE TABLE session_participants (
    session_id  VARCHAR(64)  NOT NULL,
    client_id   VARCHAR(255) NOT NULL,
    CONSTRAINT session_participants_pk PRIMARY KEY (session_id, client_id)
);

-- Logout tokens owed to clients: written in the transaction that ends the session, claimed by one issuer node at
-- a time with a conditional update (next_attempt_at doubles as the claim's lease), retried a bounded number of times.
CREATE TABLE backchannel_logouts (
    id               VARCHAR(64)   NOT NULL,
    client_id        VARCHAR(255)  NOT NULL,
    session_id       VARCHAR(64)   NOT NULL,
    subject          VARCHAR(255)  NOT NULL,
    logout_uri       VARCHAR(2000) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claim            VARCHAR(64),
    state            VARCHAR(16)   NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(200),
    CONSTRAINT backchannel_logouts_pk PRIMARY KEY (id)
);
CREATE INDEX backchannel_logouts_due_ix ON backchannel_logouts (state, next_attempt_at);
CREATE INDEX backchannel_logouts_finished_ix ON backchannel_logouts (finished_at);
