import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { userIn, type Actor } from '../../support/actors.ts';
import { adultForm, clerk, createFacility, postJson, type DeskFixture } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Visit registration and queue numbers (${kind})`, () => {
    let server: TestServer;
    let desk: DeskFixture;
    let clerkA: Actor;
    let clerkB: Actor;
    const patients: string[] = [];

    before(async () => {
      server = await startTestServer(kind);
      desk = await createFacility(server, 'tram-hang-doi', ['Phòng khám 1', 'Phòng khám 2']);
      clerkA = await clerk(server, 'tiepdon.a', desk.facilityId);
      clerkB = await clerk(server, 'tiepdon.b', desk.facilityId);
      for (let i = 0; i < 4; i++) {
        const created = await postJson(clerkA, '/api/registration/patients', { form: adultForm({ fullName: `Trần Văn Bình ${['An', 'Bảo', 'Cường', 'Dũng'][i]}`, sex: 'male' }) });
        assert.equal(created.status, 201, await created.clone().text());
        patients.push((await created.json()).patient.id);
      }
    });
    after(() => server.close());

    const register = (actor: Actor, patientId: string, locationId: string, priority = 'none') =>
      postJson(actor, '/api/registration/visits', { patientId, locationId, reason: 'Sốt, ho', payment: 'self-pay', priority });

    test('two clerks registering at the same instant never get the same number, and the numbers have no gaps', async () => {
      const perClerk = 12;
      const responses = await Promise.all(Array.from({ length: perClerk * 2 }, (_, i) =>
        register(i % 2 === 0 ? clerkA : clerkB, patients[i % patients.length], desk.rooms[0])));
      const bodies = await Promise.all(responses.map(async (response) => {
        assert.equal(response.status, 201, await response.clone().text());
        return response.json() as Promise<{ number: number; encounterId: string }>;
      }));
      const numbers = bodies.map((body) => body.number).sort((a, b) => a - b);
      assert.deepEqual(numbers, Array.from({ length: perClerk * 2 }, (_, i) => i + 1));
      // Each number is on its Encounter as an identifier, status arrived.
      const encounter = await (await clerkA.request(`/fhir/R4/Encounter/${bodies[0].encounterId}`)).json();
      assert.equal(encounter.status, 'arrived');
      assert.ok(encounter.identifier.some((identifier: { system: string; value: string }) =>
        identifier.system === 'https://sen.health.vn/fhir/sid/queue-number' && identifier.value.endsWith(`-${String(bodies[0].number).padStart(3, '0')}`)));
    });

    test('another room counts from 1; a refused registration takes no number', async () => {
      const refused = await postJson(clerkA, '/api/registration/visits', { patientId: patients[0], locationId: desk.rooms[1], reason: '', payment: 'insurance', priority: 'none' });
      assert.equal(refused.status, 400, 'no card on file: an insurance visit is refused');
      const first = await (await register(clerkB, patients[1], desk.rooms[1])).json();
      assert.equal(first.number, 1);
      const second = await (await register(clerkA, patients[2], desk.rooms[1], 'elderly')).json();
      assert.equal(second.number, 2);
    });

    test("the room's queue lists priorities first; calling next, recalling and finishing move it along", async () => {
      const doctor = await userIn(server, 'bacsi.hangdoi', 'doctor', desk.facilityId);
      const queue = await (await doctor.request(`/api/queue?location=${desk.rooms[1]}`)).json();
      assert.deepEqual(queue.rooms[0].items.map((item: { number: number }) => item.number), [2, 1], 'the elderly patient is called first');
      assert.equal(queue.rooms[0].items[0].patient.name, 'Trần Văn Bình Cường');
      const next = await (await postJson(doctor, '/api/queue/next', { locationId: desk.rooms[1] })).json();
      assert.equal(next.called.number, 2);
      assert.equal(next.called.status, 'in-progress');
      const display = await (await doctor.request(`/api/queue/display?location=${desk.rooms[1]}`)).json();
      assert.equal(display.rooms[0].calling.number, 2);
      assert.equal(display.rooms[0].calling.name, 'Trần V. B. Cường');
      assert.deepEqual(display.rooms[0].next.map((item: { number: number }) => item.number), [1]);
      assert.equal((await postJson(doctor, `/api/queue/${next.called.encounterId}/recall`, {})).status, 200);
      const finished = await (await postJson(doctor, `/api/queue/${next.called.encounterId}/finish`, {})).json();
      assert.equal(finished.item.status, 'finished');
      const encounter = await (await doctor.request(`/fhir/R4/Encounter/${next.called.encounterId}`)).json();
      assert.equal(encounter.status, 'finished');
      assert.ok(encounter.period.end);
    });

    test('the ticket is a PDF; another facility sees neither the queue nor the ticket', async () => {
      const visit = await (await register(clerkA, patients[3], desk.rooms[0])).json();
      const ticket = await clerkA.request(`/api/registration/visits/${visit.encounterId}/ticket.pdf`);
      assert.equal(ticket.status, 200);
      assert.equal(ticket.headers.get('content-type'), 'application/pdf');
      const bytes = Buffer.from(await ticket.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      const other = await createFacility(server, 'tram-khac', ['Phòng khám X']);
      const outsider = await clerk(server, 'tiepdon.khac', other.facilityId);
      assert.equal((await outsider.request(`/api/registration/visits/${visit.encounterId}/ticket.pdf`)).status, 403);
      const theirQueue = await (await outsider.request(`/api/queue?location=${desk.rooms[0]}`)).json();
      assert.deepEqual(theirQueue.rooms[0].items, []);
      const refused = await postJson(outsider, '/api/registration/visits', { patientId: patients[0], locationId: other.rooms[0], reason: '', payment: 'self-pay', priority: 'none' });
      assert.equal(refused.status, 403, 'a patient of another facility cannot be queued');
      const rooms = await (await outsider.request('/api/registration/rooms')).json();
      assert.deepEqual(rooms.rooms.map((room: { name: string }) => room.name), ['Phòng khám X']);
    });

    test('a pharmacist may not register visits', async () => {
      const pharmacist = await userIn(server, 'duocsi.hangdoi', 'pharmacist', desk.facilityId);
      assert.equal((await register(pharmacist, patients[0], desk.rooms[0])).status, 403);
    });
  });
}
