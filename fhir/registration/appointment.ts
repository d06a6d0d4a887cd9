// A visit booked ahead (lịch hẹn khám) as a FHIR Appointment: who, which room, which time slot (Vietnamese time,
// +07:00), why, who pays, how urgent. The desk books it, lists the day's bookings, and on the day checks the patient
// in (the visit is then registered like a walk-in and the Encounter points back at the Appointment), or records a
// cancellation or a no-show. The rules here are pure: the service applies them to what is stored.
import type { Appointment, Coding, Location, Patient, Reference } from '@medplum/fhirtypes';
import { isVisitPriority, VISIT_PRIORITIES, type VisitPriority } from './code-lists.ts';
import type { Language } from './messages.ts';
import type { PatientSummary } from './patient-summary.ts';
import { formatVnDate } from './dates.ts';
import { MAX_REASON_LENGTH, paymentExtension, paymentOf, VISIT_PRIORITY_SYSTEM, type VisitPayment } from './visit.ts';
import { MINUTE_MS, vnDateTime, vnMidnight } from '../vietnam-time.ts';
import { fillTemplate } from '../text/template.ts';

/** Sen-defined: the visit priority the booking asks for (carried over to the Encounter at check-in). */
export const VISIT_PRIORITY_EXTENSION = 'https://sen.health.vn/fhir/StructureDefinition/visit-priority';

/** The slot lengths the desk offers, in minutes. */
export const SLOT_MINUTES = [15, 30, 60] as const;
export type SlotMinutes = (typeof SLOT_MINUTES)[number];
export const DEFAULT_SLOT_MINUTES: SlotMinutes = 30;
/** Bookings start on this grid (08:00, 08:05…), so that slots line up in the day list. */
const START_GRID_MINUTES = 5;
/** How far ahead the desk books: a typo in the year should not make a booking for 2062. */
export const MAX_DAYS_AHEAD = 366;

export type AppointmentStatus = 'booked' | 'arrived' | 'fulfilled' | 'cancelled' | 'noshow';
export type AppointmentAction = 'check-in' | 'cancel' | 'no-show';

