import express, { Router, type Response } from 'express';
import { displayPrescriptionCode } from '../../fhir/identifiers/prescription-code.ts';
import { PrescriptionInputError, readPrescriptionInput } from '../../fhir/prescription/prescription-input.ts';
import { findingKey } from '../../fhir/prescription/safety/acknowledgement.ts';
import type { SafetyFinding } from '../../fhir/prescription/safety/prescription-draft.ts';
import { renderPrescriptionPdf } from '../pdf/prescription-pdf.ts';
import { CatalogueImportRefused, type DrugCatalogueService } from '../services/drug-catalogue-service.ts';
import type { PrescriptionTemplateService } from '../services/prescription-template-service.ts';
import { PrescriptionIncomplete, PrescriptionRequestInvalid, PrescriptionUnsafe, type PrescriptionService } from '../services/prescription-service.ts';
import { ApiError } from './api-errors.ts';

const MAX_MATCHES = 50;

/** A finding as the editor shows it: its key (to acknowledge a warning), rule, severity, drugs and bilingual text. */
function findingJson(finding: SafetyFinding) {
  return { key: findingKey(finding), ...finding };
}

/** The prescribing errors the services raise, as JSON {error, message, …details}; anything else goes on. */
function answerPrescribingError(error: unknown, response: Response): boolean {
  if (error instanceof PrescriptionInputError) {
    response.status(400).json({ error: 'invalid_request', message: error.message });
  } else if (error instanceof PrescriptionRequestInvalid) {
    response.status(422).json({ error: 'invalid_prescription', message: error.message });
  } else if (error instanceof PrescriptionUnsafe) {
    response.status(422).json({
      error: error.reason === 'errors' ? 'unsafe_prescription' : 'warnings_not_acknowledged',
      message: error.message,
      findings: error.findings.map(findingJson),
    });
  } else if (error instanceof PrescriptionIncomplete) {
    response.status(422).json({ error: 'incomplete_for_national_system', message: error.message, problems: error.problems });
  } else if (error instanceof CatalogueImportRefused) {
    response.status(422).json({ error: 'invalid_catalogue', message: error.message, errors: error.errors });
  } else {
    return false;
  }
  return true;
}

/**
 * Prescribing under /api (after authentication, audited with the rest of the API): the facility's drug catalogue
 * (search as you type, the doctor's starred drugs first; CSV import), checking a draft, signing, revising, a
 * prescription's status with its delivery to the national system, and its A5 paper. Access rules are the services'
 * (role policy, facility isolation, prescribers).
 */
export function prescriptionRouter(prescriptions: PrescriptionService, catalogue: DrugCatalogueService, templates: PrescriptionTemplateService): Router {
  const router = Router();
  const json = express.json({ limit: '256kb', strict: true });
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: '5mb' });
  const handle = (work: (request: express.Request, response: Response) => Promise<void>) => async (request: express.Request, response: Response) => {
    try {
      await work(request, response);
    } catch (error) {
      if (!answerPrescribingError(error, response)) throw error;
    }
  };

  router.get('/prescriptions/catalogue', handle(async (request, response) => {
    const text = typeof request.query.q === 'string' ? request.query.q : '';
    const limit = request.query.limit === undefined ? 20 : Number(request.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MATCHES) throw new ApiError(400, 'invalid_request', `"limit" must be 1–${MAX_MATCHES}`);
    if (text.length > 100) throw new ApiError(400, 'invalid_request', '"q" is at most 100 characters');
    response.json({ drugs: await catalogue.search(text, limit, await templates.favouriteDosages()) });
  }));

  router.post('/prescriptions/catalogue', csv, handle(async (request, response) => {
    if (typeof request.body !== 'string' || !request.body.trim()) throw new ApiError(400, 'invalid_request', 'Send the catalogue as CSV text (Content-Type: text/csv)');
    response.json(await catalogue.importCsv(request.body));
  }));

  router.post('/prescriptions/check', json, handle(async (request, response) => {
    const findings = await prescriptions.check(readPrescriptionInput(request.body));
    response.json({ findings: findings.map(findingJson), signable: !findings.some((finding) => finding.severity === 'error') });
  }));

  const sign = (replacing?: (request: express.Request) => string) => handle(async (request, response) => {
    const signed = await prescriptions.sign(readPrescriptionInput(request.body), replacing?.(request));
    response.status(201).json({
      code: signed.code,
      displayCode: displayPrescriptionCode(signed.code),
      type: signed.record.type,
      status: 'active',
      requests: signed.requests.map((request) => `MedicationRequest/${request.id}`),
      lines: signed.record.lines,
    });
  });
  router.post('/prescriptions', json, sign());
  router.post('/prescriptions/:code/revise', json, sign((request) => String(request.params.code).toLowerCase()));

  router.get('/prescriptions/:code', handle(async (request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json(await prescriptions.status(String(request.params.code).toLowerCase()));
  }));

  router.get('/prescriptions/:code/pdf', handle(async (request, response) => {
    const record = await prescriptions.record(String(request.params.code).toLowerCase());
    const pdf = await renderPrescriptionPdf(record);
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="don-thuoc-${displayPrescriptionCode(record.code)}.pdf"`);
    response.setHeader('Cache-Control', 'no-store');
    response.end(pdf);
  }));

  return router;
}
