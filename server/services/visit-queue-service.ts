import type { Appointment, Encounter, Location, Organization, Patient } from '@medplum/fhirtypes';
import { closedEncounter, type VisitClosing } from '../../fhir/examination/visit-closing.ts';
import type { Db, PrismaClient } from '../db/client.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { badRequest, conflict, FhirError, forbidden } from '../../fhir/outcome.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { BHYT_CARD_SYSTEM } from '../../fhir/identifiers/systems.ts';
import { isVisitPriority, priorityRank, type VisitPriority } from '../../fhir/registration/code-lists.ts';

import { cardValidOn, displayName, shortDisplayName, summarizePatient, type PatientSummary } from '../../fhir/registration/patient-summary.ts';
import {
  encounterForVisit,
  MAX_REASON_LENGTH,
  paymentOf,
  priorityOf,
  type RegisteredVisit,
  type Room,
  type VisitPayment,
} from '../../fhir/registration/visit.ts';
import { withStatus } from '../../fhir/registration/appointment.ts';
import { currentAccess } from '../access/request-access.ts';
import {
  insertQueueEntry,
  lockRoomQueue,
  markCalled,
  nextQueueNumber,
  readDirectory,
  readQueue,
  readQueueEntry,
  recentQueuedPatients,
  type QueueRow,
} from '../store/visit-queue-rows.ts';
import type { ResourceService } from './resource-service.ts';
import { vnDate } from '../../fhir/vietnam-time.ts';

export interface VisitRequest {
  patientId: string;
  locationId: string;
  reason: string;
  payment: VisitPayment;
  priority: VisitPriority;
  /** The Appointment checked in, when the visit was booked ahead. */
  appointmentId?: string;
}

export type QueueStatus = 'waiting' | 'in-progress' | 'finished' | 'cancelled';

export interface QueueItem {
  encounterId: string;
  number: number;
  status: QueueStatus;
  priority: VisitPriority;
  payment?: VisitPayment;
  reason?: string;
  registeredAt: string;
  calledAt?: string;
  patient: PatientSummary;
}

export interface RoomDisplay {
  room: Room;
  /** The patient called last (the one the screen invites in). */
  calling?: { number: number; name: string; calledAt: string };
  /** Who comes next, in calling order. */
  next: { number: number; name: string; priority: VisitPriority }[];
  waiting: number;
}

export type QueueAction = 'call' | 'recall' | 'finish' | 'cancel';

