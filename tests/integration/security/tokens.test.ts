import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/sen-server.ts';
import { bearerFetch } from '../../support/sen-server.ts';
import { clientActor, clientToken, createClient, postJson, signIn, userIn } from '../../support/actors.ts';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const kind of databaseKinds()) {
  describe(`Access tokens, refresh tokens, clients and scopes (${kind})`, () => {
    let server: TestServer;
    const read = (token: string) => bearerFetch(server.url, token)('/fhir/R4/Patient/x');
    const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());

    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test('a request without a token, or with a malformed one, is refused with 401', async () => {
      const none = await fetch(`${server.fhir}/Patient/x`);
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await read('not-a-jwt')).status, 401);
      assert.equal((await bearerFetch(server.url, '')('/fhir/R4/Patient/x')).status, 401);
    });

    test('an expired token is refused', async () => {
      const key = server.sen.context.keys.current();
      const claims = { ...claimsOf(server.token), exp: Math.floor(Date.now() / 1000) - 60, iat: Math.floor(Date.now() / 1000) - 1000 };
      const expired = jwt.sign(claims, key.privatePem, { algorithm: 'ES256', keyid: key.kid });
      const response = await read(expired);
      assert.equal(response.status, 401);
      assert.match((await response.json()).issue[0].diagnostics, /expired/);
    });

    test('a tampered token, alg none and HS256 keyed with the public key are refused', async () => {
      const [header, payload, signature] = server.token.split('.');
      const forged = b64({ ...claimsOf(server.token), role: 'system-admin', sub: 'someone-else' });
      assert.equal((await read(`${header}.${forged}.${signature}`)).status, 401);
      const none = b64({ alg: 'none', typ: 'JWT', kid: headerOf(server.token).kid });
      assert.equal((await read(`${none}.${payload}.`)).status, 401);
      const publicPem = server.sen.context.keys.current().publicPem;
      const hmac = jwt.sign(claimsOf(server.token), publicPem, { algorithm: 'HS256', keyid: headerOf(server.token).kid, noTimestamp: true });
      assert.equal((await read(hmac)).status, 401);
    });

    test('a token signed by another key is refused, under Sen\'s key id or its own', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const claims = claimsOf(server.token);
      for (const kid of [headerOf(server.token).kid, 'attacker-key']) {
        const foreign = jwt.sign(claims, pem, { algorithm: 'ES256', keyid: kid, noTimestamp: true });
        assert.equal((await read(foreign)).status, 401, kid);
      }
    });

    test('a reused refresh token is refused and ends the whole sign-in', async () => {
      const first = await signIn(server, 'admin');
      const rotated = await postJson(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: first.refreshToken });
      assert.equal(rotated.status, 200);
      const next = await rotated.json();
      assert.equal(next.scope, 'user/*.*');
      const reuse = await postJson(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: first.refreshToken });
      assert.equal(reuse.status, 400);
      assert.equal((await reuse.json()).error, 'invalid_grant');
      assert.equal((await postJson(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: next.refresh_token })).status, 400);
    });

    test('scopes narrow a sign-in and survive its refresh; they never widen the role', async () => {
      await userIn(server, 'tiepdon.scope', 'receptionist', 'facility-s');
      const narrow = await signIn(server, 'tiepdon.scope', { scope: 'user/Patient.read' });
      assert.equal(claimsOf(narrow.token).scope, 'user/Patient.read');
      assert.equal((await narrow.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient', gender: 'male' } })).status, 403);
      const refreshed = await (await postJson(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: narrow.refreshToken })).json();
      assert.equal(refreshed.scope, 'user/Patient.read');
      const wide = await signIn(server, 'tiepdon.scope', { scope: 'user/*.*' });
      assert.equal((await wide.request('/fhir/R4/Observation/x')).status, 403, 'user/*.* does not let a receptionist read observations');
      const bad = await postJson(server, '/auth/login', { username: 'tiepdon.scope', password: TEST_PASSWORD, scope: 'system/*.read' });
      assert.equal(bad.status, 400);
      assert.equal((await bad.json()).error, 'invalid_scope');
      const patientScope = await postJson(server, '/auth/login', { username: 'tiepdon.scope', password: TEST_PASSWORD, scope: 'patient/*.read' });
      assert.equal(patientScope.status, 400);
    });

    test('client_credentials: a wrong secret, an unknown client and scopes beyond the allowed ones are refused', async () => {
      const client = await createClient(server, 'benh-vien-tinh', 'system/Patient.read system/Observation.rs');
      assert.equal((await clientToken(server, { ...client, secret: 'wrong' })).status, 401);
      assert.equal((await clientToken(server, { clientId: 'khong-co', secret: client.secret })).status, 401);
      const tooWide = await clientToken(server, client, 'system/*.read');
      assert.equal(tooWide.status, 400);
      assert.equal((await tooWide.json()).error, 'invalid_scope');
      const granted = await clientToken(server, client, 'system/Observation.rs');
      assert.equal(granted.status, 200);
      const body = await granted.json();
      assert.equal(body.refresh_token, undefined, 'machine clients get no refresh token');
      assert.equal(claimsOf(body.access_token).role, 'machine');
      const actor = await clientActor(server, client);
      assert.equal((await actor.request('/fhir/R4/Patient/x')).status, 404, 'the token opens the API');
      assert.equal((await actor.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient' } })).status, 403);
    });

    test('logout revokes the refresh token', async () => {
      const session = await signIn(server, 'admin');
      assert.equal((await postJson(server, '/auth/logout', { refresh_token: session.refreshToken })).status, 204);
      assert.equal((await postJson(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: session.refreshToken })).status, 400);
    });

    test('rotated keys: new tokens use the new key, old tokens verify until their key is retired', async () => {
      const before = await signIn(server, 'admin');
      const oldKid = headerOf(before.token).kid;
      const keys = server.sen.context.keys;
      const fresh = await keys.rotate();
      const after = await signIn(server, 'admin');
      assert.equal(headerOf(after.token).kid, fresh.kid);
      const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
      assert.deepEqual(jwks.keys.map((key: any) => key.kid).sort(), [fresh.kid, oldKid].sort());
      assert.equal((await before.request('/fhir/R4/Patient/x')).status, 404);
      assert.deepEqual(await keys.retireSuperseded(3600), [], 'a key that signed minutes ago is kept');
      assert.ok(await keys.retire(oldKid));
      assert.equal((await before.request('/fhir/R4/Patient/x')).status, 401);
      assert.equal((await after.request('/fhir/R4/Patient/x')).status, 404);
    });
  });
}
