// The header's indicator of the live connection: what state it is in and since when, so a person knows
// whether the numbers on the page are still moving.
const element = () => document.getElementById('connection');

const texts = {
  idle: '',
  connecting: 'Connecting…',
  connected: 'Live',
  reconnected: 'Live again (reconnected)',
};

export function showConnection(state, detail) {
  const indicator = element();
  if (!indicator) return;
  indicator.dataset.state = state;
  const since = new Date().toLocaleTimeString();
  if (state === 'disconnected') {
    const seconds = Math.max(1, Math.round((detail?.retryInMs ?? 0) / 1000));
    indicator.textContent = `Connection lost, retrying in ${seconds} s`;
    indicator.title = `${detail?.error?.message ?? 'disconnected'} (at ${since})`;
  } else {
    indicator.textContent = texts[state] ?? state;
    indicator.title = state === 'idle' ? '' : `since ${since}`;
  }
}
