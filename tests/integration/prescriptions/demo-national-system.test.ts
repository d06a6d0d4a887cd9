import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Condition } from '@medplum/fhirtypes';
import { loadConfig } from '../../../server/config.ts';
import { startSen } from '../../../server/start.ts';
import { DEMO_PASSWORD } from '../../../server/seed/demo.ts';
import { ICD10_SYSTEM } from '../../../fhir/terminology/code-systems.ts';
import { bearerFetch } from '../../support/sen-server.ts';
import { createTestDatabase, databaseKinds } from '../../support/test-database.ts';

for (const kind of databaseKinds()) {
  describe(`The demo prescribes end to end (${kind})`, () => {
    test('the demo doctors of two stations find drugs in the starter catalogue, sign, and the local national simulator accepts both', async () => {
      const database = await createTestDatabase(kind);
      const sen = await startSen(loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '1', SEN_SERVE_WEB: '0', SEN_OUTBOX_POLL_MS: '100', ...database.env }));
      try {
        // Each station signs in to the national system under its own link code (its Organization's).
        for (const username of ['bacsi.xa1', 'bacsi.xa2']) {
          const national = await signAsDemoDoctor(sen.url, username);
          assert.equal(national.status, 'delivered', `${username}: ${JSON.stringify(national)}`);
        }
      } finally {
        await sen.close();
        await database.drop();
      }
    });
  });
}

/** Signs a paracetamol prescription for one of the doctor's patients; the national-system status once settled. */
async function signAsDemoDoctor(url: string, username: string): Promise<{ status: string; lastError?: string }> {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const doctor = bearerFetch(url, ((await login.json()) as { access_token: string }).access_token);
  const conditions = (await (await doctor('/fhir/R4/Condition?_count=50')).json()) as Bundle<Condition>;
  const condition = conditions.entry!.map((entry) => entry.resource!).find((item) => item.code?.coding?.some((coding) => coding.system === ICD10_SYSTEM))!;
  const drugs = (await (await doctor('/api/prescriptions/catalogue?q=paracetamol%20500')).json()) as { drugs: { medicationId: string }[] };
  const body = {
    patientId: condition.subject!.reference!.replace('Patient/', ''),
    conditionIds: [condition.id],
    lines: [{ medicationId: drugs.drugs[0].medicationId, dosage: { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 3 } }],
  };
  const json = { 'Content-Type': 'application/json' };
  const checked = (await (await doctor('/api/prescriptions/check', { method: 'POST', headers: json, body: JSON.stringify(body) })).json()) as { findings: { key: string; severity: string }[] };
  assert.ok(checked.findings.every((finding) => finding.severity === 'warning'), JSON.stringify(checked));
  const signed = await doctor('/api/prescriptions', { method: 'POST', headers: json, body: JSON.stringify({ ...body, acknowledgedWarnings: checked.findings.map((finding) => finding.key) }) });
  assert.equal(signed.status, 201, await signed.clone().text());
  const { code } = (await signed.json()) as { code: string };
  let national: { status: string; lastError?: string } = { status: '' };
  for (let i = 0; i < 100 && !['delivered', 'failed'].includes(national.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ({ national } = (await (await doctor(`/api/prescriptions/${code}`)).json()) as { national: typeof national });
  }
  return national;
}
