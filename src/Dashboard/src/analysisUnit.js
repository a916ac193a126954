import { escapeHtml, formatCount } from './format.js';

const kindWords = {
  proportion: 'share of users who converted',
  mean: 'mean per point over users (ratio, delta method)',
  sum: "mean of users' totals",
  count: "mean of users' points",
};

/**
 * What a metric's comparison counted, in words: per user (each user one observation since the test
 * started, n = users) or per event (each point one observation, n = points), the kind read that way, and
 * the points left out at the series' unit limit.
 */
export function unitLine(metric) {
  const perUser = metric.analysisUnit === 'user';
  const what = perUser
    ? `Per user: each user is one observation since the test started · ${escapeHtml(kindWords[metric.kind] ?? metric.kind)}`
    : 'Per event: every point is one observation (points carry no user ids, or unit=event was asked)';
  const refused = perUser && metric.refusedUnitPoints > 0
    ? ` · <span class="unit-refused" data-refused="${metric.refusedUnitPoints}">${formatCount(metric.refusedUnitPoints)} points of users beyond the series' unit limit left out</span>`
    : '';
  return `<p class="unit-line" data-unit="${perUser ? 'user' : 'event'}">${what}${refused}</p>`;
}

/** The count column's header: users over their points per user, points alone per event. */
export function countHeader(metric) {
  return metric.analysisUnit === 'user' ? '<th class="num">Users<br><span class="muted">points</span></th>' : '<th class="num">Points</th>';
}

/** A variant's count cell, matching countHeader: one column, so the table keeps its width. */
export function countCell(metric, variant) {
  const points = variant.points ?? variant.n;
  if (metric.analysisUnit !== 'user') return `<td class="num"><span data-points="${points}">${formatCount(points)}</span></td>`;
  return `<td class="num"><span data-users="${variant.n}">${formatCount(variant.n)}</span><br>`
    + `<span class="muted" data-points="${points}">${formatCount(points)}</span></td>`;
}
