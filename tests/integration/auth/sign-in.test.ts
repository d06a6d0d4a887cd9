import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/sen-server.ts';

const post = (server: TestServer, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

for (const kind of databaseKinds()) {
  describe(`Sign-in (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('a login answers a bearer access token and a refresh token that open the FHIR API', async () => {
      const response = await post(server, '/auth/login', { username: 'admin', password: TEST_PASSWORD });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.token_type, 'Bearer');
      assert.ok(body.expires_in > 0);
      assert.ok(body.refresh_token);
      const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString());
      assert.equal(header.alg, 'ES256');
      const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
      assert.ok(jwks.keys.some((key: any) => key.kid === header.kid && !('d' in key)), 'the signing key is published without its private part');
      const read = await fetch(`${server.fhir}/Patient/x`, { headers: { Authorization: `Bearer ${body.access_token}` } });
      assert.equal(read.status, 404);
    });

    test('a wrong password and an unknown user get the same 401 JSON error', async () => {
      const wrong = await post(server, '/auth/login', { username: 'admin', password: 'nope' });
      const unknown = await post(server, '/auth/login', { username: 'nobody', password: 'nope' });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.deepEqual(await wrong.json(), await unknown.json());
    });

    test('a login without a password is a 400 JSON error', async () => {
      const response = await post(server, '/auth/login', { username: 'admin' });
      assert.equal(response.status, 400);
      assert.equal((await response.json()).error, 'invalid_request');
    });

    test('a refresh token works once; using it again ends the whole sign-in', async () => {
      const login = await (await post(server, '/auth/login', { username: 'admin', password: TEST_PASSWORD })).json();
      const first = await post(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: login.refresh_token });
      assert.equal(first.status, 200);
      const rotated = await first.json();
      assert.notEqual(rotated.refresh_token, login.refresh_token);
      const reuse = await post(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: login.refresh_token });
      assert.equal(reuse.status, 400);
      assert.equal((await reuse.json()).error, 'invalid_grant');
      const afterReuse = await post(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: rotated.refresh_token });
      assert.equal(afterReuse.status, 400, 'the newer token of the same family is revoked too');
    });

    test('logout revokes the refresh token', async () => {
      const login = await (await post(server, '/auth/login', { username: 'admin', password: TEST_PASSWORD })).json();
      assert.equal((await post(server, '/auth/logout', { refresh_token: login.refresh_token })).status, 204);
      const refresh = await post(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: login.refresh_token });
      assert.equal(refresh.status, 400);
    });

    test('a tampered or unsigned token is refused', async () => {
      const [header, payload, signature] = server.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'system-admin', sub: 'someone-else' })).toString('base64url');
      const tampered = await fetch(`${server.fhir}/Patient/x`, { headers: { Authorization: `Bearer ${header}.${forged}.${signature}` } });
      assert.equal(tampered.status, 401);
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const unsigned = await fetch(`${server.fhir}/Patient/x`, { headers: { Authorization: `Bearer ${none}.${payload}.` } });
      assert.equal(unsigned.status, 401);
    });

    test('/healthz and /readyz answer without a token', async () => {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal((await ready.json()).status, 'ready');
    });

    test('the API needs a token and answers JSON errors', async () => {
      const response = await fetch(`${server.url}/api/me`);
      assert.equal(response.status, 401);
      assert.equal((await response.json()).error, 'unauthorized');
      const me = await server.request('/api/me');
      assert.equal((await me.json()).role, 'system-admin');
    });
  });
}
