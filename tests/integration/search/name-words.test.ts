// The desk searches a person's name word by word (`name=nguyen&name=van&name=an`); several words of one name
// parameter are looked up together in the name-prefix index. These searches must find exactly what the words
// ANDed find one by one, whatever the name holds: long words, spaces inside a part, quotes and commas, a name
// changed or a patient deleted since.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { found } from './fixtures.ts';

const people: Record<string, { family: string; given: string[] }> = {
  an: { family: 'Nguyễn', given: ['Văn', 'An'] },
  anh: { family: 'Nguyễn', given: ['Văn', 'Anh'] },
  'thi-an': { family: 'Nguyễn', given: ['Thị', 'An'] },
  'tran-an': { family: 'Trần', given: ['Văn', 'An'] },
  // Longer than the 16 characters the prefix index keeps.
  long: { family: 'Nguyễn', given: ['Khươngđươngtrọngnghĩa'] },
  'long-other': { family: 'Nguyễn', given: ['Khươngđươngtrọngnhân'] },
  // A family name of two words, and characters that must stay inside their array element.
  space: { family: 'Phân Trang', given: ['Thị', 'Hoa'] },
  quote: { family: "O'Neil \"Tí\"", given: ['Bé,{Út}', 'Hoa'] },
};

const P = (...ids: string[]): string[] => ids.map((id) => `Patient/${id}`).sort();
const q = encodeURIComponent;

for (const kind of databaseKinds()) {
  describe(`Name searched word by word (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
      for (const [id, name] of Object.entries(people)) await put(id, name);
    });
    after(() => server.close());

    const put = async (id: string, name: { family: string; given: string[] }): Promise<void> => {
      const response = await server.request(`/fhir/R4/Patient/${id}`, { method: 'PUT', json: { resourceType: 'Patient', id, name: [name] } });
      assert.ok(response.status === 200 || response.status === 201, `PUT Patient/${id}: ${response.status}`);
    };
    const expectFound = async (path: string, expected: string[]): Promise<void> => {
      assert.deepEqual(await found(server, path), [...expected].sort(), path);
    };

    test('every word must start some part of the name, in any order, accents or not', async () => {
      await expectFound('Patient?name=nguyen&name=van&name=an', P('an', 'anh'));
      await expectFound(`Patient?name=an&name=${q('Văn')}&name=nguyen`, P('an', 'anh'));
      await expectFound('Patient?name=van&name=an', P('an', 'anh', 'tran-an'));
      await expectFound('Patient?name=nguyen&name=thi&name=an', P('thi-an'));
      await expectFound('Patient?name=nguyen&name=an&_count=1', P('an', 'anh', 'thi-an')); // paged one by one
      await expectFound('Patient?name=tran&name=thi', []);
      await expectFound('Patient?given=van&given=anh', P('anh'));
    });

    test('comma values are alternatives within a word', async () => {
      await expectFound('Patient?name=nguyen&name=thi,tran&name=an', P('thi-an'));
      await expectFound('Patient?name=van&name=tran,anh', P('anh', 'tran-an'));
    });

    test('words longer than the indexed prefix still match exactly', async () => {
      await expectFound('Patient?name=nguyen&name=khuongduongtrongnghia', P('long'));
      await expectFound('Patient?name=nguyen&name=khuongduongtrongnhan', P('long-other'));
      await expectFound('Patient?name=nguyen&name=khuongduongtrong', P('long', 'long-other'));
      await expectFound('Patient?name=nguyen&name=khuongduongtrongnghiax', []);
    });

    test('a word with a space, quotes, commas and braces', async () => {
      await expectFound(`Patient?family=${q('phan trang')}&family=phan`, P('space'));
      await expectFound(`Patient?name=${q('phan trang')}&name=hoa`, P('space'));
      await expectFound(`Patient?name=trang&name=hoa`, []); // "trang" starts no part: the family is one part
      await expectFound(`Patient?name=${q('o\'neil "ti"')}&name=hoa`, P('quote'));
      await expectFound(`Patient?name=${q('be\\,{ut}')}&name=hoa`, P('quote'));
    });

    test('a changed name or a deleted patient is found by its new words only', async () => {
      await put('tran-an', { family: 'Lê', given: ['Văn', 'An'] });
      await expectFound('Patient?name=tran&name=an', []);
      await expectFound('Patient?name=le&name=van&name=an', P('tran-an'));
      assert.equal((await server.request('/fhir/R4/Patient/tran-an', { method: 'DELETE' })).status, 200);
      await expectFound('Patient?name=le&name=van&name=an', []);
    });
  });
}
