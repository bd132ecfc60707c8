// The server's HTTP API: JSON in and out, the key from this tab's sessionStorage, problems as errors.

const KEY_NAME = 'dnsserver.apiKey';

export function getKey() {
  return sessionStorage.getItem(KEY_NAME) ?? '';
}

export function setKey(value) {
  if (value) sessionStorage.setItem(KEY_NAME, value);
  else sessionStorage.removeItem(KEY_NAME);
}

/** An RFC 9457 problem the API answered: status, title, detail and field errors. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.errors = problem.errors ?? {};
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const key = getKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ProblemError(0, { title: 'Server unreachable', detail: `the server did not answer (${error.message})` });
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.ok) {
    const problem = type.includes('json') ? await response.json().catch(() => ({})) : { detail: await response.text() };
    if (response.status === 401 && !problem.detail) problem.detail = 'the API key is missing or wrong (see data/api-key)';
    throw new ProblemError(response.status, problem);
  }
  if (response.status === 204) return null;
  return type.includes('json') ? response.json() : response.text();
}

export const get = (path) => api('GET', path);

/** A zone or other name as one path segment. */
export function segment(text) {
  return encodeURIComponent(text);
}
