import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appointmentForBooking,
  appointmentMessage,
  appointmentMessageCodes,
  AppointmentRefused,
  bookedVisitOf,
  holdsSlot,
  nextStatus,
  readBooking,
  slotOf,
  slotsOverlap,
  withStatus,
  type BookingRequest,
} from '../../../../fhir/registration/appointment.ts';
import { encounterForVisit } from '../../../../fhir/registration/visit.ts';
import { validateResource } from '../../../../fhir/validation/validate.ts';

// 10:00 on 1 June 2026 in Vietnam.
const NOW = Date.parse('2026-06-01T10:00:00+07:00');
const body = (overrides: Record<string, unknown> = {}) => ({
  patientId: 'p1', locationId: 'r1', date: '2026-06-02', time: '08:30', minutes: 30, reason: ' Tái khám tăng huyết áp ', payment: 'self-pay', priority: 'elderly', ...overrides,
});

function refusal(work: () => unknown): AppointmentRefused {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof AppointmentRefused, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

describe('Reading a booking', () => {
  test('a good booking is read with the reason trimmed and the priority kept', () => {
    const booking = readBooking(body(), NOW);
    assert.deepEqual(booking, { patientId: 'p1', locationId: 'r1', date: '2026-06-02', time: '08:30', minutes: 30, reason: 'Tái khám tăng huyết áp', payment: 'self-pay', priority: 'elderly' });
    assert.equal(readBooking(body({ minutes: undefined, priority: undefined }), NOW).minutes, 30, 'default slot length');
  });

  test('a slot that is over is in the past; one under way may still be booked', () => {
    const past = refusal(() => readBooking(body({ date: '2026-06-01', time: '09:30' }), NOW));
    assert.equal(past.code, 'in-past');
    assert.equal(past.status, 400);
    assert.match(past.message, /đã qua \(09:30 01\/06\/2026\)/);
    assert.equal(refusal(() => readBooking(body({ date: '2026-05-31', time: '15:00' }), NOW)).code, 'in-past');
    assert.equal(readBooking(body({ date: '2026-06-01', time: '09:45', minutes: 30 }), NOW).time, '09:45');
  });

  test('dates, times and lengths no clinic means are refused with their own message', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ patientId: '' }, 'patient-required'],
      [{ locationId: undefined }, 'room-required'],
      [{ date: '02/06/2026' }, 'date-invalid'],
      [{ date: '2026-02-30' }, 'date-invalid'],
      [{ time: '8:30' }, 'time-invalid'],
      [{ time: '24:00' }, 'time-invalid'],
      [{ time: '08:32' }, 'time-invalid'],
      [{ minutes: 45 }, 'slot-length'],
      [{ minutes: '30' }, 'slot-length'],
      [{ time: '23:45', minutes: 30 }, 'slot-past-midnight'],
      [{ date: '2027-06-03' }, 'too-far-ahead'],
      [{ reason: 'x'.repeat(501) }, 'reason-too-long'],
      [{ payment: 'cash' }, 'payment-invalid'],
      [{ priority: 'vip' }, 'priority-invalid'],
    ];
    for (const [overrides, code] of cases) assert.equal(refusal(() => readBooking(body(overrides), NOW)).code, code, JSON.stringify(overrides));
    assert.equal(refusal(() => readBooking(null, NOW)).code, 'patient-required');
  });
});

describe('Slots', () => {
  test('are instants with the Vietnamese offset', () => {
    const slot = slotOf({ date: '2026-06-02', time: '08:30', minutes: 15 });
    assert.equal(slot.start, '2026-06-02T08:30:00+07:00');
    assert.equal(slot.end, '2026-06-02T08:45:00+07:00');
    assert.equal(slot.startMs, Date.parse('2026-06-02T01:30:00Z'));
  });

  test('touching slots do not overlap; nested and straddling ones do', () => {
    const a = slotOf({ date: '2026-06-02', time: '08:00', minutes: 30 });
    assert.equal(slotsOverlap(a, slotOf({ date: '2026-06-02', time: '08:30', minutes: 30 })), false);
    assert.equal(slotsOverlap(a, slotOf({ date: '2026-06-02', time: '07:30', minutes: 30 })), false);
    assert.equal(slotsOverlap(a, slotOf({ date: '2026-06-02', time: '08:15', minutes: 15 })), true);
    assert.equal(slotsOverlap(a, slotOf({ date: '2026-06-02', time: '07:45', minutes: 30 })), true);
    assert.equal(slotsOverlap(slotOf({ date: '2026-06-02', time: '07:00', minutes: 60 }), slotOf({ date: '2026-06-02', time: '08:00', minutes: 60 })), false);
  });

  test('cancelled and missed bookings free their slot', () => {
    assert.deepEqual(['booked', 'arrived', 'fulfilled', 'cancelled', 'noshow'].map(holdsSlot), [true, true, true, false, false]);
  });
});

