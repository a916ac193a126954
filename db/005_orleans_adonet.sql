-- What Orleans' ADO.NET providers (clustering, grain storage; Invariant "Npgsql") expect to find: their
-- tables and, in orleansquery, the SQL they run by key. Written for this project from the providers'
-- documented contract; conditional writes run in PL/pgSQL blocks so a lost race changes nothing.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text NOT NULL
);

-- Membership: one version row per cluster (the table's etag) and one row per silo incarnation.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid varchar(150) PRIMARY KEY,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid varchar(150) NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45) NOT NULL,
    port         integer NOT NULL,
    generation   integer NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       integer NOT NULL,
    proxyport    integer,
    suspecttimes varchar(8000),
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Inserts a silo row and bumps the cluster version, both or neither: 1 on success, 0 on a stale version
-- or an existing row.
CREATE OR REPLACE FUNCTION tsm_orleans_insert_member(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
    p_status integer, p_proxy_port integer, p_start_time timestamptz, p_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
        WHERE deploymentid = p_deployment AND version = p_version;
        IF NOT FOUND THEN RETURN 0; END IF;
        INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
        VALUES (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start_time, p_alive_time);
        RETURN 1;
    EXCEPTION WHEN unique_violation THEN
        RETURN 0; -- the version bump above is rolled back with the block
    END;
END $$;

-- Updates a silo row and bumps the cluster version, both or neither.
CREATE OR REPLACE FUNCTION tsm_orleans_update_member(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        UPDATE orleansmembershipversiontable SET version = version + 1, timestamp = now()
        WHERE deploymentid = p_deployment AND version = p_version;
        IF NOT FOUND THEN RETURN 0; END IF;
        UPDATE orleansmembershiptable SET status = p_status, suspecttimes = p_suspect_times, iamalivetime = p_alive_time
        WHERE deploymentid = p_deployment AND address = p_address AND port = p_port AND generation = p_generation;
        IF NOT FOUND THEN RAISE EXCEPTION 'no such member' USING ERRCODE = 'no_data_found'; END IF;
        RETURN 1;
    EXCEPTION WHEN no_data_found THEN
        RETURN 0;
    END;
END $$;

-- Grain state: one row per grain and state name, with an integer version as the etag.
CREATE TABLE IF NOT EXISTS orleansstorage (
    grainidhash            integer NOT NULL,
    grainidn0              bigint NOT NULL,
    grainidn1              bigint NOT NULL,
    graintypehash          integer NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512),
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer
);
-- Unique, so two first writes of one grain cannot both insert.
CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_identity ON orleansstorage
    (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, serviceid, grainidextensionstring) NULLS NOT DISTINCT;

-- Writes state if the caller's version is current; returns the new version, the old one on a conflict,
-- 1 for a first write, or NULL when a first write finds a row already there.
CREATE OR REPLACE FUNCTION tsm_orleans_write_state(
    p_id_hash integer, p_n0 bigint, p_n1 bigint, p_type_hash integer, p_type text, p_extension text,
    p_service text, p_version integer, p_payload bytea)
RETURNS TABLE (newgrainstateversion integer) LANGUAGE plpgsql AS $$
DECLARE
    v_new integer;
BEGIN
    IF p_version IS NOT NULL THEN
        UPDATE orleansstorage SET payloadbinary = p_payload, modifiedon = now(), version = version + 1
        WHERE grainidhash = p_id_hash AND graintypehash = p_type_hash AND grainidn0 = p_n0 AND grainidn1 = p_n1
          AND graintypestring = p_type AND serviceid = p_service AND grainidextensionstring IS NOT DISTINCT FROM p_extension
          AND version = p_version
        RETURNING version INTO v_new;
        RETURN QUERY SELECT coalesce(v_new, p_version);
        RETURN;
    END IF;
    BEGIN
        INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
        VALUES (p_id_hash, p_n0, p_n1, p_type_hash, p_type, p_extension, p_service, p_payload, 1);
        RETURN QUERY SELECT 1;
    EXCEPTION WHEN unique_violation THEN
        RETURN QUERY SELECT NULL::integer;
    END;
END $$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING RETURNING 1)
    SELECT count(*)::integer FROM inserted$q$),
('InsertMembershipKey', $q$
    SELECT tsm_orleans_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
        @ProxyPort, @StartTime, @IAmAliveTime, @Version)$q$),
('UpdateMembershipKey', $q$
    SELECT tsm_orleans_update_member(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)$q$),
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleansmembershiptable SET iamalivetime = greatest(iamalivetime, @IAmAliveTime)
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation$q$),
('MembershipReadRowKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId$q$),
('MembershipReadAllKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId$q$),
('GatewaysQueryKey', $q$
    SELECT address, proxyport, generation FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0$q$),
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3$q$),
('WriteToStorageKey', $q$
    SELECT * FROM tsm_orleans_write_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)$q$),
('ReadFromStorageKey', $q$
    SELECT payloadbinary, version FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString$q$),
('ClearStorageKey', $q$
    UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1, modifiedon = now()
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString AND version = @GrainStateVersion
    RETURNING version$q$),
('DeleteStorageKey', $q$
    DELETE FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString AND version = @GrainStateVersion
    RETURNING version + 1$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Gateways find silos through the membership table; they read, never write it.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
        GRANT SELECT ON orleansquery, orleansmembershiptable, orleansmembershipversiontable TO tsmetrics_api;
    END IF;
END $$;