const STATUS_OF: Record<string, QueueStatus> = {
  planned: 'waiting', arrived: 'waiting', triaged: 'waiting', 'in-progress': 'in-progress', onleave: 'in-progress',
  finished: 'finished', cancelled: 'cancelled', 'entered-in-error': 'cancelled', unknown: 'waiting',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Visits and the room queues: registering a visit takes the room's next number for the day and writes the
 * Encounter in one transaction; doctors call, recall and finish visits; the waiting-room screen shows who is called.
 */
export class VisitQueueService {
  constructor(private readonly prisma: PrismaClient, private readonly resources: ResourceService) {}

  today(now = Date.now()): string {
    return vnDate(now);
  }

  async rooms(): Promise<Room[]> {
    const access = currentAccess();
    access.authorize('search', 'Location');
    const facilityId = access.systemWide ? null : access.principal.facilityId;
    if (!access.systemWide && facilityId === null) return [];
    const [locations, organizations] = await Promise.all([
      readDirectory(this.prisma, 'Location', facilityId),
      readDirectory(this.prisma, 'Organization', facilityId),
    ]);
    const organizationNames = new Map(organizations.map((row) => [row.id, (JSON.parse(row.content) as Organization).name]));
    return locations
      .map((row) => ({ row, location: JSON.parse(row.content) as Location }))
      .filter(({ location }) => location.status !== 'inactive' && location.mode !== 'kind')
      .map(({ row, location }) => {
        const owner = row.facilityId ?? location.managingOrganization?.reference?.replace(/^Organization\//, '') ?? null;
        return { id: row.id, name: location.name ?? row.id, facilityId: owner, ...(owner && organizationNames.get(owner) ? { facilityName: organizationNames.get(owner) } : {}) };
      })
      .sort((a, b) => (a.facilityName ?? '').localeCompare(b.facilityName ?? '', 'vi') || a.name.localeCompare(b.name, 'vi'));
  }

  /** In the caller's transaction `db` when given (checking in an appointment), else in a new one. */
  async registerVisit(request: VisitRequest, now = Date.now(), db?: Db): Promise<RegisteredVisit> {
    const access = currentAccess();
    access.authorize('create', 'Encounter');
    checkVisitRequest(request);
    const day = this.today(now);
    const register = async (tx: Db): Promise<RegisteredVisit> => {
      const patient = parse<Patient>((await this.resources.read('Patient', request.patientId, tx)).content);
      const roomRow = await this.resources.read('Location', request.locationId, tx);
      if (!access.systemWide && roomRow.facilityId !== access.principal.facilityId) {
        throw forbidden(`Location/${request.locationId} is a room of another facility`);
      }
      const room = parse<Location>(roomRow.content);
      const coverage = request.payment === 'insurance' ? await this.coverageFor(tx, patient, day) : undefined;
      const number = await nextQueueNumber(tx, request.locationId, day);
      const facilityId = access.systemWide ? roomRow.facilityId : access.principal.facilityId;
      const encounter = encounterForVisit({
        patient: { reference: `Patient/${request.patientId}` },
        room: { reference: `Location/${request.locationId}`, display: room.name },
        ...(facilityId ? { facility: { reference: `Organization/${facilityId}` } } : {}),
        reason: request.reason,
        payment: request.payment,
        ...(coverage ? { coverage: { reference: `Coverage/${coverage}` } } : {}),
        priority: request.priority,
        queueNumber: number,
        day,
        arrived: new Date(now).toISOString(),
        ...(request.appointmentId ? { appointment: { reference: `Appointment/${request.appointmentId}` } } : {}),
      });
      const created = await this.resources.create('Encounter', encounter as unknown as ResourceJson, undefined, tx);
      await insertQueueEntry(tx, {
        encounterId: created.version.id,
        facilityId: created.version.facilityId,
        locationId: request.locationId,
        day,
        number,
        patientId: request.patientId,
        priorityRank: priorityRank(request.priority),
      });
      return {
        encounterId: created.version.id,
        number,
        day,
        room: { id: request.locationId, name: room.name ?? request.locationId },
        patient: summarizePatient(patient, day),
        priority: request.priority,
        payment: request.payment,
      };
    };
    return db ? register(db) : this.prisma.$transaction(register);
  }

  /** The ticket of a visit already registered: a repeated check-in of an appointment answers with it. */
  async registeredVisit(encounterId: string, db: Db = this.prisma): Promise<RegisteredVisit> {
    const encounter = parse<Encounter>((await this.resources.read('Encounter', encounterId, db)).content);
    const entry = await readQueueEntry(db, encounterId);
    if (!entry) throw badRequest(`Encounter/${encounterId} has no queue number`);
    const patientId = encounter.subject?.reference?.replace(/^Patient\//, '') ?? '';
    const patient = parse<Patient>((await this.resources.read('Patient', patientId, db)).content);
    return {
      encounterId,
      number: entry.number,
      day: entry.day,
      room: { id: entry.locationId, name: encounter.location?.[0]?.location?.display ?? entry.locationId },
      patient: summarizePatient(patient, entry.day),
      priority: priorityOf(encounter),
      payment: paymentOf(encounter) ?? 'self-pay',
    };
  }

  /** The Coverage of the patient's BHYT card valid today; refuses an insurance visit without one. */
  private async coverageFor(tx: Db, patient: Patient, day: string): Promise<string | undefined> {
    const card = summarizePatient(patient, day).bhyt;
    if (!card) throw badRequest('The patient has no health-insurance card on file: register the visit as self-pay or add the card first');
    if (!cardValidOn(card, day)) throw badRequest(`The patient's health-insurance card ${card.card} is not valid today`);
    if (!currentAccess().allows('search', 'Coverage')) return undefined;
    const [coverage] = await this.resources.findMatches('Coverage', `identifier=${BHYT_CARD_SYSTEM}|${card.card}`, tx, { lock: false });
    return coverage;
  }

  async queue(locationIds: readonly string[], day: string): Promise<Map<string, QueueItem[]>> {
    const access = currentAccess();
    access.authorize('search', 'Encounter');
    for (const id of locationIds) if (!isValidId(id)) throw badRequest(`"${id}" is not a Location id`);
    if (!DAY.test(day)) throw badRequest('day must be YYYY-MM-DD');
    const rows = await readQueue(this.prisma, locationIds, day, access.rowFilter('search'));
    const byRoom = new Map<string, QueueItem[]>(locationIds.map((id) => [id, []]));
    for (const row of rows) {
      byRoom.get(row.locationId)?.push(toQueueItem(row, day));
      if (row.patient) access.disclosure.add({ resourceType: 'Patient', id: row.patientId, patientIds: [row.patientId] });
    }
    return byRoom;
  }

  /** A room's list in calling order: the one being seen, then the waiting (emergencies, other priorities, then by number), then the done. */
  static callingOrder(items: readonly QueueItem[]): QueueItem[] {
    const group = (item: QueueItem) => (item.status === 'in-progress' ? 0 : item.status === 'waiting' ? 1 : 2);
    return [...items].sort((a, b) => group(a) - group(b) || (group(a) === 1 ? priorityRank(a.priority) - priorityRank(b.priority) : 0) || a.number - b.number);
  }

  /** `closing`: for `finish`, the visit's outcome, follow-up date and advice, written on the finished Encounter. */
  async act(encounterId: string, action: QueueAction, closing?: VisitClosing): Promise<QueueItem> {
    const access = currentAccess();
    access.authorize('update', 'Encounter');
    if (!isValidId(encounterId)) throw badRequest(`"${encounterId}" is not an Encounter id`);
    return this.prisma.$transaction(async (tx) => {
      const entry = await readQueueEntry(tx, encounterId);
      if (!entry) throw badRequest(`Encounter/${encounterId} is not in a queue`);
      await lockRoomQueue(tx, entry.locationId, entry.day);
      return this.apply(tx, encounterId, action, entry.day, closing);
    });
  }

  /** Calls the next waiting patient of the room (emergencies first, then other priorities, then by number). */
  async callNext(locationId: string, day: string): Promise<QueueItem | undefined> {
    const access = currentAccess();
    access.authorize('update', 'Encounter');
    if (!isValidId(locationId)) throw badRequest(`"${locationId}" is not a Location id`);
    return this.prisma.$transaction(async (tx) => {
      await lockRoomQueue(tx, locationId, day);
      const rows = await readQueue(tx, [locationId], day, access.rowFilter('search'));
      const waiting = VisitQueueService.callingOrder(rows.map((row) => toQueueItem(row, day))).filter((item) => item.status === 'waiting');
      if (waiting.length === 0) return undefined;
      return this.apply(tx, waiting[0].encounterId, 'call', day);
    });
  }

  private async apply(tx: Db, encounterId: string, action: QueueAction, day: string, closing?: VisitClosing): Promise<QueueItem> {
    const current = await this.resources.read('Encounter', encounterId, tx);
    const encounter = parse<Encounter>(current.content);
    const status = STATUS_OF[encounter.status] ?? 'waiting';
    const now = new Date().toISOString();
    let next: Encounter | undefined;
    if (action === 'call') {
      if (status === 'finished' || status === 'cancelled') throw conflict(`This visit is already ${status}`);
      if (status === 'waiting') next = { ...encounter, status: 'in-progress', location: encounter.location?.map((entry) => ({ ...entry, status: 'active' })) };
      await markCalled(tx, encounterId);
    } else if (action === 'recall') {
      if (status !== 'in-progress') throw conflict('Only a patient who was called can be called again');
      await markCalled(tx, encounterId);
    } else if (action === 'finish') {
      if (status === 'finished') throw conflict('This visit is already finished');
      if (status === 'cancelled') throw conflict('This visit was cancelled');
      const finished: Encounter = {
        ...encounter,
        status: 'finished',
        period: { ...encounter.period, end: now },
        location: encounter.location?.map((entry) => ({ ...entry, status: 'completed' })),
      };
      next = closing ? closedEncounter(finished, closing) : finished;
    } else {
      if (status !== 'waiting') throw conflict('Only a waiting visit can be cancelled');
      next = { ...encounter, status: 'cancelled' };
    }
    if (next) await this.resources.update('Encounter', encounterId, next as unknown as ResourceJson, current.versionId, tx);
    if (action === 'finish') await this.fulfilAppointment(tx, encounter);
    const [row] = (await readQueue(tx, [(await readQueueEntry(tx, encounterId))!.locationId], day, currentAccess().rowFilter('search')))
      .filter((candidate) => candidate.encounterId === encounterId);
    return toQueueItem(row, day);
  }

  /**
   * A visit booked ahead is over: its Appointment is fulfilled, and the desk's day list says so. An Appointment
   * deleted meanwhile (through the FHIR API) does not keep the doctor from finishing the visit.
   */
  private async fulfilAppointment(tx: Db, encounter: Encounter): Promise<void> {
    const id = encounter.appointment?.[0]?.reference?.replace(/^Appointment\//, '');
    if (!id) return;
    const current = await this.resources.read('Appointment', id, tx).catch((error: unknown) => {
      if (error instanceof FhirError && (error.status === 404 || error.status === 410)) return undefined;
      throw error;
    });
    if (!current) return;
    const appointment = parse<Appointment>(current.content);
    if (appointment.status !== 'arrived') return;
    await this.resources.update('Appointment', id, withStatus(appointment, 'fulfilled') as unknown as ResourceJson, current.versionId, tx);
  }

  /** What the waiting-room screen shows for rooms: the number called last and the next few. */
  async display(locationIds: readonly string[], day: string, nextCount = 5): Promise<RoomDisplay[]> {
    const rooms = new Map((await this.rooms()).map((room) => [room.id, room]));
    const queues = await this.queue(locationIds, day);
    return locationIds.filter((id) => rooms.has(id)).map((id) => {
      const items = queues.get(id) ?? [];
      const called = items.filter((item) => item.calledAt && item.status !== 'cancelled')
        .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))[0];
      const waiting = VisitQueueService.callingOrder(items).filter((item) => item.status === 'waiting');
      return {
        room: rooms.get(id)!,
        ...(called ? { calling: { number: called.number, name: shortDisplayName(called.patient.name), calledAt: called.calledAt! } } : {}),
        next: waiting.slice(0, nextCount).map((item) => ({ number: item.number, name: shortDisplayName(item.patient.name), priority: item.priority })),
        waiting: waiting.length,
      };
    });
  }

  /** Patients registered most recently at the signed-in facility (the desk's "recently seen"). */
  async recentPatients(limit = 10): Promise<ResourceJson[]> {
    const access = currentAccess();
    access.authorize('search', 'Patient');
    const contents = await recentQueuedPatients(this.prisma, access.systemWide ? null : access.principal.facilityId, limit, access.rowFilter('search'));
    const patients = contents.map((content) => JSON.parse(content) as ResourceJson);
    for (const patient of patients) access.disclosure.add({ resourceType: 'Patient', id: String(patient.id), patientIds: [String(patient.id)] });
    return patients;
  }

  /** A visit with what its ticket prints. */
  async ticket(encounterId: string): Promise<{ encounter: Encounter; patient: Patient; room: string; facility?: string; number: number; day: string }> {
    const encounter = parse<Encounter>((await this.resources.read('Encounter', encounterId)).content);
    const entry = await readQueueEntry(this.prisma, encounterId);
    if (!entry) throw badRequest(`Encounter/${encounterId} has no queue number`);
    const patientId = encounter.subject?.reference?.replace(/^Patient\//, '') ?? '';
    const patient = parse<Patient>((await this.resources.read('Patient', patientId)).content);
    const room = parse<Location>((await this.resources.read('Location', entry.locationId)).content);
    const facilityId = encounter.serviceProvider?.reference?.replace(/^Organization\//, '');
    const facility = facilityId ? parse<Organization>((await this.resources.read('Organization', facilityId).catch(() => undefined))?.content ?? null) : undefined;
    return { encounter, patient, room: room.name ?? entry.locationId, facility: facility?.name, number: entry.number, day: entry.day };
  }
}

function parse<T>(content: string | null): T {
  return (content ? JSON.parse(content) : {}) as T;
}

function checkVisitRequest(request: VisitRequest): void {
  if (!isValidId(request.patientId)) throw badRequest('patientId must be a Patient id');
  if (!isValidId(request.locationId)) throw badRequest('locationId must be a Location id (the room)');
  if (request.appointmentId !== undefined && !isValidId(request.appointmentId)) throw badRequest('appointmentId must be an Appointment id');
  if (typeof request.reason !== 'string' || request.reason.length > MAX_REASON_LENGTH) throw badRequest(`reason must be text of at most ${MAX_REASON_LENGTH} characters`);
  if (request.payment !== 'insurance' && request.payment !== 'self-pay') throw badRequest('payment must be "insurance" or "self-pay"');
  if (!isVisitPriority(request.priority)) throw badRequest('priority must be emergency, child-under-6, elderly, disabled or none');
}

function toQueueItem(row: QueueRow, day: string): QueueItem {
  const encounter = JSON.parse(row.encounter) as Encounter;
  const patient = row.patient ? (JSON.parse(row.patient) as Patient) : undefined;
  const summary = patient ? summarizePatient(patient, day) : { id: row.patientId, name: '' };
  const reason = encounter.reasonCode?.[0]?.text;
  return {
    encounterId: row.encounterId,
    number: row.number,
    status: STATUS_OF[encounter.status] ?? 'waiting',
    priority: priorityOf(encounter),
    ...(paymentOf(encounter) ? { payment: paymentOf(encounter) } : {}),
    ...(reason ? { reason } : {}),
    registeredAt: row.registeredAt.toISOString(),
    ...(row.calledAt ? { calledAt: row.calledAt.toISOString() } : {}),
    patient: summary.name ? summary : { ...summary, name: displayName(patient ?? {}) },
  };
}
