import { formatCount, formatProbability } from './format.js';
import { variantLabel } from './timeChart.js';

/** The sample-ratio warning: when counts per variant are off the expected split, every lift is suspect. */
export function renderSampleRatio(container, sampleRatio) {
  if (!sampleRatio?.mismatch) {
    container.replaceChildren();
    return;
  }

  const observed = Object.entries(sampleRatio.observed).map(([v, n]) => `${variantLabel(v)} ${formatCount(n)}`).join(', ');
  const badge = document.createElement('p');
  badge.className = 'srm-warning';
  badge.dataset.srm = 'mismatch';
  badge.textContent = `⚠ Sample ratio mismatch (p = ${formatProbability(sampleRatio.pValue)}; ${observed}): assignment or logging looks broken, so the lifts below are suspect.`;
  container.replaceChildren(badge);
}
