// The management API, with the secret of this tab's session as X-Management-Key (never in a URL).
const BASE = '/v0/management';
const STORE = 'gateway-management-secret';

export class ApiError extends Error {
  constructor(status, message, param) {
    super(message);
    this.status = status;
    this.param = param || null;
  }
}

export const session = {
  get secret() { return sessionStorage.getItem(STORE); },
  set secret(value) {
    if (value) sessionStorage.setItem(STORE, value); else sessionStorage.removeItem(STORE);
  },
  onSignOut: () => {},
};

export function headers(extra = {}) {
  return { 'X-Management-Key': session.secret || '', ...extra };
}

/** Calls the API; answers {status, body, headers}, or throws an ApiError with the API's message and param. */
export async function request(method, path, body, extraHeaders = {}) {
  const init = { method, headers: headers(extraHeaders), cache: 'no-store' };
  if (body !== undefined) {
    if (typeof body === 'string') {
      init.body = body;
    } else {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let r;
  try {
    r = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, 'the gateway cannot be reached: ' + e.message);
  }
  const type = r.headers.get('Content-Type') || '';
  const payload = r.status === 204 ? null : type.includes('json') ? await r.json().catch(() => null) : await r.text();
  if (!r.ok) {
    const err = payload && payload.error ? payload.error : {};
    if (r.status === 401) session.onSignOut('The management secret was refused; sign in again.');
    throw new ApiError(r.status, err.message || `${r.status} ${r.statusText}`, err.param);
  }
  return { status: r.status, body: payload, headers: r.headers };
}

export const api = {
  get: (path) => request('GET', path).then((r) => r.body),
  post: (path, body) => request('POST', path, body ?? {}).then((r) => r.body),
  put: (path, body) => request('PUT', path, body).then((r) => r.body),
  patch: (path, body) => request('PATCH', path, body).then((r) => r.body),
  del: (path) => request('DELETE', path).then((r) => r.body),
};

/** A path segment, escaped (a key-less entry's id has a '#'). */
export const seg = (s) => encodeURIComponent(s);
