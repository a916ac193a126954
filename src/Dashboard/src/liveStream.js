import { apiFetch } from './api.js';
import { SseParser } from './sseParser.js';

// The gateway sends a keep-alive comment every 15 s when nothing else happens: a connection quiet for
// longer than this is dead even if no error reached us (a sleeping laptop, a dropped NAT entry).
const silenceLimitMs = 40_000;
const firstRetryMs = 500;
const longestRetryMs = 10_000;

/**
 * Reads a Server-Sent Events endpoint with fetch() (not EventSource, which cannot send the X-Api-Key
 * header) and keeps it open: after an error it reconnects with exponential backoff. onStatus gets
 * 'connecting', 'connected', 'disconnected' (with the delay before the next try) and 'reconnected'.
 */
export function openLiveStream(path, { onEvent, onStatus }) {
  let closed = false;
  let controller = null;
  let wake = null;
  let lastActivity = Date.now();
  const watchdog = setInterval(() => {
    if (controller && Date.now() - lastActivity > silenceLimitMs) controller.abort(new Error('no data or keep-alive for 40 s'));
  }, 5_000);

  async function run() {
    let failures = 0;
    let everConnected = false;
    while (!closed) {
      controller = new AbortController();
      try {
        if (!everConnected) onStatus('connecting');
        const response = await apiFetch(path, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
        if (!response.ok) throw new Error(`the gateway answered ${response.status}`);
        lastActivity = Date.now();
        onStatus(everConnected ? 'reconnected' : 'connected');
        everConnected = true;
        failures = 0;
        await readEvents(response.body);
        throw new Error('the gateway ended the stream');
      } catch (error) {
        if (closed) return;
        const delay = Math.min(longestRetryMs, firstRetryMs * 2 ** failures++) * (0.8 + 0.4 * Math.random());
        onStatus('disconnected', { error, retryInMs: delay });
        await new Promise((resolve) => {
          wake = resolve;
          setTimeout(resolve, delay);
        });
      }
    }
  }

  async function readEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      lastActivity = Date.now();
      for (const event of parser.push(value)) onEvent(event);
    }
  }

  run();
  return {
    close() {
      closed = true;
      clearInterval(watchdog);
      controller?.abort();
      wake?.();
    },
  };
}
