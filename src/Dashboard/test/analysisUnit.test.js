import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countCell, countHeader, unitLine } from '../src/analysisUnit.js';

test('a per-user metric says so with its kind, and shows users beside points', () => {
  const metric = { analysisUnit: 'user', kind: 'sum', refusedUnitPoints: 0 };
  assert.match(unitLine(metric), /data-unit="user"/);
  assert.match(unitLine(metric), /Per user: each user is one observation since the test started · mean of users&#39; totals/);
  assert.doesNotMatch(unitLine(metric), /unit limit/);
  assert.equal(countHeader(metric), '<th class="num">Users<br><span class="muted">points</span></th>');
  assert.equal(countCell(metric, { n: 1200, points: 34567 }),
    '<td class="num"><span data-users="1200">1,200</span><br><span class="muted" data-points="34567">34,567</span></td>');
});

test('a per-event metric counts points only', () => {
  const metric = { analysisUnit: 'event', kind: 'mean', refusedUnitPoints: 0 };
  assert.match(unitLine(metric), /data-unit="event".*Per event: every point is one observation/);
  assert.equal(countHeader(metric), '<th class="num">Points</th>');
  assert.equal(countCell(metric, { n: 40, points: 40 }), '<td class="num"><span data-points="40">40</span></td>');
});

test('points refused at the unit limit are counted on the line', () => {
  const line = unitLine({ analysisUnit: 'user', kind: 'mean', refusedUnitPoints: 12345 });
  assert.match(line, /data-refused="12345">12,345 points of users beyond the series' unit limit left out/);
});
