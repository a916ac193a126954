import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, powerLine, readMinimumEffect } from '../src/powerPanel.js';

const power = { differenceType: 'relative', targetPower: 0.8, method: 'sequential', elapsedDays: 2 };
const metric = { metric: 'm', unit: 'ms', minimumEffect: 0.05 };

test('a treatment that needs more says the effect detectable now, the time until the minimum effect is, and the traffic', () => {
  const line = powerLine({ variant: 'B', status: 'needsMoreData', detectableEffectNow: 0.084, powerNow: 0.41, additionalN: 12_399.2, nPerDay: 3_900.4, additionalDays: 3.18 }, power, metric);
  assert.match(line, /detectable now ±8\.4%/);
  assert.match(line, /±5\.0% needs about 3\.2 days more/);
  assert.match(line, /12,400 more observations at 3,900\/day/);
  assert.match(line, /power now 41%/);
});

test('powered, out of reach and not enough data each say so, and reasons are escaped', () => {
  assert.match(powerLine({ variant: 'B', status: 'alreadyPowered', detectableEffectNow: 0.02, powerNow: 0.99 }, power, metric), /±5\.0% detectable already/);
  assert.match(powerLine({ variant: 'B', status: 'outOfReach', detectableEffectNow: 2 }, power, metric), /out of reach/);
  const none = powerLine({ variant: 'B', status: 'notEnoughData', reason: 'each arm <needs> 2' }, power, metric);
  assert.ok(none.includes('&lt;needs&gt;') && !none.includes('<needs>'), none);
});

test('durations read as minutes, hours, days or years', () => {
  assert.deepEqual([0.0001, 0.01, 0.5, 3.18, 100, 1000].map(formatDuration), ['1 min', '14 min', '12 h', '3.2 days', '100 days', '2.7 years']);
  assert.equal(formatDuration(undefined), '–');
});

test('the minimum effect comes from the URL, 5% when absent or nonsense', () => {
  assert.equal(readMinimumEffect(new URLSearchParams('mde=2.5')), 2.5);
  assert.equal(readMinimumEffect(new URLSearchParams('')), 5);
  assert.equal(readMinimumEffect(new URLSearchParams('mde=-1')), 5);
  assert.equal(readMinimumEffect(new URLSearchParams('mde=abc')), 5);
});
