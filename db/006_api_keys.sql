-- API keys. Only a SHA-256 hash of each secret is stored: keys are 256 random bits, so a fast hash is
-- enough (nothing to brute-force), and a database dump reveals no usable key. The gateway role reaches
-- this table only through the functions below: it can look a hash up, create, list and revoke keys, but
-- never read hashes in bulk.
CREATE TABLE tsm.api_keys (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                     text        NOT NULL,
    prefix                   text        NOT NULL,
    key_hash                 bytea       NOT NULL UNIQUE,
    scopes                   text[]      NOT NULL,
    ingest_points_per_second integer,
    queries_per_second       integer,
    created_at               timestamptz NOT NULL DEFAULT now(),
    revoked_at               timestamptz
);

CREATE OR REPLACE FUNCTION tsm.find_api_key(p_hash bytea)
RETURNS TABLE (id bigint, name text, scopes text[], ingest_points_per_second integer, queries_per_second integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT k.id, k.name, k.scopes, k.ingest_points_per_second, k.queries_per_second
    FROM tsm.api_keys k WHERE k.key_hash = p_hash AND k.revoked_at IS NULL
$$;

CREATE OR REPLACE FUNCTION tsm.create_api_key(
    p_name text, p_prefix text, p_hash bytea, p_scopes text[], p_ingest_points_per_second integer, p_queries_per_second integer)
RETURNS TABLE (id bigint, created_at timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    INSERT INTO tsm.api_keys (name, prefix, key_hash, scopes, ingest_points_per_second, queries_per_second)
    VALUES (p_name, p_prefix, p_hash, p_scopes, p_ingest_points_per_second, p_queries_per_second)
    RETURNING id, created_at
$$;

CREATE OR REPLACE FUNCTION tsm.list_api_keys()
RETURNS TABLE (id bigint, name text, prefix text, scopes text[], ingest_points_per_second integer, queries_per_second integer,
               created_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    SELECT k.id, k.name, k.prefix, k.scopes, k.ingest_points_per_second, k.queries_per_second, k.created_at, k.revoked_at
    FROM tsm.api_keys k ORDER BY k.id
$$;

-- Returns whether a key was revoked now (false: no such key, or revoked before).
CREATE OR REPLACE FUNCTION tsm.revoke_api_key(p_id bigint)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, tsm
AS $$
    WITH revoked AS (UPDATE tsm.api_keys SET revoked_at = now() WHERE id = p_id AND revoked_at IS NULL RETURNING 1)
    SELECT EXISTS (SELECT FROM revoked)
$$;

REVOKE ALL ON FUNCTION tsm.find_api_key(bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION tsm.create_api_key(text, text, bytea, text[], integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION tsm.list_api_keys() FROM PUBLIC;
REVOKE ALL ON FUNCTION tsm.revoke_api_key(bigint) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT EXECUTE ON FUNCTION tsm.find_api_key(bytea) TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.create_api_key(text, text, bytea, text[], integer, integer) TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.list_api_keys() TO tsmetrics_api;
        GRANT EXECUTE ON FUNCTION tsm.revoke_api_key(bigint) TO tsmetrics_api;
    END IF;
END $$;
