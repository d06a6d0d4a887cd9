import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { AppointmentRefused, appointmentMessage, isCalendarDay } from '../../fhir/registration/appointment.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { AppointmentService } from '../services/appointment-service.ts';
import { VisitQueueService } from '../services/visit-queue-service.ts';
import { ApiError } from './api-errors.ts';
import { auditAs } from './audit-api-requests.ts';

/**
 * The desk's appointments (visits booked ahead, under /api after authentication): book, the day's list, check-in,
 * cancel, no-show. Who may do it is the role policy's answer for Appointment (and Encounter, for check-in), asked by
 * the services; every call is audited with the FHIR interaction it amounts to. A refusal answers
 * `{error, message, code}` with the message in Vietnamese.
 */
export function appointmentRouter(context: AppContext): Router {
  const router = Router();
  const queue = new VisitQueueService(context.database.prisma, context.resources);
  const appointments = new AppointmentService(context.database.prisma, context.resources, queue, context.config.appointmentsPerSlot);
  const json = express.json({ limit: '64kb', strict: true });
  const body = (request: Request): Record<string, unknown> => (request.body ?? {}) as Record<string, unknown>;

  router.get('/registration/appointments', auditAs('search-type'), async (request, response) => {
    const day = typeof request.query.day === 'string' && request.query.day ? request.query.day : queue.today();
    if (!isCalendarDay(day)) throw new ApiError(400, 'invalid_request', '"day" must be YYYY-MM-DD');
    const raw = typeof request.query.location === 'string' ? request.query.location : '';
    const locations = raw ? raw.split(',') : undefined;
    if (locations && (locations.length > 50 || !locations.every(isValidId))) throw new ApiError(400, 'invalid_request', '"location" must name 1–50 Location ids, comma-separated');
    const patient = typeof request.query.patient === 'string' && request.query.patient ? request.query.patient : undefined;
    if (patient !== undefined && !isValidId(patient)) throw new ApiError(400, 'invalid_request', '"patient" must be a Patient id');
    response.setHeader('Cache-Control', 'no-store');
    response.json({ day, appointments: await appointments.day(day, { ...(locations ? { locationIds: locations } : {}), ...(patient ? { patientId: patient } : {}) }) });
  });

  router.post('/registration/appointments', json, auditAs('create'), async (request, response) => {
    response.status(201).json({ appointment: await appointments.book(request.body) });
  });

  router.post('/registration/appointments/:id/check-in', json, auditAs('update'), async (request, response) => {
    const payment = body(request).payment;
    if (payment !== undefined && payment !== 'insurance' && payment !== 'self-pay') throw new ApiError(400, 'invalid_request', '"payment" must be "insurance" or "self-pay"');
    const checkedIn = await appointments.checkIn(String(request.params.id), Date.now(), payment);
    response.status(checkedIn.repeated ? 200 : 201).json(checkedIn);
  });

  router.post('/registration/appointments/:id/cancel', json, auditAs('update'), async (request, response) => {
    response.json({ appointment: await appointments.cancel(String(request.params.id), body(request).reason) });
  });

  router.post('/registration/appointments/:id/no-show', json, auditAs('update'), async (request, response) => {
    response.json({ appointment: await appointments.noShow(String(request.params.id)) });
  });

  router.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (!(error instanceof AppointmentRefused)) {
      next(error);
      return;
    }
    response.status(error.status).json({
      error: error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'invalid_request',
      code: error.code,
      message: error.message,
      messageEn: appointmentMessage(error.code, 'en', error.params),
    });
  });

  return router;
}
