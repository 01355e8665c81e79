-- What each user allowed each third-party client: the scopes, until revoked.
CREATE TABLE consents (
    subject     VARCHAR(255)  NOT NULL,
    client_id   VARCHAR(255)  NOT NULL,
    scopes      VARCHAR(4000) NOT NULL,
    granted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT consents_pk PRIMARY KEY (subject, client_id)
);
CREATE INDEX consents_client ON consents (client_id);
