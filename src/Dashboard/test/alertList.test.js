import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertBadge, raisedAlerts } from '../src/alertList.js';

const overview = {
  test: 't',
  rules: [],
  alerts: [
    { ruleId: 'guardrail', subject: 'latency/B', raised: true, message: 'B is worse than A on <latency>', changedAt: '2026-12-01T20:00:00Z' },
    { ruleId: 'sample-ratio', subject: '', raised: false, message: 'fine again', changedAt: '2026-12-01T19:00:00Z' },
  ],
};

test('only raised alerts count; resolved ones are history', () => {
  assert.deepEqual(raisedAlerts(overview).map((a) => a.ruleId), ['guardrail']);
  assert.deepEqual(raisedAlerts(null), []);
});

test('the list badge counts raised alerts and escapes their messages', () => {
  const badge = alertBadge(overview);
  assert.match(badge, /data-alerts="1"/);
  assert.match(badge, /1 alert</);
  assert.ok(badge.includes('&lt;latency&gt;') && !badge.includes('<latency>'), badge);
  assert.equal(alertBadge({ alerts: [] }), '');
});
