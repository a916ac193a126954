-- Expected traffic share per variant (for the sample-ratio check), set with PUT /v1/tests/{test}.
ALTER TABLE tsm.tests ADD COLUMN IF NOT EXISTS weights jsonb;
