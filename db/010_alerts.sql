-- Alerts and webhooks. Only silos touch these tables (through the alert grain of each test); the
-- gateway's role gets no grant on them, so it can never read a webhook's secret.

-- Rules a user set; a test without rows has the default rules (src/Grains/Alerts/DefaultAlertRules.cs).
CREATE TABLE tsm.alert_rules (
    test       text  NOT NULL,
    rule_id    text  NOT NULL,
    definition jsonb NOT NULL,
    PRIMARY KEY (test, rule_id)
);

-- The last change of state of each thing a rule watches (subject: '', 'metric' or 'metric/variant').
CREATE TABLE tsm.alert_states (
    test       text        NOT NULL,
    rule_id    text        NOT NULL,
    subject    text        NOT NULL,
    metric     text,
    variant    text,
    raised     boolean     NOT NULL,
    changed_at timestamptz NOT NULL,
    event_id   uuid        NOT NULL,
    message    text        NOT NULL,
    figures    jsonb       NOT NULL,
    PRIMARY KEY (test, rule_id, subject)
);

CREATE TABLE tsm.webhooks (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    test       text        NOT NULL,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhooks_test ON tsm.webhooks (test);

-- One row per (hook, event): the exact body that is signed and sent, until delivered or given up.
CREATE TABLE tsm.webhook_deliveries (
    hook_id      bigint      NOT NULL REFERENCES tsm.webhooks (id) ON DELETE CASCADE,
    event_id     uuid        NOT NULL,
    test         text        NOT NULL,
    body         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    delivered_at timestamptz,
    gave_up         boolean     NOT NULL DEFAULT false,
    next_attempt_at timestamptz NOT NULL,
    PRIMARY KEY (hook_id, event_id)
);

CREATE INDEX webhook_deliveries_pending ON tsm.webhook_deliveries (test) WHERE delivered_at IS NULL AND NOT gave_up;

-- The delivery log: every attempt.
CREATE TABLE tsm.webhook_attempts (
    hook_id     bigint      NOT NULL,
    event_id    uuid        NOT NULL,
    attempt     integer     NOT NULL,
    at          timestamptz NOT NULL,
    status_code integer,
    error       text,
    delivered   boolean     NOT NULL,
    duration_ms float8      NOT NULL,
    PRIMARY KEY (hook_id, event_id, attempt),
    FOREIGN KEY (hook_id, event_id) REFERENCES tsm.webhook_deliveries (hook_id, event_id) ON DELETE CASCADE
);
