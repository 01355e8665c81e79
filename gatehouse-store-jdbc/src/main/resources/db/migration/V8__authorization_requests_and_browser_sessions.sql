-- Authorization requests between their arrival and their answer: pushed ones (RFC 9126) until their request_uri
-- is used, and pending ones while the browser is on the sign-in or consent page. The handle the client or the
-- browser holds is kept as its SHA-256 only; a pending request is bound to the browser by the hash of its CSRF
-- cookie. The parameters are the validated request, form-encoded.
CREATE TABLE authorization_requests (
    handle_hash   VARCHAR(64)              NOT NULL,
    kind          VARCHAR(8)               NOT NULL,
    client_id     VARCHAR(255)             NOT NULL,
    parameters    VARCHAR                  NOT NULL,
    binding_hash  VARCHAR(64),
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT authorization_requests_pk PRIMARY KEY (handle_hash)
);
CREATE INDEX authorization_requests_expiry_ix ON authorization_requests (expires_at);

-- Signed-in browsers (single sign-on), by the SHA-256 of the session cookie; each lives only as long as the login
-- session (sid) it is tied to.
CREATE TABLE browser_sessions (
    id_hash       VARCHAR(64)              NOT NULL,
    session_id    VARCHAR(64)              NOT NULL,
    subject       VARCHAR(255)             NOT NULL,
    auth_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT browser_sessions_pk PRIMARY KEY (id_hash)
);
CREATE INDEX browser_sessions_session_ix ON browser_sessions (session_id);
CREATE INDEX browser_sessions_expiry_ix ON browser_sessions (expires_at);
