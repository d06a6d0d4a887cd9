import type { Appointment, Patient } from '@medplum/fhirtypes';
import type { Db, PrismaClient } from '../db/client.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { FhirError } from '../../fhir/outcome.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { formatVnDate } from '../../fhir/registration/dates.ts';
import { MAX_REASON_LENGTH, type RegisteredVisit, type VisitPayment } from '../../fhir/registration/visit.ts';
import { cardValidOn, displayName, summarizePatient } from '../../fhir/registration/patient-summary.ts';
import {
  appointmentForBooking,
  AppointmentRefused,
  bookedVisitOf,
  holdsSlot,
  nextStatus,
  readBooking,
  slotOf,
  slotsOverlap,
  withStatus,
  type AppointmentAction,
  type AppointmentItem,
  type AppointmentStatus,
  type BookingRequest,
} from '../../fhir/registration/appointment.ts';
import { DAY_MS, vnDateTime, vnMidnight } from '../../fhir/vietnam-time.ts';
import { currentAccess } from '../access/request-access.ts';
import { lockAppointmentKeys, readAppointments, type AppointmentCriteria, type AppointmentRow } from '../store/appointment-rows.ts';
import type { ResourceService } from './resource-service.ts';
import type { VisitQueueService } from './visit-queue-service.ts';

export interface CheckedIn {
  appointment: AppointmentItem;
  visit: RegisteredVisit;
  /** The appointment had been checked in already (a second click): the same visit, no new one. */
  repeated: boolean;
}

/**
 * Visits booked ahead: booking (the rules of fhir/registration/appointment.ts, then the clashes only the stored
 * bookings tell: the patient's overlapping slots and the room's capacity), the day's list, and the day's changes.
 * Check-in registers the visit through VisitQueueService, in the transaction that marks the Appointment arrived.
 * Every write goes through ResourceService, so it is validated, versioned, indexed and access-checked like any.
 */
