import { escapeHtml, formatAgo } from './format.js';

/** The alerts raised now, from GET /v1/tests/{test}/alerts, each with its rule's type. */
export function raisedAlerts(overview) {
  const types = new Map((overview?.rules ?? []).map((rule) => [rule.id, rule.type]));
  return (overview?.alerts ?? []).filter((alert) => alert.raised).map((alert) => ({ ...alert, type: types.get(alert.ruleId) }));
}

// A verdict reached is news to act on, not a fault: it gets a calm look; everything else needs someone.
function tone(alert) {
  return alert.type === 'verdict' ? 'decision' : 'trouble';
}

/** The test page's alert box: one line per raised alert, with what happened and since when. */
export function renderAlerts(container, overview) {
  const raised = raisedAlerts(overview);
  container.dataset.raised = String(raised.length);
  if (raised.length === 0) {
    container.replaceChildren();
    return;
  }

  container.innerHTML = `<ul class="alert-list">${raised.map((alert) => `
    <li class="alert alert-${tone(alert)}" data-alert-rule="${escapeHtml(alert.ruleId)}" data-alert-subject="${escapeHtml(alert.subject)}">
      <strong>${tone(alert) === 'decision' ? '✓' : '⚠'} ${escapeHtml(alert.ruleId)}</strong> ${escapeHtml(alert.message)}
      <span class="muted">raised ${formatAgo(alert.changedAt)}</span></li>`).join('')}</ul>`;
}

/** The list page's badges: alerts that need someone (red), and verdicts reached (calm), messages in the title. */
export function alertBadge(overview) {
  const raised = raisedAlerts(overview);
  return ['trouble', 'decision'].map((kind) => {
    const some = raised.filter((alert) => tone(alert) === kind);
    if (some.length === 0) return '';
    const title = escapeHtml(some.map((a) => `${a.ruleId}: ${a.message}`).join('\n'));
    const text = kind === 'trouble' ? `⚠ ${some.length} alert${some.length > 1 ? 's' : ''}` : `✓ ${some.length} verdict${some.length > 1 ? 's' : ''} reached`;
    return `<span class="badge alert-badge alert-${kind}" data-alerts="${some.length}" data-kind="${kind}" title="${title}">${text}</span>`;
  }).join('');
}
