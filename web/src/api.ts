// The web app's only way to the server: HTTP to /auth (sign-in, token refresh), /fhir/R4 (FHIR REST with the bearer
// token) and /api (the desk's JSON API). Tokens: the access token lives in memory; the refresh token in
// sessionStorage, so that a reload keeps the sign-in but closing the tab ends it. The access token is refreshed
// shortly before it expires, and once more after a 401; refreshes are never run twice at once (the server rotates
// refresh tokens and treats a reused one as theft, ending the sign-in).

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface Me {
  username: string;
  displayName: string;
  role: string;
  facilityId: string | null;
}

export interface Session {
  user: Me;
  facilityName?: string;
}

export class ApiFailure extends Error {
  constructor(readonly status: number, message: string, readonly body: Record<string, unknown> = {}) {
    super(message);
  }
}

const REFRESH_KEY = 'sen.refresh';
const EARLY_REFRESH_MS = 60_000;

let accessToken: string | undefined;
let accessExpiresAt = 0;
/** Refresh this long before expiry: a minute, or a fifth of short lifetimes. */
let earlyRefreshMs = EARLY_REFRESH_MS;
let refreshing: Promise<boolean> | undefined;
let session: Session | undefined;
let endedReason: 'expired' | undefined;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentSession(): Session | undefined {
  return session;
}

export function sessionEndedReason(): 'expired' | undefined {
  return endedReason;
}

async function readJson<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const message = typeof body.message === 'string' ? body.message
      : Array.isArray(body.issue) ? String((body.issue[0] as { diagnostics?: string })?.diagnostics ?? response.statusText) : response.statusText;
    throw new ApiFailure(response.status, message, body);
  }
  return body as T;
}

function storeTokens(tokens: Tokens): void {
  accessToken = tokens.access_token;
  accessExpiresAt = Date.now() + tokens.expires_in * 1000;
  earlyRefreshMs = Math.min(EARLY_REFRESH_MS, tokens.expires_in * 200);
  try {
    sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  } catch {
    // Storage refused: the sign-in lasts as long as the page.
  }
}

function storedRefreshToken(): string | undefined {
  try {
    return sessionStorage.getItem(REFRESH_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function clearTokens(): void {
  accessToken = undefined;
  accessExpiresAt = 0;
  try {
    sessionStorage.removeItem(REFRESH_KEY);
  } catch {
    // nothing stored
  }
}

async function refreshNow(): Promise<boolean> {
  const refreshToken = storedRefreshToken();
  if (!refreshToken) return false;
  try {
    const response = await fetch('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    if (!response.ok) {
      if (response.status === 400 || response.status === 401) clearTokens();
      return false;
    }
    storeTokens((await response.json()) as Tokens);
    return true;
  } catch {
    return false;
  }
}

function refreshOnce(): Promise<boolean> {
  refreshing ??= refreshNow().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function validAccessToken(): Promise<string | undefined> {
  if (accessToken && Date.now() < accessExpiresAt - earlyRefreshMs) return accessToken;
  if (await refreshOnce()) return accessToken;
  return accessToken && Date.now() < accessExpiresAt ? accessToken : undefined;
}

function endSession(reason?: 'expired'): void {
  clearTokens();
  session = undefined;
  endedReason = reason;
  notify();
}

/** fetch with the bearer token, refreshing it when needed; a sign-in that cannot be renewed ends the session. */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (token: string | undefined) =>
    fetch(path, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  let response = await send(await validAccessToken());
  if (response.status === 401 && (await refreshOnce())) response = await send(accessToken);
  if (response.status === 401) endSession('expired');
  return response;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  // FHIR reads carry Last-Modified and no Cache-Control, which lets the browser reuse a read for a while without
  // asking: a visit reloaded just after closing it came back still open. Every read is checked with the server.
  return readJson<T>(await authFetch(path, { signal, cache: 'no-cache', headers: { Accept: 'application/json, application/fhir+json' } }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return readJson<T>(await authFetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }));
}

/** PUT or DELETE, with a JSON body or none; an answer without a body (204) reads as {}. */
export async function sendJson<T>(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  return readJson<T>(await authFetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
}

async function loadSession(): Promise<Session> {
  const user = await getJson<Me>('/api/me');
  let facilityName: string | undefined;
  if (user.facilityId) {
    facilityName = await getJson<{ name?: string }>(`/fhir/R4/Organization/${encodeURIComponent(user.facilityId)}`)
      .then((organization) => organization.name, () => undefined);
  }
  return { user, facilityName };
}

export async function signIn(username: string, password: string): Promise<Session> {
  const response = await fetch('/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  storeTokens(await readJson<Tokens>(response));
  session = await loadSession();
  endedReason = undefined;
  notify();
  return session;
}

/** After a reload: signs in again with the stored refresh token, if there is one. */
export async function resumeSession(): Promise<Session | undefined> {
  if (!storedRefreshToken()) return undefined;
  if (!(await refreshOnce())) return undefined;
  try {
    session = await loadSession();
    notify();
    return session;
  } catch {
    return undefined;
  }
}

export async function signOut(): Promise<void> {
  const refreshToken = storedRefreshToken();
  endSession();
  if (refreshToken) {
    await fetch('/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: refreshToken }) }).catch(() => undefined);
  }
}
