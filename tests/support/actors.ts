// Users and machine clients for security tests: created in given facilities and signed in over HTTP.
import type { Role } from '../../server/auth/roles.ts';
import { bearerFetch, TEST_PASSWORD, type RequestInitWithJson, type TestServer } from './sen-server.ts';

/** Someone signed in: their tokens, and fetch with their bearer token and FHIR JSON headers. */
export interface Actor {
  username: string;
  token: string;
  refreshToken?: string;
  request(path: string, init?: RequestInitWithJson): Promise<Response>;
}

export async function postJson(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Signs in over /auth/login (optionally asking for narrower scopes); throws unless it works. */
export async function signIn(server: TestServer, username: string, options: { password?: string; scope?: string } = {}): Promise<Actor> {
  const response = await postJson(server, '/auth/login', { username, password: options.password ?? TEST_PASSWORD, ...(options.scope ? { scope: options.scope } : {}) });
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return { username, token: body.access_token, refreshToken: body.refresh_token, request: bearerFetch(server.url, body.access_token) };
}

/** Creates a user account (password TEST_PASSWORD) with the role, in the facility (an Organization id), and signs it in. */
export async function userIn(server: TestServer, username: string, role: Role, facilityId: string | null): Promise<Actor> {
  await server.sen.context.users.create({ username, password: TEST_PASSWORD, displayName: username, role, facilityId });
  return signIn(server, username);
}

/** Registers a machine client allowed `scope` (for user/ scopes, acting for `facilityId`). */
export async function createClient(server: TestServer, clientId: string, scope: string, facilityId: string | null = null): Promise<{ clientId: string; secret: string }> {
  const { secret } = await server.sen.context.clients.create({ clientId, displayName: clientId, scope, facilityId });
  return { clientId, secret };
}

/** The client_credentials grant with HTTP Basic authentication, as RFC 6749 recommends. */
export async function clientToken(server: TestServer, client: { clientId: string; secret: string }, scope?: string): Promise<Response> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  return fetch(`${server.url}/auth/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
    },
    body,
  });
}

export async function clientActor(server: TestServer, client: { clientId: string; secret: string }, scope?: string): Promise<Actor> {
  const response = await clientToken(server, client, scope);
  if (response.status !== 200) throw new Error(`client_credentials for ${client.clientId} failed: ${response.status} ${await response.text()}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  return { username: client.clientId, token, request: bearerFetch(server.url, token) };
}

/** The audit trail as stored, after everything queued so far was written. */
export async function auditEvents(server: TestServer): Promise<Record<string, any>[]> {
  await server.sen.context.audit.flush();
  const rows = await server.sen.context.database.prisma.$queryRaw<{ content: string }[]>`SELECT content FROM audit_event ORDER BY seq`;
  return rows.map((row) => JSON.parse(row.content));
}
