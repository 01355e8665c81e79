-- Refresh rotation's grace period. A rotated token keeps its successor's hash and, while the client's grace
-- period runs, the successor itself encrypted (AES-GCM under a key derived from the key-encryption key, the
-- rotated token's hash bound as associated data): a retry within the period gets the same successor back.
-- The purge clears sealed_successor once no grace period can still cover it.
ALTER TABLE refresh_tokens ADD COLUMN successor_hash VARCHAR(128);
ALTER TABLE refresh_tokens ADD COLUMN sealed_successor VARCHAR(512);
-- Seconds; NULL for the default (5), 0 for strict reuse detection.
ALTER TABLE clients ADD COLUMN refresh_grace_seconds BIGINT;
