import express, { Router, type Request, type Response } from 'express';
import { PrescriptionInputError } from '../../fhir/prescription/prescription-input.ts';
import { readFavouriteInput, readTemplateInput } from '../../fhir/prescription/prescription-template.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { TemplateConflict, type PrescriptionTemplateService } from '../services/prescription-template-service.ts';
import { ApiError } from './api-errors.ts';
import { auditAs } from './audit-api-requests.ts';

/**
 * A doctor's prescription templates ("đơn mẫu") and starred drugs under /api/prescriptions (after authentication,
 * audited with the rest of the API). Mounted before the prescription routes, whose /prescriptions/:code would
 * otherwise take /prescriptions/templates for a prescription code. Only doctors have them; each sees only their own.
 */
export function prescriptionTemplateRouter(templates: PrescriptionTemplateService): Router {
  const router = Router();
  const json = express.json({ limit: '256kb', strict: true });
  const handle = (work: (request: Request, response: Response) => Promise<void>) => async (request: Request, response: Response) => {
    try {
      await work(request, response);
    } catch (error) {
      if (error instanceof PrescriptionInputError) throw new ApiError(400, 'invalid_request', error.message);
      if (error instanceof TemplateConflict) throw new ApiError(409, error.error, error.message);
      throw error;
    }
  };
  const medicationId = (request: Request): string => {
    const id = String(request.params.medicationId);
    if (!isValidId(id)) throw new ApiError(400, 'invalid_request', `"${id}" is not a Medication id`);
    return id;
  };

  router.get('/prescriptions/templates', auditAs('search-type'), handle(async (_request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json({ templates: await templates.list() });
  }));

  router.post('/prescriptions/templates', json, auditAs('create'), handle(async (request, response) => {
    const created = await templates.create(readTemplateInput(request.body, false));
    response.status(201).location(`/api/prescriptions/templates/${created.id}`).json(created);
  }));

  // Reading a template is applying it: its lines as the editor adds them, with the drugs the catalogue has lost.
  router.get('/prescriptions/templates/:id', auditAs('read'), handle(async (request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json(await templates.apply(String(request.params.id)));
  }));

  router.put('/prescriptions/templates/:id', json, auditAs('update'), handle(async (request, response) => {
    response.json(await templates.update(String(request.params.id), readTemplateInput(request.body, true)));
  }));

  router.delete('/prescriptions/templates/:id', auditAs('delete'), handle(async (request, response) => {
    await templates.remove(String(request.params.id));
    response.status(204).end();
  }));

  router.get('/prescriptions/favourites', auditAs('search-type'), handle(async (_request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json({ favourites: await templates.favourites() });
  }));

  router.put('/prescriptions/favourites/:medicationId', json, auditAs('update'), handle(async (request, response) => {
    const { dosage } = readFavouriteInput(request.body);
    await templates.star(medicationId(request), dosage);
    response.status(204).end();
  }));

  router.delete('/prescriptions/favourites/:medicationId', auditAs('delete'), handle(async (request, response) => {
    await templates.unstar(medicationId(request));
    response.status(204).end();
  }));

  return router;
}
