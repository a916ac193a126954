import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeriesBuckets } from '../src/seriesBuckets.js';

const response = {
  variants: [
    { variant: 'A', buckets: [{ t: 60, count: 2, avg: 15, min: 10, max: 20, sum: 30 }] },
    { variant: 'B', buckets: [{ t: 120, count: 1, avg: 5, min: 5, max: 5, sum: 5 }] },
  ],
};

test('live points fold into the bucket the gateway would put them in', () => {
  const buckets = SeriesBuckets.fromResponse(response, 60, ['A', 'B', 'C']);
  assert.equal(buckets.add('A', 119.9, 40, 0, Infinity), true);
  assert.equal(buckets.add('C', 180, 1, 0, Infinity), true);
  const { xs, lines } = buckets.toColumns('minmax');
  assert.deepEqual(xs, [60, 120, 180]);
  assert.deepEqual(lines.map((l) => l.variant), ['A', 'B', 'C']);
  assert.deepEqual(lines[0].avg, [70 / 3, null, null]);
  assert.deepEqual(lines[0].high, [40, null, null]);
  assert.deepEqual(lines[0].low, [10, null, null]);
  assert.equal(buckets.totalCount, 5);
});

test('a histogram data point adds its count, sum and extremes, not one value', () => {
  const buckets = SeriesBuckets.fromResponse(response, 60, ['A', 'B']);
  assert.equal(buckets.add('A', 70, 120, 0, Infinity, { count: 10, min: 2, max: 31 }), true);
  assert.equal(buckets.add('B', 190, 12, 0, Infinity, { count: 4, min: 1, max: 5 }), true);
  const { lines } = buckets.toColumns('minmax');
  assert.deepEqual(lines[0].avg, [150 / 12, null, null]);
  assert.deepEqual(lines[0].low, [2, null, null]);
  assert.deepEqual(lines[0].high, [31, null, null]);
  assert.deepEqual(lines[1].avg, [null, 5, 3]);
  assert.equal(buckets.totalCount, 17);
});

test('points outside the range are left out', () => {
  const buckets = SeriesBuckets.fromResponse(response, 60);
  assert.equal(buckets.add('A', 300, 1, 0, 300), false);
  assert.equal(buckets.add('A', -1, 1, 0, 300), false);
  assert.equal(buckets.totalCount, 3);
});

test('a sliding frame drops only buckets that ended before it', () => {
  const buckets = SeriesBuckets.fromResponse(response, 60);
  buckets.dropBefore(150);
  assert.deepEqual(buckets.toColumns().xs, [120]);
});

test('a proportion band is the 95% interval of the rate, within 0 and 1', () => {
  const buckets = new SeriesBuckets(60, ['A']);
  for (let i = 0; i < 100; i++) buckets.add('A', 0, i < 10 ? 1 : 0, 0, Infinity);
  const [line] = buckets.toColumns('ci').lines;
  assert.ok(Math.abs(line.low[0] - (0.1 - 1.96 * 0.03)) < 1e-9);
  assert.ok(Math.abs(line.high[0] - (0.1 + 1.96 * 0.03)) < 1e-9);
  buckets.add('A', 60, 0, 0, Infinity);
  assert.equal(buckets.toColumns('ci').lines[0].low[1], 0);
});