export class AppointmentService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly resources: ResourceService,
    private readonly queue: VisitQueueService,
    private readonly perSlot: number,
  ) {}

  async book(body: unknown, now = Date.now()): Promise<AppointmentItem> {
    const access = currentAccess();
    access.authorize('create', 'Appointment');
    const booking = readBooking(body, now);
    if (!isValidId(booking.patientId)) throw new AppointmentRefused('unknown-patient');
    const room = (await this.queue.rooms()).find((candidate) => candidate.id === booking.locationId);
    if (!room) throw new AppointmentRefused('unknown-room');
    const id = await this.prisma.$transaction(async (tx) => {
      await lockAppointmentKeys(tx, [`patient:${booking.patientId}`, `room:${booking.locationId}:${booking.date}`]);
      const patient = await this.bookablePatient(tx, booking);
      await this.refuseClashes(tx, booking, room.name);
      const appointment = appointmentForBooking({
        booking,
        patient: { reference: `Patient/${booking.patientId}`, display: displayName(patient) },
        room: { reference: `Location/${room.id}`, display: room.name },
        created: vnDateTime(now),
      });
      return (await this.resources.create('Appointment', appointment as unknown as ResourceJson, undefined, tx)).version.id;
    });
    return this.item(this.prisma, id);
  }

  /** The patient, if the booking may be for them: on file, not merged away, with a card valid that day when insured. */
  private async bookablePatient(tx: Db, booking: BookingRequest): Promise<Patient> {
    const patient = JSON.parse((await this.readOr(tx, 'Patient', booking.patientId, 'unknown-patient')).content!) as Patient;
    if (patient.active === false) {
      const kept = patient.link?.find((link) => link.type === 'replaced-by')?.other.reference ?? '';
      throw new AppointmentRefused('patient-merged', { patient: kept });
    }
    if (booking.payment === 'insurance') refuseWithoutCard(patient, booking.date);
    return patient;
  }

  /** Called with the patient's and the room-day's locks held, so that concurrent bookings see each other. */
  private async refuseClashes(tx: Db, booking: BookingRequest, roomName: string): Promise<void> {
    const slot = slotOf(booking);
    const day = { fromMs: vnMidnight(booking.date), toMs: vnMidnight(booking.date) + DAY_MS };
    const holding = async (criteria: AppointmentCriteria) => (await readAppointments(tx, { ...day, ...criteria }, currentAccess().rowFilter('search')))
      .map((row) => JSON.parse(row.content) as Appointment)
      .filter((appointment) => holdsSlot(appointment.status) && slotsOverlap(slot, bookedVisitOf(appointment)));
    const [clash] = await holding({ patientId: booking.patientId });
    if (clash) {
      const other = bookedVisitOf(clash);
      throw new AppointmentRefused('overlap', { time: other.time, date: formatVnDate(other.day), room: other.roomName });
    }
    if ((await holding({ locationIds: [booking.locationId] })).length >= this.perSlot) {
      throw new AppointmentRefused('slot-full', { time: booking.time, date: formatVnDate(booking.date), room: roomName, max: this.perSlot });
    }
  }

  /** A day's appointments (of some rooms, or of one patient, or all the caller may see), by start time. */
  async day(day: string, filter: Pick<AppointmentCriteria, 'locationIds' | 'patientId'> = {}): Promise<AppointmentItem[]> {
    const access = currentAccess();
    access.authorize('search', 'Appointment');
    const fromMs = vnMidnight(day);
    const rows = await readAppointments(this.prisma, { fromMs, toMs: fromMs + DAY_MS, ...filter }, access.rowFilter('search'));
    return rows.map((row) => this.toItem(row))
      .sort((a, b) => a.start.localeCompare(b.start) || a.room.name.localeCompare(b.room.name, 'vi') || a.patient.name.localeCompare(b.patient.name, 'vi'));
  }

  /**
   * Registers the booked visit (the room's next queue number, a ticket) and marks the Appointment arrived, in one
   * transaction holding the appointment's lock: two clerks checking in at once get the one visit. `payment`
   * overrides the booking's: a card that lapsed since the booking is refused with a Vietnamese message (the visit
   * registration would refuse it too), and the clerk may check the patient in as self-pay instead.
   */
  async checkIn(id: string, now = Date.now(), payment?: VisitPayment): Promise<CheckedIn> {
    const access = currentAccess();
    access.authorize('update', 'Appointment');
    const { visit, repeated } = await this.prisma.$transaction(async (tx) => {
      const { current, appointment } = await this.lockedAppointment(tx, id);
      const { same } = nextStatus(appointment, 'check-in', now, this.queue.today(now));
      if (same) {
        const [row] = await readAppointments(tx, { ids: [id] }, access.rowFilter('search'));
        if (!row?.encounterId) throw new AppointmentRefused('check-in-closed', { status: appointment.status });
        return { visit: await this.queue.registeredVisit(row.encounterId, tx), repeated: true };
      }
      const booked = bookedVisitOf(appointment);
      const paidBy = payment ?? booked.payment;
      if (paidBy === 'insurance') {
        refuseWithoutCard(JSON.parse((await this.readOr(tx, 'Patient', booked.patientId, 'unknown-patient')).content!) as Patient, this.queue.today(now));
      }
      const registered = await this.queue.registerVisit({
        patientId: booked.patientId,
        locationId: booked.locationId,
        reason: booked.reason,
        payment: paidBy,
        priority: booked.priority,
        appointmentId: id,
      }, now, tx);
      await this.resources.update('Appointment', id, withStatus(appointment, 'arrived') as unknown as ResourceJson, current.versionId, tx);
      return { visit: registered, repeated: false };
    });
    return { appointment: await this.item(this.prisma, id), visit, repeated };
  }

  async cancel(id: string, reason: unknown, now = Date.now()): Promise<AppointmentItem> {
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (!text) throw new AppointmentRefused('cancel-reason-required');
    if (text.length > MAX_REASON_LENGTH) throw new AppointmentRefused('reason-too-long', { max: MAX_REASON_LENGTH });
    return this.close(id, 'cancel', now, text);
  }

  async noShow(id: string, now = Date.now()): Promise<AppointmentItem> {
    return this.close(id, 'no-show', now);
  }

  private async close(id: string, action: Exclude<AppointmentAction, 'check-in'>, now: number, cancelReason?: string): Promise<AppointmentItem> {
    currentAccess().authorize('update', 'Appointment');
    await this.prisma.$transaction(async (tx) => {
      const { current, appointment } = await this.lockedAppointment(tx, id);
      const { status, same } = nextStatus(appointment, action, now, this.queue.today(now));
      if (!same) await this.resources.update('Appointment', id, withStatus(appointment, status, cancelReason) as unknown as ResourceJson, current.versionId, tx);
    });
    return this.item(this.prisma, id);
  }

  private async lockedAppointment(tx: Db, id: string) {
    if (!isValidId(id)) throw new AppointmentRefused('not-found');
    await lockAppointmentKeys(tx, [`id:${id}`]);
    const current = await this.readOr(tx, 'Appointment', id, 'not-found');
    return { current, appointment: JSON.parse(current.content!) as Appointment };
  }

  /** Reads a resource the caller may see; unknown or deleted is the desk's refusal `code`, another facility's a 403. */
  private async readOr(db: Db, resourceType: string, id: string, code: 'not-found' | 'unknown-patient') {
    try {
      return await this.resources.read(resourceType, id, db);
    } catch (error) {
      if (error instanceof FhirError && (error.status === 404 || error.status === 410)) throw new AppointmentRefused(code);
      throw error;
    }
  }

  private async item(db: Db, id: string): Promise<AppointmentItem> {
    const [row] = await readAppointments(db, { ids: [id] }, currentAccess().rowFilter('search'));
    if (!row) throw new AppointmentRefused('not-found');
    return this.toItem(row);
  }

  private toItem(row: AppointmentRow): AppointmentItem {
    const appointment = JSON.parse(row.content) as Appointment;
    const booked = bookedVisitOf(appointment);
    const patient = row.patient ? (JSON.parse(row.patient) as Patient) : undefined;
    if (patient) currentAccess().disclosure.add({ resourceType: 'Patient', id: booked.patientId, patientIds: [booked.patientId] });
    const cancelReason = appointment.cancelationReason?.text;
    return {
      id: row.id,
      status: appointment.status as AppointmentStatus,
      start: appointment.start ?? '',
      end: appointment.end ?? '',
      time: booked.time,
      room: { id: booked.locationId, name: booked.roomName },
      patient: patient ? summarizePatient(patient, booked.day) : { id: booked.patientId, name: '' },
      ...(booked.reason ? { reason: booked.reason } : {}),
      payment: booked.payment,
      priority: booked.priority,
      ...(cancelReason ? { cancelReason } : {}),
      ...(row.encounterId && row.number !== null ? { visit: { encounterId: row.encounterId, number: row.number } } : {}),
    };
  }
}

/** An insured visit on `day` needs the patient's BHYT card, valid that day. */
function refuseWithoutCard(patient: Patient, day: string): void {
  const card = summarizePatient(patient, day).bhyt;
  if (!card) throw new AppointmentRefused('no-card');
  if (!cardValidOn(card, day)) throw new AppointmentRefused('card-invalid-on-day', { card: card.card, date: formatVnDate(day) });
}
