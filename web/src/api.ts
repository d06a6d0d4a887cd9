/** The web app's only way to the server: HTTP calls to /auth and /api. */
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

export class ApiFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ApiFailure(response.status, body.message ?? response.statusText);
  return body as T;
}

export async function login(username: string, password: string): Promise<Tokens> {
  return json<Tokens>(await fetch('/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  }));
}

export async function me(accessToken: string): Promise<Me> {
  return json<Me>(await fetch('/api/me', { headers: { Authorization: `Bearer ${accessToken}` } }));
}
