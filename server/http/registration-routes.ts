import express, { Router, type Request } from 'express';
import type { AppContext } from '../context.ts';
import { isVisitPriority } from '../../fhir/registration/code-lists.ts';

import { messageText } from '../../fhir/registration/messages.ts';
import { readPatientForm } from '../../fhir/registration/patient-form.ts';
import { paymentOf, priorityOf } from '../../fhir/registration/visit.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { DuplicateIdentifier, RegistrationRefused, RegistrationService } from '../services/registration-service.ts';
import { VisitQueueService, type QueueAction } from '../services/visit-queue-service.ts';
import { PatientMergeService } from '../services/patient-merge-service.ts';
import { queueTicketPdf } from '../pdf/queue-ticket.ts';
import { accessOf } from './authenticate.ts';
import { ApiError } from './api-errors.ts';
import { auditAs } from './audit-api-requests.ts';
import { vnDate } from '../../fhir/vietnam-time.ts';
import { readVisitClosing, VisitClosingError, type VisitClosing } from '../../fhir/examination/visit-closing.ts';

/**
 * The registration desk's JSON API (under /api, after authentication): new patients, visits and their queue numbers,
 * the rooms' queues, the waiting-room screen and the printed ticket. Everything is checked by the same access rules
 * as the FHIR API (the services call them) and audited like it (auditApiRequests, with the interaction named here).
 */
export function registrationRouter(context: AppContext): Router {
  const router = Router();
  const registration = new RegistrationService(context.database.prisma, context.resources);
  const queue = new VisitQueueService(context.database.prisma, context.resources);
  const merges = new PatientMergeService(context.database.prisma, context.resources);
  const json = express.json({ limit: '64kb', strict: true });

  router.get('/registration/rooms', async (_request, response) => {
    response.json({ rooms: await queue.rooms() });
  });

  router.get('/registration/recent', auditAs('search-type'), async (_request, response) => {
    response.json({ patients: await queue.recentPatients() });
  });

  router.post('/registration/patients', json, auditAs('create'), async (request, response) => {
    const form = readPatientForm((request.body as { form?: unknown } | undefined)?.form);
    if (!form) throw new ApiError(400, 'invalid_request', 'The body must be {"form": {…}} with text fields');
    try {
      const result = await registration.registerPatient(form, vnDate(Date.now()));
      response.status(201).json(result);
    } catch (error) {
      if (error instanceof RegistrationRefused) {
        response.status(422).json({
          error: 'invalid_form',
          message: messageText(error.issues[0].code, 'vi', error.issues[0].params),
          issues: error.issues.map((issue) => ({ ...issue, message: messageText(issue.code, 'vi', issue.params) })),
        });
        return;
      }
      if (error instanceof DuplicateIdentifier) {
        response.status(409).json({ error: 'duplicate_identifier', message: error.message, field: error.field, patientId: error.patientId });
        return;
      }
      throw error;
    }
  });

  router.post('/registration/visits', json, auditAs('create'), async (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const priority = text('priority') || 'none';
    const visit = await queue.registerVisit({
      patientId: text('patientId'),
      locationId: text('locationId'),
      reason: text('reason'),
      payment: text('payment') === 'insurance' ? 'insurance' : text('payment') === 'self-pay' ? 'self-pay' : (text('payment') as never),
      priority: isVisitPriority(priority) ? priority : (priority as never),
    });
    response.status(201).json(visit);
  });

  router.get('/registration/visits/:id/ticket.pdf', auditAs('read'), async (request, response) => {
    const id = String(request.params.id);
    if (!isValidId(id)) throw new ApiError(400, 'invalid_request', 'Not an Encounter id');
    const ticket = await queue.ticket(id);
    const pdf = await queueTicketPdf({
      facility: ticket.facility,
      room: ticket.room,
      number: ticket.number,
      day: ticket.day,
      registeredAtMs: Date.parse(ticket.encounter.period?.start ?? '') || Date.now(),
      patientName: ticket.patient.name?.[0]?.text ?? '',
      birthDate: ticket.patient.birthDate,
      gender: ticket.patient.gender,
      payment: paymentOf(ticket.encounter),
      priority: priorityOf(ticket.encounter),
    });
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="so-thu-tu-${ticket.number}.pdf"`);
    response.setHeader('Cache-Control', 'no-store');
    response.end(pdf);
  });

  const locationsOf = (request: Request): string[] => {
    const raw = typeof request.query.location === 'string' ? request.query.location : '';
    const ids = raw.split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 50 || !ids.every(isValidId)) throw new ApiError(400, 'invalid_request', '"location" must name 1–50 Location ids, comma-separated');
    return ids;
  };
  const dayOf = (request: Request): string => {
    const day = typeof request.query.day === 'string' && request.query.day ? request.query.day : queue.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ApiError(400, 'invalid_request', '"day" must be YYYY-MM-DD');
    return day;
  };

  router.get('/queue', auditAs('search-type'), async (request, response) => {
    const day = dayOf(request);
    const queues = await queue.queue(locationsOf(request), day);
    response.setHeader('Cache-Control', 'no-store');
    response.json({ day, rooms: [...queues].map(([locationId, items]) => ({ locationId, items: VisitQueueService.callingOrder(items) })) });
  });

  router.get('/queue/display', async (request, response) => {
    const day = dayOf(request);
    response.setHeader('Cache-Control', 'no-store');
    response.json({ day, rooms: await queue.display(locationsOf(request), day) });
  });

  router.post('/queue/next', json, auditAs('update'), async (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const locationId = typeof body.locationId === 'string' ? body.locationId : '';
    const called = await queue.callNext(locationId, queue.today());
    if (!called) {
      response.status(200).json({ called: null });
      return;
    }
    response.json({ called });
  });

  // `finish` may carry the visit's closing (outcome, follow-up date, advice) as a JSON body; `{}` or none just finishes.
  router.post('/queue/:encounterId/:action', json, auditAs('update'), async (request, response) => {
    const action = String(request.params.action);
    if (!['call', 'recall', 'finish', 'cancel'].includes(action)) throw new ApiError(404, 'not_found', 'No such queue action');
    let closing: VisitClosing | undefined;
    const body: unknown = request.body;
    if (action === 'finish' && body !== undefined && !(typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)) {
      try {
        closing = readVisitClosing(body, vnDate(Date.now()));
      } catch (error) {
        if (error instanceof VisitClosingError) throw new ApiError(400, 'invalid_request', error.message);
        throw error;
      }
    }
    response.json({ item: await queue.act(String(request.params.encounterId), action as QueueAction, closing) });
  });

  // Merging duplicate records (facility administrators): reversible, audited, every reference moved.
  router.get('/patients/merges', async (_request, response) => {
    response.json({ merges: await merges.list() });
  });

  router.post('/patients/merge', json, auditAs('update'), async (request, response) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');
    response.status(201).json(await merges.merge({ sourceId: text('sourceId'), targetId: text('targetId'), reason: text('reason') }));
  });

  router.post('/patients/merges/:id/undo', auditAs('update'), async (request, response) => {
    response.json(await merges.undo(String(request.params.id)));
  });

  return router;
}
