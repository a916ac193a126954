import { escapeHtml, formatChance, formatCount, formatProbability } from './format.js';
import { intervalBar, intervalScale } from './intervalBar.js';
import { variantLabel } from './timeChart.js';

// Values get their own palette, apart from the variants' colours, so a bar's segments never read as variants.
const valueColors = ['#8cd17d', '#f1ce63', '#86bcb6', '#ff9d9a', '#a0cbe8', '#ffbe7d', '#d4a6c8', '#b6992d', '#9d7660', '#bab0ac'];

/**
 * A metric of string values across variants, from the comparison's `categories`: whether the mix of values
 * differs (chi-square p-value), per variant a bar of each value's share, and per value its share in every
 * variant with each treatment's share lift over the control (interval and p-value or chance to win).
 * Empty when the metric has no string values.
 */
export function renderCategories(container, analysis, metricName) {
  const metric = analysis?.metrics.find((m) => m.metric === metricName);
  const parts = metric?.categories;
  if (!parts) {
    container.replaceChildren();
    return;
  }

  const variants = Object.keys(parts.variants).sort((a, b) => (a === analysis.control ? -1 : b === analysis.control ? 1 : a.localeCompare(b)));
  const totals = Object.fromEntries(variants.map((v) => [v, Object.values(parts.variants[v]).reduce((sum, n) => sum + n, 0)]));
  const values = valuesByCount(parts.variants);
  const named = [...values].sort(); // colours by name, so a value keeps its colour when the ranking moves
  const color = (value) => valueColors[named.indexOf(value) % valueColors.length];
  const treatments = [...new Set(parts.shares.map((s) => s.variant))];
  const lifts = new Map(parts.shares.map((s) => [`${s.variant}\u0000${s.category}`, s]));
  const scale = intervalScale(parts.shares.filter((s) => !s.reason));
  const { statistic, degreesOfFreedom, pValue } = parts.chiSquare;
  const differs = degreesOfFreedom > 0 && pValue < analysis.alpha;

  container.innerHTML = `
    <h3 class="parts-heading">Values <span class="muted">share per ${escapeHtml(parts.analysisUnit ?? 'event')}</span></h3>
    <p class="chi-square" data-p-value="${pValue}" data-differs="${differs}">
      ${degreesOfFreedom > 0
        ? `<strong>${differs ? 'The mix of values differs between variants' : 'No evidence that the mix of values differs'}</strong>
           <span class="muted">χ² ${statistic.toFixed(2)}, df ${degreesOfFreedom}, p ${formatProbability(pValue)}</span>`
        : '<span class="muted">Not enough data for a chi-square test yet: it needs two variants and two values.</span>'}</p>
    <div class="share-bars">${variants.map((v) => `
      <div class="share-row" data-variant="${escapeHtml(v)}"><span class="share-variant">${escapeHtml(variantLabel(v))}</span>
        <span class="share-bar">${values.filter((value) => parts.variants[v][value]).map((value) => {
          const share = parts.variants[v][value] / totals[v];
          return `<span class="share-segment" data-category="${escapeHtml(value)}" data-share="${share}" style="width:${share * 100}%;background:${color(value)}" title="${escapeHtml(value)}: ${(share * 100).toFixed(1)}%"></span>`;
        }).join('')}</span><span class="muted share-n">n ${formatCount(totals[v])}</span></div>`).join('')}</div>
    <div class="table-scroll">
      <table class="parts-table category-table" data-metric="${escapeHtml(metricName)}" data-method="${analysis.method}">
        <thead><tr><th>Value</th>${variants.map((v) => `<th class="num">${escapeHtml(variantLabel(v))}</th>`).join('')}
          ${treatments.map((t) => `<th>${escapeHtml(variantLabel(t))} vs ${escapeHtml(variantLabel(analysis.control ?? ''))}</th>`).join('')}</tr></thead>
        <tbody>${values.map((value) => `<tr data-category="${escapeHtml(value)}">
          <td><span class="swatch" style="background:${color(value)}"></span>${escapeHtml(value)}</td>
          ${variants.map((v) => shareCell(parts.variants[v][value] ?? 0, totals[v], v)).join('')}
          ${treatments.map((t) => liftCell(lifts.get(`${t}\u0000${value}`), analysis, scale)).join('')}</tr>`).join('')}</tbody>
      </table>
    </div>`;
}

function valuesByCount(variants) {
  const counts = new Map();
  for (const byValue of Object.values(variants)) for (const [value, n] of Object.entries(byValue)) counts.set(value, (counts.get(value) ?? 0) + n);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value]) => value);
}

function shareCell(count, total, variant) {
  const share = total > 0 ? count / total : 0;
  return `<td class="num" data-variant="${escapeHtml(variant)}" data-share="${share}" title="${formatCount(count)} of ${formatCount(total)}">${(share * 100).toFixed(1)}%</td>`;
}

// A share's lift is the ratio of shares − 1 (relative) or their difference in percentage points (absolute).
function liftCell(share, analysis, scale) {
  if (!share) return '<td class="muted">–</td>';
  const relative = analysis.differenceType === 'relative';
  const format = (value) => `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}${relative ? '%' : ' pp'}`;
  const attributes = `class="lift share-lift" data-variant="${escapeHtml(share.variant)}" data-category="${escapeHtml(share.category)}"`;
  if (share.reason) return `<td ${attributes}><span class="muted">${escapeHtml(share.reason)}</span></td>`;
  const bayesian = analysis.method === 'bayesian';
  const excludesZero = share.lower > 0 || share.upper < 0;
  const bar = intervalBar(share, {
    scale, format, tone: excludesZero ? 'info' : 'neutral',
    title: `${(share.controlShare * 100).toFixed(1)}% → ${(share.treatmentShare * 100).toFixed(1)}%; ${format(share.lower)} to ${format(share.upper)} at ${(1 - analysis.alpha) * 100}%`,
  });
  const probability = bayesian ? `chance up ${formatChance(share.chanceToWin)}` : `p ${formatProbability(share.pValue)}`;
  return `<td ${attributes} data-p-value="${share.pValue ?? ''}">${bar}<span class="muted share-p">${probability}</span></td>`;
}
