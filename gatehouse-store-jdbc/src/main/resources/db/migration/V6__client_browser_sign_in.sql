-- How each client signs people in through the browser (OpenID Connect authorization code flow).
ALTER TABLE clients ADD COLUMN post_logout_redirect_uris VARCHAR NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN backchannel_logout_uri VARCHAR(2000);
ALTER TABLE clients ADD COLUMN consent VARCHAR(8) NOT NULL DEFAULT 'ask';
ALTER TABLE clients ADD COLUMN require_par BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN require_pkce BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE clients SET consent = 'skip' WHERE first_party;
