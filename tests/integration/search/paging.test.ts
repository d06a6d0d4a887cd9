// Keyset paging is stable: walking every page of a 1,000-result search while another client inserts and updates
// matching resources neither misses nor repeats any resource that existed before the walk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import type { Bundle } from './fixtures.ts';

const EXISTING = 1000;
const PAGE = 37;

const person = (n: number, given: string) => ({
  resourceType: 'Patient',
  identifier: [{ system: 'urn:paging', value: String(n) }],
  name: [{ family: 'Phân Trang', given: [given] }],
  birthDate: `19${String(50 + (n % 50)).padStart(2, '0')}-01-01`,
});

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

for (const kind of databaseKinds()) {
  describe(`Stable paging under concurrent writes (${kind})`, () => {
    let server: TestServer;
    let existing: { id: string; n: number }[] = [];
    before(async () => {
      server = await startTestServer(kind);
      const numbers = Array.from({ length: EXISTING }, (_, n) => n);
      const created: { id: string; n: number }[] = [];
      await inParallel(numbers, 8, async (n) => {
        const response = await server.request('/fhir/R4/Patient', { method: 'POST', json: person(n, 'Gốc'), headers: { Prefer: 'return=minimal' } });
        assert.equal(response.status, 201);
        created.push({ id: response.headers.get('location')!.split('/')[6], n });
      });
      existing = created;
    });
    after(() => server.close());

    // In id order (the default) with pages of 37; on two sort keys with pages of 100 (each page sorts every match).
    for (const [sort, page] of [['', PAGE], ['&_sort=-birthdate,family', 100]] as const) {
      test(`every page of family=phan trang${sort}, while another client writes`, async () => {
        let walking = true;
        let writes = 0;
        const writer = (async () => {
          for (let i = 0; walking; i++) {
            if (i % 2 === 0) {
              await server.request('/fhir/R4/Patient', { method: 'POST', json: person(EXISTING + i, 'Mới') });
            } else {
              // Changes the resource (a new version, a new _lastUpdated) but not what this search sorts on.
              const target = existing[(i * 7919) % existing.length];
              await server.request(`/fhir/R4/Patient/${target.id}`, { method: 'PUT', json: { ...person(target.n, `Sửa ${i}`), id: target.id } });
            }
            writes += 1;
          }
        })();
        const seen: string[] = [];
        let url: string | undefined = `${server.fhir}/Patient?family=phan%20trang&_count=${page}${sort}`;
        try {
          while (url) {
            const response = await server.request(url);
            assert.equal(response.status, 200);
            const bundle = (await response.json()) as Bundle;
            seen.push(...(bundle.entry ?? []).map((entry) => entry.resource.id));
            url = bundle.link?.find((link) => link.relation === 'next')?.url;
          }
        } finally {
          walking = false;
          await writer;
        }
        assert.ok(writes > 10, `the writer wrote during the walk (${writes} writes)`);
        assert.equal(new Set(seen).size, seen.length, 'no resource was returned twice');
        const returned = new Set(seen);
        const missed = existing.filter(({ id }) => !returned.has(id));
        assert.deepEqual(missed, [], 'every resource that existed before the walk was returned');
      });
    }
  });
}