const MESSAGES = {
  'patient-required': { vi: 'Chưa chọn người bệnh.', en: 'Choose the patient.' },
  'room-required': { vi: 'Chưa chọn phòng khám.', en: 'Choose the room.' },
  'date-invalid': { vi: 'Ngày hẹn không hợp lệ: nhập dd/mm/yyyy, ví dụ 05/12/2026.', en: 'Not a valid date: type dd/mm/yyyy, e.g. 05/12/2026.' },
  'time-invalid': { vi: 'Giờ hẹn không hợp lệ: nhập giờ:phút, ví dụ 08:30 (phút chia hết cho 5).', en: 'Not a valid time: type hh:mm, e.g. 08:30 (minutes in steps of 5).' },
  'slot-length': { vi: 'Thời lượng hẹn phải là 15, 30 hoặc 60 phút.', en: 'A slot lasts 15, 30 or 60 minutes.' },
  'slot-past-midnight': { vi: 'Khung giờ hẹn phải kết thúc trong ngày (trước 24:00).', en: 'The slot must end on the same day (by 24:00).' },
  'in-past': { vi: 'Không thể đặt lịch hẹn vào thời gian đã qua ({date}).', en: 'An appointment cannot be booked in the past ({date}).' },
  'too-far-ahead': { vi: 'Chỉ đặt lịch hẹn trong vòng {days} ngày tới.', en: 'Appointments can be booked at most {days} days ahead.' },
  'reason-too-long': { vi: 'Lý do khám quá dài (tối đa {max} ký tự).', en: 'The reason is too long (at most {max} characters).' },
  'payment-invalid': { vi: 'Đối tượng phải là "Bảo hiểm y tế" hoặc "Thu phí".', en: 'Payment must be health insurance or self-pay.' },
  'priority-invalid': { vi: 'Mức ưu tiên không có trong danh mục.', en: 'Unknown priority.' },
  'unknown-room': { vi: 'Phòng khám này không có trong danh sách phòng của cơ sở.', en: 'This room is not one of the facility\'s rooms.' },
  'unknown-patient': { vi: 'Không tìm thấy người bệnh này.', en: 'This patient is not on file.' },
  'patient-merged': { vi: 'Hồ sơ này đã được gộp vào hồ sơ khác ({patient}); hãy đặt lịch cho hồ sơ được giữ lại.', en: 'This record was merged into another ({patient}); book for the record kept.' },
  'no-card': { vi: 'Người bệnh chưa có thẻ BHYT: đặt lịch theo diện thu phí hoặc bổ sung thẻ trước.', en: 'The patient has no health-insurance card: book as self-pay or add the card first.' },
  'card-invalid-on-day': { vi: 'Thẻ BHYT {card} không còn giá trị vào ngày hẹn {date}.', en: 'Health-insurance card {card} is not valid on {date}.' },
  overlap: { vi: 'Người bệnh đã có lịch hẹn trùng giờ: {time} ngày {date} tại {room}.', en: 'The patient already has an appointment at that time: {time} on {date} in {room}.' },
  'slot-full': { vi: 'Khung giờ {time} ngày {date} tại {room} đã đủ {max} lịch hẹn; vui lòng chọn giờ khác.', en: 'The {time} slot on {date} in {room} already has {max} appointments; choose another time.' },
  'not-found': { vi: 'Không tìm thấy lịch hẹn này.', en: 'No such appointment.' },
  'check-in-wrong-day': { vi: 'Lịch hẹn này vào ngày {date}, chỉ tiếp nhận được trong ngày hẹn.', en: 'This appointment is on {date}; it can be checked in on that day only.' },
  'check-in-closed': { vi: 'Không thể tiếp nhận: lịch hẹn ở trạng thái "{status}".', en: 'Cannot check in: the appointment is "{status}".' },
  'cancel-closed': { vi: 'Không thể hủy: lịch hẹn ở trạng thái "{status}".', en: 'Cannot cancel: the appointment is "{status}".' },
  'no-show-closed': { vi: 'Không thể ghi nhận vắng mặt: lịch hẹn ở trạng thái "{status}".', en: 'Cannot mark a no-show: the appointment is "{status}".' },
  'no-show-too-early': { vi: 'Chưa đến giờ hẹn ({time} ngày {date}): chưa thể ghi nhận vắng mặt.', en: 'The appointment ({time} on {date}) has not started yet: it cannot be a no-show.' },
  'cancel-reason-required': { vi: 'Vui lòng nhập lý do hủy lịch hẹn.', en: 'Enter why the appointment is cancelled.' },
} as const satisfies Record<string, Record<Language, string>>;

export type AppointmentMessageCode = keyof typeof MESSAGES;

