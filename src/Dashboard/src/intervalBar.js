import { escapeHtml } from './format.js';

/** One symmetric scale around 0 for a set of intervals, so they can be compared by eye: value -> percent across. */
export function intervalScale(intervals) {
  const reach = Math.max(1e-12, ...intervals.flatMap((i) => [Math.abs(i.lower), Math.abs(i.upper)]).filter(Number.isFinite)) * 1.15;
  return (value) => Math.min(100, Math.max(0, 50 + (50 * value) / reach));
}

/**
 * An estimate drawn as a point inside its interval on a track with 0 marked, and written out beside it;
 * format prints one value, tone colours it (good, bad, neutral, info), title says the level.
 */
export function intervalBar({ lift, lower, upper }, { scale, format, tone, title }) {
  return `<div class="interval tone-${tone}" title="${escapeHtml(title)}">
      <span class="interval-track"><span class="interval-zero" style="left:${scale(0)}%"></span>
        <span class="interval-range" style="left:${scale(lower)}%;width:${Math.max(0.5, scale(upper) - scale(lower))}%"></span>
        <span class="interval-point" style="left:${scale(lift)}%"></span></span>
      <span class="interval-text">${format(lift)} <span class="muted">[${format(lower)}, ${format(upper)}]</span></span>
    </div>`;
}
