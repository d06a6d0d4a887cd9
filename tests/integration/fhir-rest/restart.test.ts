import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer } from '../../support/sen-server.ts';

for (const kind of databaseKinds()) {
  describe(`Restart (${kind})`, () => {
    test('every write acknowledged before a restart is there after it, with its history', async () => {
      const dataDir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'sen-restart-')) : undefined;
      const first = await startTestServer(kind, { dataDir });
      const written: Record<string, string> = {};
      await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        const body = await (await first.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient', name: [{ family: `Bệnh nhân ${i}` }] } })).json();
        written[body.id] = body.name[0].family;
      }));
      const someId = Object.keys(written)[0];
      await first.request(`/fhir/R4/Patient/${someId}`, { method: 'PUT', json: { resourceType: 'Patient', id: someId, name: [{ family: 'Đã sửa' }] } });
      written[someId] = 'Đã sửa';
      await first.stop();

      const second = await first.restart();
      try {
        for (const [id, family] of Object.entries(written)) {
          const body = await (await second.request(`/fhir/R4/Patient/${id}`)).json();
          assert.equal(body.name[0].family, family);
        }
        const history = await (await second.request(`/fhir/R4/Patient/${someId}/_history`)).json();
        assert.equal(history.total, 2);
      } finally {
        await second.close();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
