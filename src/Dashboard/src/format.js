// Numbers and times as the dashboard prints them.

const counts = new Intl.NumberFormat('en-US');

export function formatCount(n) {
  return n === null || n === undefined ? '–' : counts.format(n);
}

/** Three significant digits, never in exponent notation below a million. */
export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return counts.format(Math.round(value));
  return Number(value.toPrecision(3)).toString();
}

export function formatLift(value, differenceType, unit) {
  if (value === null || value === undefined) return '–';
  const sign = value > 0 ? '+' : '';
  return differenceType === 'relative' ? `${sign}${(value * 100).toFixed(1)}%` : `${sign}${formatNumber(value)}${unit ? ` ${unit}` : ''}`;
}

export function formatProbability(p) {
  if (p === null || p === undefined) return '–';
  if (p < 0.0001) return '< 0.0001';
  return p.toFixed(4);
}

export function formatChance(p) {
  return p === null || p === undefined ? '–' : `${(p * 100).toFixed(1)}%`;
}

export function formatAgo(isoTime, now = Date.now()) {
  if (!isoTime) return 'never';
  const seconds = Math.max(0, (now - Date.parse(isoTime)) / 1000);
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

export function formatSpan(milliseconds) {
  const hours = milliseconds / 3_600_000;
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} d` : hours >= 1 ? `${Number(hours.toFixed(1))} h` : `${Math.round(milliseconds / 60_000)} min`;
}

/** Escapes text for use inside HTML built with template strings. */
export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
