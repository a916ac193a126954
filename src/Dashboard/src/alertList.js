import { escapeHtml, formatAgo } from './format.js';

/** The alerts raised now, from GET /v1/tests/{test}/alerts. */
export function raisedAlerts(overview) {
  return (overview?.alerts ?? []).filter((alert) => alert.raised);
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
    <li class="alert" data-alert-rule="${escapeHtml(alert.ruleId)}" data-alert-subject="${escapeHtml(alert.subject)}">
      <strong>⚠ ${escapeHtml(alert.ruleId)}</strong> ${escapeHtml(alert.message)}
      <span class="muted">raised ${formatAgo(alert.changedAt)}</span></li>`).join('')}</ul>`;
}

/** The list page's badge: how many alerts are raised, their messages in the title. */
export function alertBadge(overview) {
  const raised = raisedAlerts(overview);
  if (raised.length === 0) return '';
  const title = raised.map((a) => `${a.ruleId}: ${a.message}`).join('\n');
  return `<span class="badge alert-badge" data-alerts="${raised.length}" title="${escapeHtml(title)}">⚠ ${raised.length} alert${raised.length > 1 ? 's' : ''}</span>`;
}
