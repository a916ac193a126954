import { escapeHtml, formatChance, formatSpan, formatLift, formatNumber, formatProbability } from './format.js';
import { verdictLook } from './verdicts.js';
import { countCell, countHeader, unitLine } from './analysisUnit.js';
import { variantLabel } from './timeChart.js';
import { intervalBar, intervalScale } from './intervalBar.js';

const methodNames = { sequential: 'Sequential', fixed: 'Fixed horizon (Welch)', bayesian: 'Bayesian' };
const correctionNames = { holm: 'Holm', benjaminiHochberg: 'Benjamini-Hochberg', none: 'no correction' };

/**
 * The comparison of one metric: per variant its users and points (or points alone, per event) and mean,
 * the unit the comparison counted, and for each treatment its lift drawn as an
 * interval on a scale shared by the metric's treatments (0 marked), the p-value (adjusted as the analysis
 * says) or the chance to win, and the verdict.
 */
export function renderComparison(container, analysis, metricName) {
  const metric = analysis?.metrics.find((m) => m.metric === metricName);
  if (!metric) {
    container.innerHTML = '<p class="muted">No comparison yet: no points in the comparison window.</p>';
    return;
  }

  const bayesian = analysis.method === 'bayesian';
  const comparisons = new Map(metric.comparisons.map((c) => [c.variant, c]));
  // One symmetric scale for all treatments of a metric, so their intervals can be compared by eye.
  const scale = intervalScale(metric.comparisons.filter((c) => c.verdict !== 'notEnoughData'));
  const rows = metric.variants.map((variant) => row(variant, comparisons.get(variant.variant), metric, analysis, scale)).join('');
  const windowText = `last ${formatSpan(Date.parse(analysis.windowTo) - Date.parse(analysis.windowFrom))} to ${new Date(analysis.windowTo).toLocaleTimeString()}`;
  const correction = bayesian ? '' : ` · ${correctionNames[analysis.correction] ?? analysis.correction}`;

  container.innerHTML = `
    <p class="method-line"><strong class="method-name">${methodNames[analysis.method] ?? analysis.method}</strong>
      · α ${analysis.alpha}${correction} · ${escapeHtml(windowText)}</p>
    <div class="table-scroll">
      <table class="comparison-table" data-metric="${escapeHtml(metricName)}" data-method="${analysis.method}" data-unit="${metric.analysisUnit === 'user' ? 'user' : 'event'}">
        <thead><tr>
          <th>Variant</th>${countHeader(metric)}<th class="num">Mean</th>
          <th>Lift vs ${escapeHtml(variantLabel(analysis.control ?? ''))}</th>
          <th class="num">${bayesian ? 'Chance to win' : 'p-value'}</th><th>Verdict</th>
        </tr></thead>
        <tbody>${rows}</tbody>
      </table>
    </div>
    ${unitLine(metric)}
    <p class="method-note">${escapeHtml(analysis.methodNote)}</p>`;
}

function row(variant, comparison, metric, analysis, scale) {
  const isControl = variant.variant === analysis.control;
  const name = `${escapeHtml(variantLabel(variant.variant))}${isControl ? ' <span class="muted">(control)</span>' : ''}`;
  const mean = metric.kind === 'proportion' && variant.mean !== null ? `${(variant.mean * 100).toFixed(2)}%` : formatNumber(variant.mean);
  const cells = comparison ? comparisonCells(comparison, analysis, metric.unit, scale) : '<td class="muted">–</td><td class="num muted">–</td><td></td>';
  return `<tr data-variant="${escapeHtml(variant.variant)}" data-n="${variant.n}">
    <td>${name}</td>${countCell(metric, variant)}
    <td class="num" title="sd ${formatNumber(variant.sd)}">${mean}${metric.unit && metric.kind !== 'proportion' ? ` <span class="muted">${escapeHtml(metric.unit)}</span>` : ''}</td>
    ${cells}</tr>`;
}

function comparisonCells(comparison, analysis, unit, scale) {
  const look = verdictLook(comparison.verdict);
  const informative = comparison.verdict !== 'notEnoughData';
  const lift = (value) => formatLift(value, analysis.differenceType, unit);
  const interval = informative
    ? intervalBar(comparison, { scale, format: lift, tone: look.tone, title: `${lift(comparison.lower)} to ${lift(comparison.upper)} at ${(1 - analysis.alpha) * 100}%` })
    : `<span class="muted">${escapeHtml(comparison.reason ?? 'not enough data')}</span>`;
  const probability = analysis.method === 'bayesian'
    ? `<td class="num" title="risk of choosing control ${formatNumber(comparison.riskControl)}, treatment ${formatNumber(comparison.riskTreatment)}">${formatChance(comparison.chanceToWin)}</td>`
    : `<td class="num" title="unadjusted p ${formatProbability(comparison.pValue)}">${formatProbability(adjustedP(comparison, analysis.correction))}</td>`;
  return `<td class="lift">${interval}</td>${probability}
    <td><span class="verdict tone-${look.tone}" data-verdict="${comparison.verdict}">${look.label}</span></td>`;
}

function adjustedP(comparison, correction) {
  if (correction === 'holm') return comparison.pValueHolm ?? comparison.pValue;
  if (correction === 'benjaminiHochberg') return comparison.pValueBenjaminiHochberg ?? comparison.pValue;
  return comparison.pValue;
}
