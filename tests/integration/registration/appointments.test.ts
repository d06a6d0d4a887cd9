import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { auditEvents, userIn, type Actor } from '../../support/actors.ts';
import { DAY_MS, vnDate, vnDateTime } from '../../../fhir/vietnam-time.ts';
import { adultForm, clerk, createFacility, postJson, type DeskFixture } from './support.ts';

/** Today's 15-minute slot under way now (Vietnamese time): bookable, checkable-in and already started. */
function currentSlot(): { date: string; time: string; minutes: number } {
  const local = vnDateTime(Date.now());
  const minute = Number(local.slice(14, 16));
  return { date: local.slice(0, 10), time: `${local.slice(11, 13)}:${String(minute - (minute % 15)).padStart(2, '0')}`, minutes: 15 };
}

const tomorrow = () => vnDate(Date.now() + DAY_MS);

for (const kind of databaseKinds()) {
  describe(`Appointments booked ahead (${kind})`, () => {
    let server: TestServer;
    let desk: DeskFixture;
    let clerkA: Actor;
    let clerkB: Actor;
    const patients: string[] = [];

    before(async () => {
      server = await startTestServer(kind, { env: { SEN_APPOINTMENTS_PER_SLOT: '2' } });
      desk = await createFacility(server, 'tram-lich-hen', ['Phòng khám 1', 'Phòng khám 2']);
      clerkA = await clerk(server, 'tiepdon.hen.a', desk.facilityId);
      clerkB = await clerk(server, 'tiepdon.hen.b', desk.facilityId);
      for (const given of ['An', 'Bảo', 'Cường', 'Dũng', 'Giang', 'Hà']) {
        const created = await postJson(clerkA, '/api/registration/patients', { form: adultForm({ fullName: `Lê Văn ${given}`, sex: 'male' }) });
        assert.equal(created.status, 201, await created.clone().text());
        patients.push((await created.json()).patient.id);
      }
    });
    after(() => server.close());

    const book = (actor: Actor, patientId: string, overrides: Record<string, unknown> = {}) => postJson(actor, '/api/registration/appointments', {
      patientId, locationId: desk.rooms[0], date: tomorrow(), time: '08:00', minutes: 30, reason: 'Tái khám tăng huyết áp', payment: 'self-pay', priority: 'none', ...overrides,
    });
    const dayList = async (actor: Actor, day: string) => {
      const response = await actor.request(`/api/registration/appointments?day=${day}`);
      assert.equal(response.status, 200);
      return (await response.json()).appointments as { id: string; status: string; time: string; room: { name: string }; patient: { id: string; name: string }; visit?: { number: number; encounterId: string } }[];
    };

    test('a booking is a FHIR Appointment: in the day list and found by FHIR search on patient and date', async () => {
      const response = await book(clerkA, patients[0]);
      assert.equal(response.status, 201, await response.clone().text());
      const { appointment } = await response.json();
      assert.equal(appointment.status, 'booked');
      assert.equal(appointment.time, '08:00');
      const listed = (await dayList(clerkA, tomorrow())).find((item) => item.id === appointment.id);
      assert.equal(listed?.patient.name, 'Lê Văn An');
      assert.equal(listed?.room.name, 'Phòng khám 1');
      const search = await (await clerkA.request(`/fhir/R4/Appointment?patient=${patients[0]}&date=${tomorrow()}`)).json();
      assert.equal(search.total ?? search.entry?.length, 1);
      const stored = search.entry[0].resource;
      assert.equal(stored.id, appointment.id);
      assert.equal(stored.status, 'booked');
      assert.equal(stored.start, `${tomorrow()}T08:00:00+07:00`);
      assert.equal(stored.end, `${tomorrow()}T08:30:00+07:00`);
      assert.deepEqual(stored.participant.map((participant: { actor: { reference: string } }) => participant.actor.reference), [`Patient/${patients[0]}`, `Location/${desk.rooms[0]}`]);
      assert.deepEqual(stored.reasonCode, [{ text: 'Tái khám tăng huyết áp' }]);
      assert.equal(stored.meta.versionId, '1');
      const other = await (await clerkA.request(`/fhir/R4/Appointment?patient=${patients[0]}&date=${vnDate(Date.now() + 2 * DAY_MS)}`)).json();
      assert.equal(other.entry?.length ?? 0, 0);
      const otherRoom = await (await clerkA.request(`/api/registration/appointments?day=${tomorrow()}&location=${desk.rooms[1]}`)).json();
      assert.deepEqual(otherRoom.appointments, []);
      const theirs = await (await clerkA.request(`/api/registration/appointments?day=${tomorrow()}&patient=${patients[0]}`)).json();
      assert.deepEqual(theirs.appointments.map((item: { id: string }) => item.id), [appointment.id]);
      assert.deepEqual((await (await clerkA.request(`/api/registration/appointments?day=${tomorrow()}&patient=${patients[1]}`)).json()).appointments, []);
      assert.equal((await clerkA.request('/api/registration/appointments?day=2026-02-30')).status, 400);
      // Audited as a create, naming the patient.
      const events = await auditEvents(server);
      const booking = events.filter((event) => event.subtype?.some((coding: { code: string }) => coding.code === 'api:POST /api/registration/appointments'));
      assert.equal(booking.length, 1);
      assert.ok(JSON.stringify(booking[0].entity).includes(`Patient/${patients[0]}`));
    });

    test('the past, unknown rooms and patients, overlaps and full slots are refused with a message, writing nothing', async () => {
      const before = (await dayList(clerkA, tomorrow())).length;
      const past = await book(clerkA, patients[1], { date: vnDate(Date.now() - DAY_MS) });
      assert.equal(past.status, 400);
      const pastBody = await past.json();
      assert.equal(pastBody.code, 'in-past');
      assert.match(pastBody.message, /thời gian đã qua/);
      const unknownRoom = await book(clerkA, patients[1], { locationId: 'khong-co-phong' });
      assert.equal(unknownRoom.status, 400);
      assert.equal((await unknownRoom.json()).code, 'unknown-room');
      const unknownPatient = await book(clerkA, 'khong-co-nguoi');
      assert.equal(unknownPatient.status, 404);
      const overlap = await book(clerkA, patients[0], { time: '08:15', minutes: 15, locationId: desk.rooms[1] });
      assert.equal(overlap.status, 409);
      const overlapBody = await overlap.json();
      assert.equal(overlapBody.code, 'overlap');
      assert.equal(overlapBody.message, `Người bệnh đã có lịch hẹn trùng giờ: 08:00 ngày ${tomorrow().split('-').reverse().join('/')} tại Phòng khám 1.`);
      assert.equal((await book(clerkA, patients[0], { time: '08:30' })).status, 201, 'the next slot does not overlap');
      // Two per slot here (SEN_APPOINTMENTS_PER_SLOT=2): one more fits, a third does not.
      assert.equal((await book(clerkA, patients[1], { time: '08:15', minutes: 15 })).status, 201);
      const full = await book(clerkA, patients[2], { time: '08:15', minutes: 15 });
      assert.equal(full.status, 409);
      assert.equal((await full.json()).code, 'slot-full');
      const noCard = await book(clerkA, patients[3], { payment: 'insurance', time: '11:00' });
      assert.equal(noCard.status, 400);
      assert.equal((await noCard.json()).code, 'no-card');
      assert.equal((await dayList(clerkA, tomorrow())).length, before + 2);
    });

    test('a record merged into another is not booked: the message names the record kept', async () => {
      const [kept, duplicate] = await Promise.all(['Trịnh Thị Mai', 'Trinh Thi Mai'].map(async (fullName) =>
        (await (await postJson(clerkA, '/api/registration/patients', { form: adultForm({ fullName }) })).json()).patient.id as string));
      const merged = await postJson(desk.admin, '/api/patients/merge', { sourceId: duplicate, targetId: kept, reason: 'Cùng một người, trùng hồ sơ' });
      assert.equal(merged.status, 201, await merged.clone().text());
      const refused = await book(clerkA, duplicate, { time: '11:00' });
      assert.equal(refused.status, 409);
      const body = await refused.json();
      assert.equal(body.code, 'patient-merged');
      assert.match(body.message, new RegExp(`Patient/${kept}`));
      assert.equal((await book(clerkA, kept, { time: '11:00' })).status, 201);
    });

    test('two clerks booking the same patient into the same slot at once: one booking, one refusal', async () => {
      const responses = await Promise.all([clerkA, clerkB].map((actor) => book(actor, patients[5], { time: '14:00', locationId: desk.rooms[1] })));
      assert.deepEqual(responses.map((response) => response.status).sort(), [201, 409]);
      const mine = (await dayList(clerkA, tomorrow())).filter((item) => item.patient.id === patients[5] && item.time === '14:00');
      assert.equal(mine.length, 1);
    });

    test('checking in registers the visit like a walk-in: a queue number, the Encounter linked, the Appointment arrived', async () => {
      const walkIn = await (await postJson(clerkA, '/api/registration/visits', { patientId: patients[5], locationId: desk.rooms[1], reason: '', payment: 'self-pay', priority: 'none' })).json();
      const { appointment } = await (await book(clerkA, patients[2], { ...currentSlot(), locationId: desk.rooms[1] })).json();
      const response = await postJson(clerkA, `/api/registration/appointments/${appointment.id}/check-in`, {});
      assert.equal(response.status, 201, await response.clone().text());
      const checkedIn = await response.json();
      assert.equal(checkedIn.visit.number, walkIn.number + 1, 'the next number of the room, after the walk-in');
      assert.equal(checkedIn.appointment.status, 'arrived');
      assert.deepEqual(checkedIn.appointment.visit, { encounterId: checkedIn.visit.encounterId, number: checkedIn.visit.number });
      const encounter = await (await clerkA.request(`/fhir/R4/Encounter/${checkedIn.visit.encounterId}`)).json();
      assert.deepEqual(encounter.appointment, [{ reference: `Appointment/${appointment.id}` }]);
      assert.equal(encounter.status, 'arrived');
      assert.deepEqual(encounter.reasonCode, [{ text: 'Tái khám tăng huyết áp' }]);
      const stored = await (await clerkA.request(`/fhir/R4/Appointment/${appointment.id}`)).json();
      assert.equal(stored.status, 'arrived');
      assert.equal(stored.meta.versionId, '2');
      const queue = await (await clerkA.request(`/api/queue?location=${desk.rooms[1]}`)).json();
      assert.ok(queue.rooms[0].items.some((item: { encounterId: string }) => item.encounterId === checkedIn.visit.encounterId));
      const ticket = await clerkA.request(`/api/registration/visits/${checkedIn.visit.encounterId}/ticket.pdf`);
      assert.equal(ticket.status, 200);
      const cancelled = await postJson(clerkA, `/api/registration/appointments/${appointment.id}/cancel`, { reason: 'Nhầm' });
      assert.equal(cancelled.status, 409, 'a checked-in appointment is not cancelled');
      const doctor = await userIn(server, 'bacsi.hen', 'doctor', desk.facilityId);
      assert.equal((await postJson(doctor, `/api/queue/${checkedIn.visit.encounterId}/finish`, {})).status, 200);
      assert.equal((await (await clerkA.request(`/fhir/R4/Appointment/${appointment.id}`)).json()).status, 'fulfilled', 'the visit over, the booking is fulfilled');
      const listed = (await dayList(clerkA, vnDate(Date.now()))).find((item) => item.id === appointment.id);
      assert.equal(listed?.status, 'fulfilled');
    });

    test('a card that lapsed since the booking: check-in is refused in Vietnamese, and done as self-pay when the clerk says so', async () => {
      const validTo = `31/12/${Number(vnDate(Date.now()).slice(0, 4)) + 1}`;
      const created = await postJson(clerkA, '/api/registration/patients', { form: adultForm({ fullName: 'Vũ Thị Thẻ',
        insurance: { cardNumber: 'GD4010198765432', validFrom: '01/01/2020', validTo, registeredFacilityCode: '' } }) });
      assert.equal(created.status, 201, await created.clone().text());
      const patientId = (await created.json()).patient.id;
      const booked = await book(clerkA, patientId, { ...currentSlot(), payment: 'insurance' });
      assert.equal(booked.status, 201, await booked.clone().text());
      const { appointment } = await booked.json();
      const patient = await (await clerkA.request(`/fhir/R4/Patient/${patientId}`)).json();
      const yesterday = vnDate(Date.now() - DAY_MS);
      for (const identifier of patient.identifier) if (identifier.value === 'GD4010198765432') identifier.period = { ...identifier.period, end: yesterday };
      assert.equal((await clerkA.request(`/fhir/R4/Patient/${patientId}`, { method: 'PUT', json: patient })).status, 200);
      const refused = await postJson(clerkA, `/api/registration/appointments/${appointment.id}/check-in`, {});
      assert.equal(refused.status, 400);
      const body = await refused.json();
      assert.equal(body.code, 'card-invalid-on-day');
      assert.match(body.message, /^Thẻ BHYT GD4010198765432 không còn giá trị/);
      assert.equal((await (await clerkA.request(`/fhir/R4/Appointment/${appointment.id}`)).json()).status, 'booked', 'nothing written');
      const selfPay = await postJson(clerkA, `/api/registration/appointments/${appointment.id}/check-in`, { payment: 'self-pay' });
      assert.equal(selfPay.status, 201, await selfPay.clone().text());
      assert.equal((await selfPay.json()).visit.payment, 'self-pay');
      assert.equal((await postJson(clerkA, `/api/registration/appointments/${appointment.id}/check-in`, { payment: 'cash' })).status, 400);
    });

    test('two clerks checking in at once get one visit', async () => {
      const { appointment } = await (await book(clerkA, patients[3], { ...currentSlot(), locationId: desk.rooms[1] })).json();
      const responses = await Promise.all([clerkA, clerkB, clerkA].map((actor) => postJson(actor, `/api/registration/appointments/${appointment.id}/check-in`, {})));
      assert.deepEqual(responses.map((response) => response.status).sort(), [200, 200, 201]);
      const bodies = await Promise.all(responses.map((response) => response.json()));
      assert.equal(new Set(bodies.map((body) => body.visit.encounterId)).size, 1);
      assert.equal(new Set(bodies.map((body) => body.visit.number)).size, 1);
      const encounters = await (await clerkA.request(`/fhir/R4/Encounter?appointment=Appointment/${appointment.id}`)).json();
      assert.equal(encounters.entry.length, 1);
      // An Appointment deleted through the FHIR API does not keep the doctor from finishing the visit.
      assert.ok([200, 204].includes((await server.request(`/fhir/R4/Appointment/${appointment.id}`, { method: 'DELETE' })).status));
      const doctor = await userIn(server, 'bacsi.hen.xoa', 'doctor', desk.facilityId);
      assert.equal((await postJson(doctor, `/api/queue/${bodies[0].visit.encounterId}/finish`, {})).status, 200);
    });

    test('cancel needs a reason; no-show only once the slot has started; neither changes a closed appointment', async () => {
      const { appointment: later } = await (await book(clerkA, patients[4], { time: '10:00' })).json();
      const noReason = await postJson(clerkA, `/api/registration/appointments/${later.id}/cancel`, {});
      assert.equal(noReason.status, 400);
      assert.equal((await noReason.json()).message, 'Vui lòng nhập lý do hủy lịch hẹn.');
      const early = await postJson(clerkA, `/api/registration/appointments/${later.id}/no-show`, {});
      assert.equal(early.status, 400);
      assert.equal((await early.json()).code, 'no-show-too-early');
      const cancelled = await (await postJson(clerkB, `/api/registration/appointments/${later.id}/cancel`, { reason: 'Người bệnh báo bận' })).json();
      assert.equal(cancelled.appointment.status, 'cancelled');
      assert.equal(cancelled.appointment.cancelReason, 'Người bệnh báo bận');
      const stored = await (await clerkA.request(`/fhir/R4/Appointment/${later.id}`)).json();
      assert.deepEqual(stored.cancelationReason, { text: 'Người bệnh báo bận' });
      assert.equal((await postJson(clerkA, `/api/registration/appointments/${later.id}/check-in`, {})).status, 409);
      assert.equal((await book(clerkA, patients[4], { time: '10:00' })).status, 201, 'a cancelled booking frees the slot');

      const { appointment: now } = await (await book(clerkA, patients[4], { ...currentSlot(), locationId: desk.rooms[0] })).json();
      const missed = await (await postJson(clerkA, `/api/registration/appointments/${now.id}/no-show`, {})).json();
      assert.equal(missed.appointment.status, 'noshow');
      assert.equal((await postJson(clerkA, `/api/registration/appointments/${now.id}/no-show`, {})).status, 200, 'a second click is the same answer');
      assert.equal((await postJson(clerkA, `/api/registration/appointments/${now.id}/check-in`, {})).status, 409);
      assert.equal((await postJson(clerkA, '/api/registration/appointments/khong-co/no-show', {})).status, 404);
    });

    test("another facility's staff neither see nor change the bookings; a pharmacist may not book", async () => {
      const other = await createFacility(server, 'tram-hen-khac', ['Phòng khám X']);
      const outsider = await clerk(server, 'tiepdon.hen.khac', other.facilityId);
      const ours = await dayList(clerkA, tomorrow());
      assert.ok(ours.length > 0);
      assert.deepEqual(await dayList(outsider, tomorrow()), []);
      const target = ours.find((item) => item.status === 'booked')!;
      for (const action of ['check-in', 'cancel', 'no-show']) {
        const response = await postJson(outsider, `/api/registration/appointments/${target.id}/${action}`, { reason: 'x' });
        assert.equal(response.status, 403, action);
      }
      const intoOurRoom = await postJson(outsider, '/api/registration/appointments', { patientId: patients[0], locationId: desk.rooms[0], date: tomorrow(), time: '15:00', payment: 'self-pay' });
      assert.equal(intoOurRoom.status, 400, "our room is not one of theirs");
      assert.equal((await (await clerkA.request(`/fhir/R4/Appointment/${target.id}`)).json()).status, 'booked');
      const pharmacist = await userIn(server, 'duocsi.hen', 'pharmacist', desk.facilityId);
      assert.equal((await book(pharmacist, patients[5], { time: '16:00' })).status, 403);
    });
  });
}
