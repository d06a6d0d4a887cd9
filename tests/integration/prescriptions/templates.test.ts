import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditEvents, signIn, type Actor } from '../../support/actors.ts';
import { TEST_PASSWORD } from '../../support/sen-server.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { openClinic, sendJson, type Clinic } from './clinic.ts';

const SORE_THROAT = [
  { code: 'PARA500', dosage: { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 5 } },
  { code: 'AMOX500', dosage: { dose: 1, slots: ['morning', 'noon', 'afternoon'], meal: 'after-meal', days: 7, note: 'uống với nhiều nước' } },
];

interface Answer {
  status: number;
  body: Record<string, any>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

for (const kind of databaseKinds()) {
  describe(`Prescription templates and starred drugs over /api (${kind})`, () => {
    let clinic: Clinic;
    /** A second doctor of the same station: same catalogue, but not the owner of the first doctor's templates. */
    let colleague: Actor;
    const ids = new Map<string, string>();

    const medicationId = async (code: string): Promise<string> => {
      if (!ids.has(code)) {
        const found = (await (await clinic.doctor.request(`/api/prescriptions/catalogue?q=${encodeURIComponent(code)}`)).json()) as { drugs: { medicationId: string; drug: { code: string } }[] };
        ids.set(code, found.drugs.find((match) => match.drug.code === code)!.medicationId);
      }
      return ids.get(code)!;
    };
    const linesOf = async (lines: { code: string; dosage: unknown }[]) =>
      Promise.all(lines.map(async (line) => ({ medicationId: await medicationId(line.code), dosage: line.dosage })));
    const save = async (actor: Actor, name: string, lines: { code: string; dosage: unknown }[]) =>
      answer(await sendJson(actor, '/api/prescriptions/templates', { name, lines: await linesOf(lines) }));
    const list = async (actor: Actor) => answer(await actor.request('/api/prescriptions/templates'));

    before(async () => {
      clinic = await openClinic(kind);
      await clinic.server.sen.context.users.create({ username: 'bacsi.a2', password: TEST_PASSWORD, displayName: 'bacsi.a2', role: 'doctor', facilityId: 'tram-a', practitionerId: 'bs-a' });
      colleague = await signIn(clinic.server, 'bacsi.a2');
    });
    after(async () => {
      await clinic?.close();
    });

    test('a doctor saves the lines as a named template, lists it, applies it, and the applied lines pass the safety check', async () => {
      const saved = await save(clinic.doctor, '  Viêm họng   người lớn ', SORE_THROAT);
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      assert.equal(saved.body.name, 'Viêm họng người lớn');
      assert.deepEqual(saved.body.drugs, ['Paracetamol 500mg', 'Amoxicilin 500mg']);

      const listed = await list(clinic.doctor);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.templates.map((template: { name: string }) => template.name), ['Viêm họng người lớn']);

      const applied = await answer(await clinic.doctor.request(`/api/prescriptions/templates/${saved.body.id}`));
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.deepEqual(applied.body.unavailable, []);
      assert.deepEqual(applied.body.lines.map((line: { drug: { code: string } }) => line.drug.code), ['PARA500', 'AMOX500']);
      assert.deepEqual(applied.body.lines[1].dosage, SORE_THROAT[1].dosage);

      const checked = await answer(await sendJson(clinic.doctor, '/api/prescriptions/check', {
        patientId: clinic.patient.id,
        conditionIds: [clinic.patient.conditionId],
        lines: applied.body.lines.map((line: { medicationId: string; dosage: unknown }) => ({ medicationId: line.medicationId, dosage: line.dosage })),
      }));
      assert.equal(checked.status, 200, JSON.stringify(checked.body));
      assert.equal(checked.body.signable, true);

      // The same template applied for a patient allergic to penicillins: the safety check warns, as for any line.
      const allergic = await answer(await sendJson(clinic.doctor, '/api/prescriptions/check', {
        patientId: clinic.allergic.id,
        conditionIds: [clinic.allergic.conditionId],
        lines: applied.body.lines.map((line: { medicationId: string; dosage: unknown }) => ({ medicationId: line.medicationId, dosage: line.dosage })),
      }));
      assert.equal(allergic.status, 200);
      assert.ok(allergic.body.findings.some((finding: { rule: string; lines: number[] }) => finding.rule.startsWith('allergy') && finding.lines.includes(1)), JSON.stringify(allergic.body));
    });

    test('a doctor renames a template, replaces its lines, and deletes it', async () => {
      const saved = await save(clinic.doctor, 'Đau đầu', [SORE_THROAT[0]]);
      assert.equal(saved.status, 201);
      const renamed = await answer(await sendJson(clinic.doctor, `/api/prescriptions/templates/${saved.body.id}`, { name: 'Đau đầu, sốt' }, 'PUT'));
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      assert.equal(renamed.body.name, 'Đau đầu, sốt');
      assert.deepEqual(renamed.body.drugs, ['Paracetamol 500mg']);

      const relined = await answer(await sendJson(clinic.doctor, `/api/prescriptions/templates/${saved.body.id}`, { lines: await linesOf([{ code: 'IBU400', dosage: { dose: 1, timesPerDay: 2, meal: 'after-meal', days: 3 } }]) }, 'PUT'));
      assert.equal(relined.status, 200, JSON.stringify(relined.body));
      assert.deepEqual(relined.body.drugs, ['Ibuprofen 400mg']);
      assert.equal(relined.body.name, 'Đau đầu, sốt');
      // Changing only the case of its own name is no clash with itself.
      assert.equal((await sendJson(clinic.doctor, `/api/prescriptions/templates/${saved.body.id}`, { name: 'ĐAU ĐẦU, SỐT' }, 'PUT')).status, 200);

      assert.equal((await clinic.doctor.request(`/api/prescriptions/templates/${saved.body.id}`, { method: 'DELETE' })).status, 204);
      assert.equal((await clinic.doctor.request(`/api/prescriptions/templates/${saved.body.id}`, { method: 'DELETE' })).status, 404);
      const gone = await answer(await clinic.doctor.request(`/api/prescriptions/templates/${saved.body.id}`));
      assert.equal(gone.status, 404);
      assert.equal(gone.body.error, 'not_found');
      assert.ok(!(await list(clinic.doctor)).body.templates.some((template: { id: string }) => template.id === saved.body.id));
    });

    test('a name is the doctor\'s once, whatever its case and spacing (409); another doctor may use it', async () => {
      const first = await save(clinic.doctor, 'Cảm cúm', [SORE_THROAT[0]]);
      assert.equal(first.status, 201);
      const twin = await save(clinic.doctor, 'CẢM  CÚM', [SORE_THROAT[1]]);
      assert.equal(twin.status, 409, JSON.stringify(twin.body));
      assert.equal(twin.body.error, 'template_name_taken');
      assert.match(twin.body.message, /already have a template named/);

      const other = await save(clinic.doctor, 'Cảm cúm trẻ em', [SORE_THROAT[0]]);
      const clash = await answer(await sendJson(clinic.doctor, `/api/prescriptions/templates/${other.body.id}`, { name: 'cảm cúm' }, 'PUT'));
      assert.equal(clash.status, 409);
      assert.equal((await answer(await clinic.doctor.request(`/api/prescriptions/templates/${other.body.id}`))).body.name, 'Cảm cúm trẻ em');

      assert.equal((await save(colleague, 'Cảm cúm', [SORE_THROAT[0]])).status, 201);
    });

    test('two saves of one name at the same moment: one template, the other told the name is taken (never a 500)', async () => {
      const results = await Promise.all(['Sốt xuất huyết', 'sốt xuất huyết', 'SỐT XUẤT HUYẾT'].map((name) => save(clinic.doctor, name, [SORE_THROAT[0]])));
      assert.deepEqual(results.map((result) => result.status).sort(), [201, 409, 409], JSON.stringify(results.map((result) => result.body)));
      const listed = (await list(clinic.doctor)).body.templates.filter((template: { name: string }) => template.name.toLocaleLowerCase('vi') === 'sốt xuất huyết');
      assert.equal(listed.length, 1);
    });

    test('another doctor, of the same station or another, neither sees nor changes a doctor\'s templates (404)', async () => {
      const saved = await save(clinic.doctor, 'Riêng của bác sĩ A', SORE_THROAT);
      assert.equal(saved.status, 201);
      for (const intruder of [colleague, clinic.otherDoctor]) {
        assert.ok(!(await list(intruder)).body.templates.some((template: { id: string }) => template.id === saved.body.id));
        const path = `/api/prescriptions/templates/${saved.body.id}`;
        assert.equal((await intruder.request(path)).status, 404);
        assert.equal((await sendJson(intruder, path, { name: 'Đã đổi' }, 'PUT')).status, 404);
        assert.equal((await intruder.request(path, { method: 'DELETE' })).status, 404);
      }
      const still = await answer(await clinic.doctor.request(`/api/prescriptions/templates/${saved.body.id}`));
      assert.equal(still.body.name, 'Riêng của bác sĩ A');
      assert.equal(still.body.lines.length, 2);

      // Audited like the rest of the API: the interaction and the route, refused attempts included.
      const codes = (event: Record<string, any>) => event.subtype.map((coding: { code: string }) => coding.code);
      const events = await auditEvents(clinic.server);
      assert.ok(events.some((event) => codes(event).join() === 'create,api:POST /api/prescriptions/templates' && event.action === 'C' && event.outcome === '0'));
      assert.ok(events.some((event) => codes(event).join() === 'delete,api:DELETE /api/prescriptions/templates/:id' && event.outcome === '4'), 'a refused deletion is audited');
    });

    test('those who do not prescribe have no templates or stars (403)', async () => {
      for (const actor of [clinic.pharmacist, clinic.receptionist]) {
        const listed = await answer(await actor.request('/api/prescriptions/templates'));
        assert.equal(listed.status, 403, JSON.stringify(listed.body));
        assert.equal(listed.body.error, 'forbidden');
        assert.equal((await sendJson(actor, '/api/prescriptions/templates', { name: 'X', lines: await linesOf([SORE_THROAT[0]]) })).status, 403);
        assert.equal((await sendJson(actor, `/api/prescriptions/favourites/${await medicationId('PARA500')}`, {}, 'PUT')).status, 403);
        assert.equal((await actor.request('/api/prescriptions/favourites')).status, 403);
      }
    });

    test('invalid templates are refused with a message (400) and write nothing', async () => {
      const before = (await list(clinic.doctor)).body.templates.length;
      const para = await medicationId('PARA500');
      // The same drug in the other station's catalogue.
      const paracetamol = (await (await clinic.server.request(`/fhir/R4/Medication/${para}`)).json()) as Record<string, any>;
      const created = await clinic.server.request('/fhir/R4/Medication/para-tram-b', {
        method: 'PUT',
        json: { ...paracetamol, id: 'para-tram-b', meta: { security: paracetamol.meta.security.map((label: { system: string }) => ({ ...label, code: 'tram-b' })) } },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const cases: [unknown, RegExp][] = [
        [{ name: 'Trống', lines: [] }, /"lines" must list 1–30 drugs/],
        [{ name: '', lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 5 } }] }, /"name" must be 1–80 characters/],
        [{ name: 'x'.repeat(81), lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 5 } }] }, /"name" must be 1–80 characters/],
        [{ lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 5 } }] }, /"name" must be text/],
        [{ name: 'Thừa', lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 5 } }], patientId: 'p' }, /Unknown field\(s\): patientId/],
        [{ name: 'Ngày 0', lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 0 } }] }, /lines\[0\]\.dosage: Days must be a whole number from 1/],
        [{ name: 'Không số ngày', lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2 } }] }, /lines\[0\]\.dosage\.days is required/],
        [{ name: 'Bữa', lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 2, meal: 'lunch' } }] }, /lines\[0\]\.dosage\.meal must be one of/],
        [{ name: 'Lạ', lines: [{ medicationId: 'khong-co-thuoc-nay', dosage: { dose: 1, timesPerDay: 2, days: 5 } }] }, /lines\[0\]: Medication\/khong-co-thuoc-nay is not a drug of this facility's catalogue/],
        [{ name: 'Trạm khác', lines: [{ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 5 } }, { medicationId: 'para-tram-b', dosage: { dose: 1, timesPerDay: 2, days: 5 } }] }, /lines\[1\]: Medication\/.* is not a drug of this facility's catalogue/],
        [{ name: 'Quá dài', lines: Array.from({ length: 31 }, () => ({ medicationId: para, dosage: { dose: 1, timesPerDay: 2, days: 5 } })) }, /"lines" must list 1–30 drugs/],
        [[{ name: 'Trong danh sách' }], /must be a JSON object/],
      ];
      for (const [body, expected] of cases) {
        const refused = await answer(await sendJson(clinic.doctor, '/api/prescriptions/templates', body));
        assert.equal(refused.status, 400, `${JSON.stringify(body).slice(0, 200)} → ${refused.status} ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.error, 'invalid_request');
        assert.match(refused.body.message, expected);
      }
      const saved = await save(clinic.doctor, 'Để sửa', [SORE_THROAT[0]]);
      const badUpdate = await answer(await sendJson(clinic.doctor, `/api/prescriptions/templates/${saved.body.id}`, { name: 'Đổi tên', lines: [{ medicationId: para, dosage: { dose: -1, timesPerDay: 2, days: 5 } }] }, 'PUT'));
      assert.equal(badUpdate.status, 400);
      assert.match(badUpdate.body.message, /The dose must be above 0/);
      assert.equal((await answer(await clinic.doctor.request(`/api/prescriptions/templates/${saved.body.id}`))).body.name, 'Để sửa', 'nothing of the refused change was written');
      assert.equal((await sendJson(clinic.doctor, `/api/prescriptions/templates/${saved.body.id}`, {}, 'PUT')).status, 400);
      assert.equal((await list(clinic.doctor)).body.templates.length, before + 1);
    });

    test('stars: a starred drug comes first in the search, with the dosage saved, then the one last signed', async () => {
      const ceti = await medicationId('CETI10');
      const empty = async (actor: Actor) => ((await (await actor.request('/api/prescriptions/catalogue?q=')).json()) as { drugs: { medicationId: string; favourite?: { dosage?: Record<string, unknown> } }[] }).drugs;
      assert.notEqual((await empty(clinic.doctor))[0].medicationId, ceti, 'Cetirizin is not first alphabetically');

      const starred = await sendJson(clinic.doctor, `/api/prescriptions/favourites/${ceti}`, { dosage: { dose: 1, slots: ['evening'], days: 7 } }, 'PUT');
      assert.equal(starred.status, 204, await starred.clone().text());
      const [first] = await empty(clinic.doctor);
      assert.equal(first.medicationId, ceti);
      assert.deepEqual(first.favourite, { dosage: { dose: 1, slots: ['evening'], days: 7 } });

      // Typed text still filters: a starred drug that does not match is not offered; one that matches comes first.
      const typed = ((await (await clinic.doctor.request('/api/prescriptions/catalogue?q=amox')).json()) as { drugs: { medicationId: string }[] }).drugs;
      assert.ok(!typed.some((match) => match.medicationId === ceti));
      await sendJson(clinic.doctor, `/api/prescriptions/favourites/${await medicationId('AMOXCLAV625')}`, {}, 'PUT');
      const amox = ((await (await clinic.doctor.request('/api/prescriptions/catalogue?q=amox')).json()) as { drugs: { drug: { code: string }; favourite?: object }[] }).drugs;
      assert.equal(amox[0].drug.code, 'AMOXCLAV625');
      assert.deepEqual(amox[0].favourite, {});
      assert.equal(amox[1].favourite, undefined);

      // The stars are the doctor's own: the colleague's search is unchanged.
      assert.equal((await empty(colleague)).find((match) => match.medicationId === ceti)?.favourite, undefined);

      const favourites = await answer(await clinic.doctor.request('/api/prescriptions/favourites'));
      assert.deepEqual(favourites.body.favourites.map((favourite: { drug: { code: string } }) => favourite.drug.code), ['AMOXCLAV625', 'CETI10']);

      // Signing with another dosage makes it the one offered next time.
      const signed = await sendJson(clinic.doctor, '/api/prescriptions', {
        patientId: clinic.patient.id,
        conditionIds: [clinic.patient.conditionId],
        lines: [{ medicationId: ceti, dosage: { dose: 1, slots: ['morning'], meal: 'after-meal', days: 10 } }],
      });
      assert.equal(signed.status, 201, await signed.clone().text());
      assert.deepEqual((await empty(clinic.doctor)).find((match) => match.medicationId === ceti)?.favourite, { dosage: { dose: 1, slots: ['morning'], meal: 'after-meal', days: 10 } });

      // Starring again without a dosage keeps the one it has.
      assert.equal((await sendJson(clinic.doctor, `/api/prescriptions/favourites/${ceti}`, {}, 'PUT')).status, 204);
      assert.equal((await empty(clinic.doctor)).find((match) => match.medicationId === ceti)?.favourite?.dosage?.days, 10);

      const bad = await answer(await sendJson(clinic.doctor, `/api/prescriptions/favourites/${ceti}`, { dosage: { dose: 1, timesPerDay: 2, days: 1.5 } }, 'PUT'));
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /Days must be a whole number/);
      const unknown = await answer(await sendJson(clinic.doctor, '/api/prescriptions/favourites/khong-co', {}, 'PUT'));
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.message, /not a drug of this facility's catalogue/);

      assert.equal((await clinic.doctor.request(`/api/prescriptions/favourites/${ceti}`, { method: 'DELETE' })).status, 204);
      assert.equal((await clinic.doctor.request(`/api/prescriptions/favourites/${ceti}`, { method: 'DELETE' })).status, 404);
      assert.equal((await empty(clinic.doctor)).find((match) => match.medicationId === ceti)?.favourite, undefined);
    });

    // Last: it takes drugs out of the station's catalogue.
    test('a template whose drugs left the catalogue applies what remains and names what it could not add', async () => {
      const saved = await save(clinic.doctor, 'Dị ứng', [
        { code: 'LORA10', dosage: { dose: 1, slots: ['evening'], days: 7 } },
        { code: 'CLOR4', dosage: { dose: 1, timesPerDay: 2, days: 5 } },
        { code: 'PARA500', dosage: { dose: 1, timesPerDay: 3, meal: 'after-meal', days: 3 } },
      ]);
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const lora = await medicationId('LORA10');
      const stored = (await (await clinic.server.request(`/fhir/R4/Medication/${lora}`)).json()) as Record<string, unknown>;
      assert.equal((await clinic.server.request(`/fhir/R4/Medication/${lora}`, { method: 'PUT', json: { ...stored, status: 'inactive' } })).status, 200);
      assert.equal((await clinic.server.request(`/fhir/R4/Medication/${await medicationId('CLOR4')}`, { method: 'DELETE' })).status, 200);

      const applied = await answer(await clinic.doctor.request(`/api/prescriptions/templates/${saved.body.id}`));
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.deepEqual(applied.body.lines.map((line: { drug: { code: string } }) => line.drug.code), ['PARA500']);
      assert.deepEqual(applied.body.unavailable.map((line: { position: number; code: string; reason: string }) => [line.position, line.code, line.reason]), [
        [0, 'LORA10', 'inactive'],
        [1, 'CLOR4', 'not-in-catalogue'],
      ]);
      assert.equal(applied.body.unavailable[0].message.vi, 'Loratadin 10mg (LORA10) đã ngừng sử dụng trong danh mục thuốc: chưa thêm vào đơn.');
      assert.match(applied.body.unavailable[1].message.en, /Clorpheniramin 4mg \(CLOR4\) is no longer in the facility's drug catalogue/);

      // Such a drug cannot be saved into a template again.
      const resaved = await save(clinic.doctor, 'Dị ứng 2', [{ code: 'LORA10', dosage: { dose: 1, slots: ['evening'], days: 7 } }]);
      assert.equal(resaved.status, 400);
      assert.match(resaved.body.message, /Loratadin 10mg is no longer in use in the catalogue/);
    });
  });
}