export const STATUS_LABELS: Record<AppointmentStatus, { vi: string; en: string }> = {
  booked: { vi: 'Đã hẹn', en: 'Booked' },
  arrived: { vi: 'Đã đến', en: 'Checked in' },
  fulfilled: { vi: 'Đã khám', en: 'Seen' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
  noshow: { vi: 'Vắng mặt', en: 'No-show' },
};

/** The message for `code`, with {placeholders} filled; a {status} code is worded in the same language. */
export function appointmentMessage(code: AppointmentMessageCode, language: Language = 'vi', params: Record<string, string | number> = {}): string {
  const worded = Object.fromEntries(Object.entries(params).map(([name, value]) =>
    [name, name === 'status' && Object.hasOwn(STATUS_LABELS, value) ? STATUS_LABELS[value as AppointmentStatus][language] : value]));
  return fillTemplate(MESSAGES[code][language], worded);
}

export function appointmentMessageCodes(): AppointmentMessageCode[] {
  return Object.keys(MESSAGES) as AppointmentMessageCode[];
}

/** A booking the desk refuses: the code says why (and which HTTP status: a clash with other bookings is a 409). */
export class AppointmentRefused extends Error {
  constructor(readonly code: AppointmentMessageCode, readonly params: Record<string, string | number> = {}) {
    super(appointmentMessage(code, 'vi', params));
  }

  get status(): number {
    if (this.code === 'not-found' || this.code === 'unknown-patient') return 404;
    if (['overlap', 'slot-full', 'check-in-closed', 'cancel-closed', 'no-show-closed', 'patient-merged'].includes(this.code)) return 409;
    return 400;
  }
}

/** What the desk sends to book. */
export interface BookingRequest {
  patientId: string;
  locationId: string;
  /** YYYY-MM-DD, a Vietnamese calendar day. */
  date: string;
  /** HH:mm, Vietnamese time. */
  time: string;
  minutes: SlotMinutes;
  reason: string;
  payment: VisitPayment;
  priority: VisitPriority;
}

/** A time slot as instants (epoch ms) and as FHIR instants with the Vietnamese offset. */
export interface Slot {
  startMs: number;
  endMs: number;
  start: string;
  end: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Reads a JSON body into a booking, refusing what no clinic could mean (bad date or time, odd slot length, a slot
 * already over, too far ahead). Ids are only checked for presence here: the service looks them up.
 */
export function readBooking(body: unknown, nowMs: number): BookingRequest {
  const input = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const text = (name: string): string => (typeof input[name] === 'string' ? (input[name] as string).trim() : '');
  if (!text('patientId')) throw new AppointmentRefused('patient-required');
  if (!text('locationId')) throw new AppointmentRefused('room-required');
  const date = text('date');
  if (!isCalendarDay(date)) throw new AppointmentRefused('date-invalid');
  const time = text('time');
  const timeMatch = TIME.exec(time);
  if (!timeMatch || Number(timeMatch[2]) % START_GRID_MINUTES !== 0) throw new AppointmentRefused('time-invalid');
  const minutes = input.minutes === undefined ? DEFAULT_SLOT_MINUTES : input.minutes;
  if (!SLOT_MINUTES.includes(minutes as SlotMinutes)) throw new AppointmentRefused('slot-length');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length > MAX_REASON_LENGTH) throw new AppointmentRefused('reason-too-long', { max: MAX_REASON_LENGTH });
  const payment = text('payment');
  if (payment !== 'insurance' && payment !== 'self-pay') throw new AppointmentRefused('payment-invalid');
  const priority = text('priority') || 'none';
  if (!isVisitPriority(priority)) throw new AppointmentRefused('priority-invalid');
  const booking: BookingRequest = { patientId: text('patientId'), locationId: text('locationId'), date, time, minutes: minutes as SlotMinutes, reason, payment, priority };
  const slot = slotOf(booking);
  if (slot.endMs > vnMidnight(date) + 24 * 60 * MINUTE_MS) throw new AppointmentRefused('slot-past-midnight');
  // A slot already under way may still be booked (the patient phones from the gate); one that is over may not.
  if (slot.endMs <= nowMs) throw new AppointmentRefused('in-past', { date: `${time} ${formatVnDate(date)}` });
  if (slot.startMs > nowMs + MAX_DAYS_AHEAD * 24 * 60 * MINUTE_MS) throw new AppointmentRefused('too-far-ahead', { days: MAX_DAYS_AHEAD });
  return booking;
}

/** YYYY-MM-DD of a day that exists (not 30/02). */
export function isCalendarDay(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

export function slotOf(booking: Pick<BookingRequest, 'date' | 'time' | 'minutes'>): Slot {
  const [hours, minutes] = booking.time.split(':').map(Number);
  const startMs = vnMidnight(booking.date) + (hours * 60 + minutes) * MINUTE_MS;
  const endMs = startMs + booking.minutes * MINUTE_MS;
  return { startMs, endMs, start: vnDateTime(startMs), end: vnDateTime(endMs) };
}

/** Half-open intervals: a slot ending at 08:30 does not clash with one starting at 08:30. */
export function slotsOverlap(a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

/** Bookings that still hold their slot: a cancelled or missed one frees it. */
export function holdsSlot(status: string): boolean {
  return status === 'booked' || status === 'arrived' || status === 'fulfilled';
}

export interface AppointmentFacts {
  booking: BookingRequest;
  patient: Reference<Patient>;
  room: Reference<Location>;
  /** FHIR dateTime of the booking. */
  created: string;
}

export function appointmentForBooking(facts: AppointmentFacts): Appointment {
  const { booking } = facts;
  const slot = slotOf(booking);
  const priority = VISIT_PRIORITIES.find((candidate) => candidate.code === booking.priority)!;
  const priorityCoding: Coding = { system: VISIT_PRIORITY_SYSTEM, code: priority.code, display: priority.vi };
  const appointment: Appointment = {
    resourceType: 'Appointment',
    extension: [paymentExtension(booking.payment), { url: VISIT_PRIORITY_EXTENSION, valueCoding: priorityCoding }],
    status: 'booked',
    description: `Hẹn khám ${facts.room.display ?? ''}`.trim(),
    start: slot.start,
    end: slot.end,
    minutesDuration: booking.minutes,
    created: facts.created,
    participant: [
      { actor: facts.patient, required: 'required', status: 'accepted' },
      { actor: facts.room, required: 'required', status: 'accepted' },
    ],
  };
  if (booking.reason) appointment.reasonCode = [{ text: booking.reason }];
  return appointment;
}

/** The booked facts an Appointment carries, to register its visit at check-in. */
export interface BookedVisit {
  patientId: string;
  locationId: string;
  roomName: string;
  reason: string;
  payment: VisitPayment;
  priority: VisitPriority;
  /** YYYY-MM-DD of the slot, Vietnamese time. */
  day: string;
  /** HH:mm of the slot start. */
  time: string;
  startMs: number;
  endMs: number;
}

export function bookedVisitOf(appointment: Appointment): BookedVisit {
  const actor = (type: string) => appointment.participant?.find((participant) => participant.actor?.reference?.startsWith(`${type}/`))?.actor;
  const room = actor('Location');
  const priority = appointment.extension?.find((extension) => extension.url === VISIT_PRIORITY_EXTENSION)?.valueCoding?.code ?? 'none';
  const start = appointment.start ?? '';
  const startMs = Date.parse(start);
  // An Appointment written through the FHIR API may have no start yet (proposed, waitlisted): it has no day.
  const local = Number.isFinite(startMs) ? vnDateTime(startMs) : '';
  return {
    patientId: actor('Patient')?.reference?.slice('Patient/'.length) ?? '',
    locationId: room?.reference?.slice('Location/'.length) ?? '',
    roomName: room?.display ?? '',
    reason: appointment.reasonCode?.[0]?.text ?? '',
    payment: paymentOf(appointment) ?? 'self-pay',
    priority: isVisitPriority(priority) ? priority : 'none',
    day: local.slice(0, 10),
    time: local.slice(11, 16),
    startMs,
    endMs: Date.parse(appointment.end ?? start),
  };
}

/**
 * The status an action leads to, or why it is refused. `same` means the action was already done (a second click, a
 * retry): the desk gets the same answer again instead of an error.
 */
export function nextStatus(appointment: Appointment, action: AppointmentAction, nowMs: number, today: string): { status: AppointmentStatus; same: boolean } {
  const status = appointment.status as AppointmentStatus;
  const booked = bookedVisitOf(appointment);
  if (action === 'check-in') {
    if (status === 'arrived' || status === 'fulfilled') return { status, same: true };
    if (status !== 'booked') throw new AppointmentRefused('check-in-closed', { status });
    if (booked.day !== today) throw new AppointmentRefused('check-in-wrong-day', { date: formatVnDate(booked.day) });
    return { status: 'arrived', same: false };
  }
  if (action === 'cancel') {
    if (status === 'cancelled') return { status, same: true };
    if (status !== 'booked') throw new AppointmentRefused('cancel-closed', { status });
    return { status: 'cancelled', same: false };
  }
  if (status === 'noshow') return { status, same: true };
  if (status !== 'booked') throw new AppointmentRefused('no-show-closed', { status });
  if (booked.startMs > nowMs) throw new AppointmentRefused('no-show-too-early', { time: booked.time, date: formatVnDate(booked.day) });
  return { status: 'noshow', same: false };
}

/** The Appointment after a cancellation or a no-show (check-in goes through the visit registration first). */
export function withStatus(appointment: Appointment, status: AppointmentStatus, cancelReason?: string): Appointment {
  const next: Appointment = { ...appointment, status };
  if (status === 'cancelled') next.cancelationReason = { text: cancelReason };
  return next;
}

/** A booking as the desk's day list shows it. */
export interface AppointmentItem {
  id: string;
  status: AppointmentStatus;
  start: string;
  end: string;
  /** HH:mm of the start, Vietnamese time. */
  time: string;
  room: { id: string; name: string };
  patient: PatientSummary;
  reason?: string;
  payment: VisitPayment;
  priority: VisitPriority;
  cancelReason?: string;
  /** Once checked in: the visit and its queue number. */
  visit?: { encounterId: string; number: number };
}