describe('A booking as a FHIR Appointment', () => {
  const booking: BookingRequest = readBooking(body({ payment: 'insurance' }), NOW);
  const appointment = appointmentForBooking({
    booking,
    patient: { reference: 'Patient/p1', display: 'Nguyễn Thị Ánh' },
    room: { reference: 'Location/r1', display: 'Phòng khám 1' },
    created: '2026-06-01T10:00:00+07:00',
  });

  test('is booked, for the patient and the room, at +07:00, with the reason, and valid R4', () => {
    assert.equal(appointment.status, 'booked');
    assert.equal(appointment.start, '2026-06-02T08:30:00+07:00');
    assert.equal(appointment.end, '2026-06-02T09:00:00+07:00');
    assert.equal(appointment.minutesDuration, 30);
    assert.deepEqual(appointment.participant.map((participant) => participant.actor?.reference), ['Patient/p1', 'Location/r1']);
    assert.deepEqual(appointment.reasonCode, [{ text: 'Tái khám tăng huyết áp' }]);
    assert.equal(appointment.description, 'Hẹn khám Phòng khám 1');
    const errors = validateResource(appointment as never).filter((issue) => issue.severity === 'error');
    assert.deepEqual(errors, []);
  });

  test('gives back what check-in registers, and the Encounter points at it', () => {
    assert.deepEqual(bookedVisitOf({ ...appointment, id: 'a1' }), {
      patientId: 'p1', locationId: 'r1', roomName: 'Phòng khám 1', reason: 'Tái khám tăng huyết áp', payment: 'insurance', priority: 'elderly',
      day: '2026-06-02', time: '08:30', startMs: Date.parse('2026-06-02T08:30:00+07:00'), endMs: Date.parse('2026-06-02T09:00:00+07:00'),
    });
    const encounter = encounterForVisit({
      patient: { reference: 'Patient/p1' }, room: { reference: 'Location/r1' }, reason: '', payment: 'self-pay', priority: 'none', queueNumber: 1,
      day: '2026-06-02', arrived: '2026-06-02T08:20:00+07:00', appointment: { reference: 'Appointment/a1' },
    });
    assert.deepEqual(encounter.appointment, [{ reference: 'Appointment/a1' }]);
  });

  test('an Appointment without a start (written through the FHIR API) has no day and cannot be checked in', () => {
    const proposed = { ...appointment, status: 'booked' as const, start: undefined, end: undefined };
    assert.equal(bookedVisitOf(proposed).day, '');
    assert.equal(refusal(() => nextStatus(proposed, 'check-in', NOW, '2026-06-01')).code, 'check-in-wrong-day');
  });

  test('check-in only on the day, once; cancel and no-show only while booked; a second click is the same answer', () => {
    const onTheDay = Date.parse('2026-06-02T08:40:00+07:00');
    assert.deepEqual(nextStatus(appointment, 'check-in', onTheDay, '2026-06-02'), { status: 'arrived', same: false });
    assert.equal(refusal(() => nextStatus(appointment, 'check-in', NOW, '2026-06-01')).code, 'check-in-wrong-day');
    assert.deepEqual(nextStatus({ ...appointment, status: 'arrived' }, 'check-in', onTheDay, '2026-06-02'), { status: 'arrived', same: true });
    const closed = refusal(() => nextStatus({ ...appointment, status: 'cancelled' }, 'check-in', onTheDay, '2026-06-02'));
    assert.equal(closed.status, 409);
    assert.equal(closed.message, 'Không thể tiếp nhận: lịch hẹn ở trạng thái "Đã hủy".');
    assert.deepEqual(nextStatus(appointment, 'cancel', NOW, '2026-06-01'), { status: 'cancelled', same: false });
    assert.equal(refusal(() => nextStatus({ ...appointment, status: 'arrived' }, 'cancel', onTheDay, '2026-06-02')).code, 'cancel-closed');
    assert.equal(refusal(() => nextStatus(appointment, 'no-show', NOW, '2026-06-01')).code, 'no-show-too-early');
    assert.deepEqual(nextStatus(appointment, 'no-show', onTheDay, '2026-06-02'), { status: 'noshow', same: false });
    const cancelled = withStatus(appointment, 'cancelled', 'Người bệnh báo bận');
    assert.deepEqual(cancelled.cancelationReason, { text: 'Người bệnh báo bận' });
    assert.deepEqual(validateResource(cancelled as never).filter((issue) => issue.severity === 'error'), []);
  });
});

describe('Appointment messages', () => {
  test('every message says something in Vietnamese and in English, placeholders filled', () => {
    for (const code of appointmentMessageCodes()) {
      assert.ok(appointmentMessage(code, 'vi').length > 5, code);
      assert.ok(appointmentMessage(code, 'en').length > 5, code);
    }
    assert.equal(appointmentMessage('overlap', 'en', { time: '08:30', date: '02/06/2026', room: 'Phòng khám 1' }),
      'The patient already has an appointment at that time: 08:30 on 02/06/2026 in Phòng khám 1.');
    assert.equal(appointmentMessage('cancel-closed', 'en', { status: 'noshow' }), 'Cannot cancel: the appointment is "No-show".');
  });
});
