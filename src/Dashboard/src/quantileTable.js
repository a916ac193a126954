import { escapeHtml, formatChance, formatCount, formatLift, formatNumber, formatProbability } from './format.js';
import { intervalBar, intervalScale } from './intervalBar.js';
import { variantLabel } from './timeChart.js';
import { verdictLook } from './verdicts.js';

/**
 * The percentiles of one metric across variants, from the comparison's `quantiles`: per level (p50, p95,
 * p99) each variant's value and n, and for each treatment the lift over the control with its interval, the
 * p-value (or chance to win) and the verdict. Empty when the metric keeps no percentiles.
 */
export function renderQuantiles(container, analysis, metricName) {
  const metric = analysis?.metrics.find((m) => m.metric === metricName);
  const levels = metric?.quantiles ?? [];
  if (levels.length === 0) {
    container.replaceChildren();
    return;
  }

  const bayesian = analysis.method === 'bayesian';
  const scale = intervalScale(levels.flatMap((level) => level.comparisons.filter(informative)));
  const unit = metric.unit ? ` <span class="muted">${escapeHtml(metric.unit)}</span>` : '';
  const rows = levels.map((level) => {
    const comparisons = new Map(level.comparisons.map((c) => [c.variant, c]));
    return level.variants.map((variant, i) => {
      const comparison = comparisons.get(variant.variant);
      const head = i === 0 ? `<th scope="rowgroup" rowspan="${level.variants.length}" class="quantile-level">${escapeHtml(level.name)}</th>` : '';
      return `<tr data-level="${escapeHtml(level.name)}" data-variant="${escapeHtml(variant.variant)}" data-n="${variant.n}" data-value="${variant.value ?? ''}">
        ${head}<td>${escapeHtml(variantLabel(variant.variant))}${variant.variant === analysis.control ? ' <span class="muted">(control)</span>' : ''}</td>
        <td class="num">${formatCount(variant.n)}</td><td class="num">${formatNumber(variant.value)}${unit}</td>
        ${comparison ? cells(comparison, analysis, metric.unit, scale) : '<td class="muted">–</td><td class="num muted">–</td><td></td>'}</tr>`;
    }).join('');
  }).join('');

  container.innerHTML = `
    <h3 class="parts-heading">Percentiles <span class="muted">per ${escapeHtml(levels[0].analysisUnit ?? 'event')} · not in the multiple-comparison correction</span></h3>
    <div class="table-scroll">
      <table class="parts-table quantile-table" data-metric="${escapeHtml(metricName)}" data-method="${analysis.method}" data-levels="${levels.map((l) => escapeHtml(l.name)).join(',')}">
        <thead><tr><th>Level</th><th>Variant</th><th class="num">n</th><th class="num">Value</th>
          <th>Lift vs ${escapeHtml(variantLabel(analysis.control ?? ''))}</th><th class="num">${bayesian ? 'Chance to win' : 'p-value'}</th><th>Verdict</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>
    </div>`;
}

function informative(comparison) {
  return comparison.verdict !== 'notEnoughData';
}

function cells(comparison, analysis, unit, scale) {
  const look = verdictLook(comparison.verdict);
  const format = (value) => formatLift(value, analysis.differenceType, unit);
  const interval = informative(comparison)
    ? intervalBar(comparison, { scale, format, tone: look.tone, title: `${format(comparison.lower)} to ${format(comparison.upper)} at ${(1 - analysis.alpha) * 100}%` })
    : `<span class="muted">${escapeHtml(comparison.reason ?? 'not enough data')}</span>`;
  const probability = analysis.method === 'bayesian' ? formatChance(comparison.chanceToWin) : formatProbability(comparison.pValue);
  return `<td class="lift">${interval}</td><td class="num">${probability}</td>
    <td><span class="verdict tone-${look.tone}" data-verdict="${comparison.verdict}">${look.label}</span></td>`;
}
