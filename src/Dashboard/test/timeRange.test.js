import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultGranularity, isGranularityAllowed, resolveRange } from '../src/timeRange.js';

test('the default granularity is the finest that keeps a line under 1,500 points', () => {
  assert.equal(defaultGranularity(15 * 60), '1s');
  assert.equal(defaultGranularity(3600), '1m');
  assert.equal(defaultGranularity(86_400), '1m');
  assert.equal(defaultGranularity(7 * 86_400), '1h');
  assert.equal(defaultGranularity(30 * 86_400), '1h');
});

test('a granularity the gateway would refuse (over 20,000 buckets) is not allowed', () => {
  assert.equal(isGranularityAllowed('1s', 3600), true);
  assert.equal(isGranularityAllowed('1s', 86_400), false);
  assert.equal(isGranularityAllowed('1m', 30 * 86_400), false);
  assert.equal(isGranularityAllowed('2m', 3600), false);
});

test('a frame ends now and is live; a custom range in the past is not', () => {
  assert.deepEqual(resolveRange({ frame: '1h' }, 10_000), { from: 6400, to: 10_000, live: true });
  assert.deepEqual(resolveRange({ frame: 'custom', from: 100, to: 200 }, 10_000), { from: 100, to: 200, live: false });
});
