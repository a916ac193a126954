import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertBadge, raisedAlerts } from '../src/alertList.js';

const overview = {
  test: 't',
  rules: [{ id: 'guardrail', type: 'guardrailWorse' }, { id: 'verdict', type: 'verdict' }, { id: 'sample-ratio', type: 'sampleRatioMismatch' }],
  alerts: [
    { ruleId: 'guardrail', subject: 'latency/B', raised: true, message: 'B is worse than A on <latency>', changedAt: '2026-12-01T20:00:00Z' },
    { ruleId: 'sample-ratio', subject: '', raised: false, message: 'fine again', changedAt: '2026-12-01T19:00:00Z' },
    { ruleId: 'verdict', subject: 'latency/B', raised: true, message: 'B is worse', changedAt: '2026-12-01T20:00:00Z' },
  ],
};

test('only raised alerts count; resolved ones are history', () => {
  assert.deepEqual(raisedAlerts(overview).map((a) => [a.ruleId, a.type]), [['guardrail', 'guardrailWorse'], ['verdict', 'verdict']]);
  assert.deepEqual(raisedAlerts(null), []);
});

test('the list badges count alerts needing someone apart from verdicts reached, and escape their messages', () => {
  const badge = alertBadge(overview);
  assert.match(badge, /data-alerts="1" data-kind="trouble"/);
  assert.match(badge, /1 alert</);
  assert.match(badge, /data-kind="decision"[^>]*>✓ 1 verdict reached</);
  assert.ok(badge.includes('&lt;latency&gt;') && !badge.includes('<latency>'), badge);
  assert.equal(alertBadge({ alerts: [] }), '');
});
