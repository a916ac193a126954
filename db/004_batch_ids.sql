-- Idempotency: the batch id of every journal row and when it was written, so a series grain that
-- (re)activates knows which batches it already stored within the dedupe window.
ALTER TABLE tsm.point_batches ADD COLUMN IF NOT EXISTS batch_id text;
ALTER TABLE tsm.point_batches ADD COLUMN IF NOT EXISTS written timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS point_batches_series_written ON tsm.point_batches (test, metric, written DESC) WHERE batch_id IS NOT NULL;
