import { askForApiKey } from './apiKeyPrompt.js';

// Every request of the dashboard goes through here, so the API key (when the gateway requires one) is
// added in one place. The key stays in this browser only.
const apiKeyStorage = 'tsm.apiKey';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** fetch() with the stored X-Api-Key; on 401/403 asks for a key once and retries with it. */
export async function apiFetch(path, init = {}) {
  for (;;) {
    const headers = new Headers(init.headers);
    const key = localStorage.getItem(apiKeyStorage);
    if (key) headers.set('X-Api-Key', key);
    const response = await fetch(path, { ...init, headers });
    if (response.status !== 401 && response.status !== 403) return response;

    const entered = await askForApiKey(response.status === 403 ? 'The stored API key was refused.' : 'This gateway needs an API key.');
    if (!entered) return response;
    localStorage.setItem(apiKeyStorage, entered);
  }
}

/** GET a JSON document; a failed request throws an ApiError carrying the problem's detail. */
export async function getJson(path, signal) {
  const response = await apiFetch(path, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, await describeProblem(response));
  return response.json();
}

async function describeProblem(response) {
  try {
    const problem = await response.json();
    const fields = problem.errors ? Object.entries(problem.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`) : [];
    return [problem.title, problem.detail, ...fields].filter(Boolean).join(' ');
  } catch {
    return `HTTP ${response.status}`;
  }
}
