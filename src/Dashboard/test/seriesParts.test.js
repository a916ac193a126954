import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeriesParts } from '../src/seriesParts.js';

const response = {
  variants: [
    { variant: 'A', buckets: [
      { t: 60, count: 3, sum: 30, quantiles: { p50: 10, p95: 19, p99: 20 } },
      { t: 120, count: 0, sum: 0, categories: { card: { count: 3, share: 0.75 }, paypal: { count: 1, share: 0.25 } } },
    ] },
    { variant: 'B', buckets: [{ t: 120, count: 2, sum: 4, quantiles: { p99: 3, p50: 2 } }, { t: 180, count: 1, sum: 1 }] },
  ],
};

test('percentile lines: one per variant and level, lowest level first, null where a bucket lacks it', () => {
  const parts = SeriesParts.fromResponse(response, ['A', 'B']);
  const { xs, levels, lines } = parts.quantileColumns();
  assert.deepEqual(xs, [60, 120]);
  assert.deepEqual(levels, ['p50', 'p95', 'p99']);
  assert.deepEqual(lines.map((l) => `${l.variant} ${l.level}`), ['A p50', 'A p95', 'A p99', 'B p50', 'B p95', 'B p99']);
  assert.deepEqual(lines[1].values, [19, null]);
  assert.deepEqual(lines[3].values, [null, 2]);
  assert.equal(parts.hasQuantiles, true);
});

test('a share line is a value\'s share of each bucket\'s string values, with its 95% interval', () => {
  const parts = SeriesParts.fromResponse(response, ['A', 'B']);
  assert.deepEqual(parts.categories, ['card', 'paypal']);
  const { xs, lines, totalCount } = parts.shareColumns('paypal');
  assert.deepEqual(xs, [60, 120]);
  assert.deepEqual(lines[0].avg, [null, 0.25]);
  const half = 1.96 * Math.sqrt((0.25 * 0.75) / 4);
  assert.ok(Math.abs(lines[0].high[1] - (0.25 + half)) < 1e-12);
  assert.equal(lines[0].low[1], 0); // 0.25 - 0.42 is cut at 0
  assert.deepEqual(lines[1].avg, [null, null], 'B has no string values');
  assert.equal(totalCount, 4);
});

test('a newer answer over the tail replaces the buckets it covers and keeps the older ones', () => {
  const parts = SeriesParts.fromResponse(response, ['A', 'B']);
  assert.equal(parts.lastStart, 120);
  parts.mergeAnswer({ variants: [{ variant: 'B', buckets: [{ t: 120, count: 3, sum: 9, quantiles: { p50: 3, p99: 5 } }, { t: 180, count: 1, sum: 1, quantiles: { p50: 1, p99: 1 } }] }] });
  const { xs, lines } = parts.quantileColumns();
  assert.deepEqual(xs, [60, 120, 180]);
  assert.deepEqual(lines.find((l) => l.variant === 'B' && l.level === 'p99').values, [null, 5, 1]);
  assert.deepEqual(lines.find((l) => l.variant === 'A' && l.level === 'p50').values, [10, null, null]);
  parts.dropBefore(181, 60); // the bucket at 120 ended at 180
  assert.deepEqual(parts.quantileColumns().xs, [180]);
});

test('a series without percentiles or strings has no parts', () => {
  const parts = SeriesParts.fromResponse({ variants: [{ variant: 'A', buckets: [{ t: 0, count: 1, sum: 1 }] }] });
  assert.equal(parts.hasQuantiles, false);
  assert.equal(parts.hasCategories, false);
  assert.deepEqual(parts.quantileColumns().lines, []);
});
