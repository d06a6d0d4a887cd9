import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../support/sen-server.ts';
import { auditEvents, postJson, signIn, userIn, type Actor } from '../../support/actors.ts';
import { verifyAuditChain } from '../../../server/audit/verify-chain.ts';

const FACILITY_A = 'trung-tam-a';
const FACILITY_B = 'tram-b';

const subtypeCodes = (event: any): string[] => event.subtype.map((coding: any) => coding.code);
const references = (event: any): string[] => (event.entity ?? []).map((entity: any) => entity.what?.reference).filter(Boolean);

for (const kind of databaseKinds()) {
  describe(`Audit trail (${kind})`, () => {
    let server: TestServer;
    let doctor: Actor;
    let adminA: Actor;
    let adminB: Actor;
    let patientId: string;
    const sql = () => server.sen.context.database.prisma;

    before(async () => {
      server = await startTestServer(kind);
      doctor = await userIn(server, 'bacsi.audit', 'doctor', FACILITY_A);
      adminA = await userIn(server, 'quantri.a', 'facility-admin', FACILITY_A);
      adminB = await userIn(server, 'quantri.b', 'facility-admin', FACILITY_B);
    });
    after(() => server.close());

    test('every FHIR interaction leaves an AuditEvent naming who, what, which patient, from where and how it ended', async () => {
      const created = await (await doctor.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient', gender: 'male' } })).json();
      patientId = created.id;
      const observation = await (await doctor.request('/fhir/R4/Observation', {
        method: 'POST', json: { resourceType: 'Observation', status: 'final', code: { text: 'Nhiệt độ' }, subject: { reference: `Patient/${patientId}` } },
      })).json();
      await doctor.request(`/fhir/R4/Patient/${patientId}`);
      await doctor.request(`/fhir/R4/Patient/${patientId}/_history/1`);
      await doctor.request(`/fhir/R4/Patient/${patientId}`, { method: 'PUT', json: { ...created, gender: 'female' } });
      await doctor.request(`/fhir/R4/Patient/${patientId}`, {
        method: 'PATCH', headers: { 'Content-Type': 'application/json-patch+json' }, body: JSON.stringify([{ op: 'add', path: '/active', value: true }]),
      });
      await doctor.request(`/fhir/R4/Patient/${patientId}/_history`);
      await doctor.request('/fhir/R4/Observation/_history?_count=5');
      await doctor.request('/fhir/R4/_history');
      await doctor.request(`/fhir/R4/Observation?subject=Patient/${patientId}`);
      await doctor.request(`/fhir/R4/Observation/${observation.id}`, { method: 'DELETE' });
      await doctor.request('/fhir/R4/Observation/khong-co');
      await doctor.request('/api/me');

      const mine = (await auditEvents(server)).filter((event) => event.agent[0].who.identifier?.value === 'bacsi.audit' && event.type.code === 'rest');
      const find = (code: string) => mine.filter((event) => subtypeCodes(event).includes(code));
      for (const code of ['create', 'read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'history-system', 'search-type']) {
        assert.ok(find(code).length > 0, `an entry for ${code}`);
      }
      const read = find('read').find((event) => references(event).includes(`Patient/${patientId}`) && event.outcome === '0')!;
      assert.equal(read.action, 'R');
      assert.equal(read.agent[0].requestor, true);
      assert.match(read.agent[0].network.address, /127\.0\.0\.1/);
      assert.equal(read.source.site, `Organization/${FACILITY_A}`);
      assert.ok(Date.parse(read.recorded) <= Date.now());
      const deleted = find('delete')[0];
      assert.equal(deleted.action, 'D');
      assert.ok(references(deleted).includes(`Patient/${patientId}`), 'a deleted observation names its patient');
      const typeHistory = find('history-type')[0];
      assert.ok(references(typeHistory).includes(`Patient/${patientId}`), 'a history names the patients it showed');
      assert.equal(Buffer.from(typeHistory.entity.find((entity: any) => entity.query).query, 'base64').toString(), '_count=5');
      const search = find('search-type')[0];
      assert.ok(references(search).includes(`Patient/${patientId}`), 'a search names the patients whose records it showed');
      assert.ok(references(search).includes(`Observation/${observation.id}`));
      const api = find('api')[0];
      assert.ok(api, 'calls to the JSON API are audited too');
      assert.equal(Buffer.from(api.entity.find((entity: any) => entity.query).query, 'base64').toString(), 'GET /api/me');
      const missing = find('read').find((event) => event.outcome === '4');
      assert.ok(missing, 'a failed read is audited as a failure');
      assert.equal(missing.outcomeDesc, 'HTTP 404');
    });

    test('sign-ins, refused sign-ins, refreshes, reuse and logouts are audited without the password', async () => {
      const session = await signIn(server, 'bacsi.audit');
      await postJson(server, '/auth/login', { username: 'bacsi.audit', password: 'Sai-Mat-Khau-1' });
      await postJson(server, '/auth/login', { username: 'khong.co.ai', password: TEST_PASSWORD });
      await postJson(server, '/auth/login', { username: 'Mật khẩu gõ nhầm ô!', password: 'x' });
      const refreshed = await (await postJson(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: session.refreshToken })).json();
      await postJson(server, '/auth/token', { grant_type: 'refresh_token', refresh_token: session.refreshToken });
      await postJson(server, '/auth/logout', { refresh_token: refreshed.refresh_token });
      const events = (await auditEvents(server)).filter((event) => event.type.code === '110114');
      const step = (code: string, outcome: string) => events.filter((event) => subtypeCodes(event).includes(code) && event.outcome === outcome);
      assert.ok(step('login', '0').some((event) => event.agent[0].altId && event.agent[0].who.identifier.value === 'bacsi.audit'));
      const failed = step('login', '4').map((event) => event.agent[0].who.identifier?.value ?? event.agent[0].who.display);
      assert.ok(failed.includes('bacsi.audit') && failed.includes('khong.co.ai'));
      assert.ok(failed.includes('unidentified'), 'something that is not a username (a password typed in the wrong box) is not recorded');
      assert.ok(step('token-refresh', '0').length > 0);
      assert.ok(step('refresh-token-reuse', '8').length > 0);
      assert.ok(step('logout', '0').length > 0);
      const text = JSON.stringify(events);
      assert.ok(!text.includes(TEST_PASSWORD) && !text.includes('Sai-Mat-Khau-1') && !text.includes('Mật khẩu'));
    });

    test('a facility administrator finds who looked at their patient; another facility\'s administrator does not', async () => {
      const since = new Date(Date.now() - 3_600_000).toISOString();
      await server.sen.context.audit.flush();
      const bundle = await (await adminA.request(`/fhir/R4/AuditEvent?patient=Patient/${patientId}&date=ge${encodeURIComponent(since)}`)).json();
      assert.equal(bundle.type, 'searchset');
      const users = new Set(bundle.entry.map((entry: any) => entry.resource.agent[0].who.identifier?.value));
      assert.ok(users.has('bacsi.audit'));
      assert.ok(bundle.entry.every((entry: any) => references(entry.resource).includes(`Patient/${patientId}`)));
      const paged = await (await adminA.request(`/fhir/R4/AuditEvent?patient=${patientId}&_count=2`)).json();
      assert.equal(paged.entry.length, 2);
      const next = paged.link.find((link: any) => link.relation === 'next');
      assert.ok(next);
      const second = await (await adminA.request(next.url)).json();
      assert.notEqual(second.entry[0].resource.id, paged.entry[0].resource.id);
      const one = await adminA.request(`/fhir/R4/AuditEvent/${paged.entry[0].resource.id}`);
      assert.equal(one.status, 200);
      const other = await (await adminB.request(`/fhir/R4/AuditEvent?patient=Patient/${patientId}`)).json();
      assert.equal(other.entry, undefined);
      assert.equal((await adminB.request(`/fhir/R4/AuditEvent/${paged.entry[0].resource.id}`)).status, 404);
      assert.equal((await server.request(`/fhir/R4/AuditEvent?patient=${patientId}&_count=1`)).status, 200);
      for (const bad of ['date=yesterday', 'patient=Patient/a%20b', 'agent=x', '_cursor=abc', "patient=x'%20OR%201=1--"]) {
        assert.equal((await adminA.request(`/fhir/R4/AuditEvent?${bad}`)).status, 400, bad);
      }
    });

    test('the audit table refuses UPDATE, DELETE and TRUNCATE, even for the database owner', async () => {
      await server.sen.context.audit.flush();
      await assert.rejects(sql().$executeRawUnsafe(`UPDATE audit_event SET content = '{}' WHERE seq = 1`), /append-only/);
      await assert.rejects(sql().$executeRawUnsafe('DELETE FROM audit_event WHERE seq = 1'), /append-only/);
      await assert.rejects(sql().$executeRawUnsafe('TRUNCATE audit_event'), /append-only/);
    });

    test('verification detects an altered, a deleted and an inserted entry', async () => {
      await server.sen.context.audit.flush();
      const intact = await verifyAuditChain(sql());
      assert.deepEqual(intact.problems, []);
      assert.ok(intact.entries > 20);
      // Someone with the power to switch the trigger off (a superuser) tampers; the chain tells.
      await sql().$executeRawUnsafe('ALTER TABLE audit_event DISABLE TRIGGER USER');
      try {
        const [victim] = await sql().$queryRawUnsafe<{ content: string }[]>('SELECT content FROM audit_event WHERE seq = 5');
        await sql().$executeRawUnsafe(`UPDATE audit_event SET content = replace(content, '"outcome":"0"', '"outcome":"4"') WHERE seq = 5`);
        assert.match((await verifyAuditChain(sql())).problems.join('\n'), /entry 5 .* was altered/);
        await sql().$executeRaw`UPDATE audit_event SET content = ${victim.content} WHERE seq = 5`;
        assert.deepEqual((await verifyAuditChain(sql())).problems, []);

        const [{ patient_ids: patients }] = await sql().$queryRawUnsafe<{ patient_ids: string[] }[]>('SELECT patient_ids FROM audit_event WHERE seq = 6');
        await sql().$executeRawUnsafe(`UPDATE audit_event SET patient_ids = '{"someone-else"}' WHERE seq = 6`);
        assert.match((await verifyAuditChain(sql())).problems.join('\n'), /entry 6 .* was altered/, 'moving an entry to another patient is tampering too');
        await sql().$executeRaw`UPDATE audit_event SET patient_ids = ${patients}::text[] WHERE seq = 6`;

        const rows = await sql().$queryRawUnsafe<any[]>('SELECT * FROM audit_event WHERE seq = 7');
        await sql().$executeRawUnsafe('DELETE FROM audit_event WHERE seq = 7');
        assert.match((await verifyAuditChain(sql())).problems.join('\n'), /entries 7–7 are missing/);
        const row = rows[0];
        await sql().$executeRaw`INSERT INTO audit_event (seq, id, recorded, facility_id, agent_id, patient_ids, content, prev_hash, hash)
          VALUES (${row.seq}, ${row.id}, ${row.recorded}, ${row.facility_id}, ${row.agent_id}, ${row.patient_ids}::text[], ${row.content}, ${row.prev_hash}, ${row.hash})`;
        const restored = await verifyAuditChain(sql());
        assert.deepEqual(restored.problems, []);

        const head = restored.head!;
        await sql().$executeRaw`INSERT INTO audit_event (seq, id, recorded, content, prev_hash, hash)
          VALUES (${head.seq + 1n}, 'forged', now(), '{}', ${'f'.repeat(64)}, ${'f'.repeat(64)})`;
        const forged = (await verifyAuditChain(sql())).problems.join('\n');
        assert.match(forged, /does not follow/);
        assert.match(forged, /was altered/);
        await sql().$executeRawUnsafe(`DELETE FROM audit_event WHERE id = 'forged'`);
        await sql().$executeRawUnsafe(`DELETE FROM audit_event WHERE seq = ${head.seq}`);
        assert.match((await verifyAuditChain(sql(), head)).problems.join('\n'), /recorded head, is gone/, 'a cut tail shows against a recorded head');
      } finally {
        await sql().$executeRawUnsafe('ALTER TABLE audit_event ENABLE TRIGGER USER');
      }
    });

    if (kind === 'postgresql') {
      test('npm run audit:verify exits 0 on an intact trail and 1 on a tampered one', async () => {
        const server2 = await startTestServer(kind);
        try {
          await signIn(server2, 'admin');
          await server2.sen.context.audit.flush();
          const env = { ...process.env, DATABASE_URL: server2.sen.context.config.databaseUrl! };
          const ok = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], { env, encoding: 'utf8' });
          assert.equal(ok.status, 0, ok.stderr);
          assert.match(ok.stdout, /intact/);
          const db = server2.sen.context.database.prisma;
          await db.$executeRawUnsafe('ALTER TABLE audit_event DISABLE TRIGGER USER');
          await db.$executeRawUnsafe(`UPDATE audit_event SET content = content || ' ' WHERE seq = 1`);
          const bad = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], { env, encoding: 'utf8' });
          assert.equal(bad.status, 1);
          assert.match(bad.stderr, /entry 1 .* was altered/);
        } finally {
          await server2.close();
        }
      });
    }
  });
}
