-- The audience a refresh token family was granted (RFC 8707), space-separated. NULL on rows stored before
-- it was kept: their refreshes get the client's registered audiences.
ALTER TABLE refresh_tokens ADD COLUMN audience VARCHAR(4000);
