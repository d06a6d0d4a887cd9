import { Router } from 'express';
import { searchIcd10 } from '../../fhir/terminology/icd10.ts';
import { ApiError } from './api-errors.ts';
import { auditAs } from './audit-api-requests.ts';

const MAX_QUERY = 100;
const MAX_MATCHES = 50;

/**
 * Look-ups the clinical screens type into: `GET /terminology/icd10?q=viem hong&main=1` searches the QĐ 4469 ICD-10
 * list by code or by Vietnamese name with or without accents; `main=1` leaves out the codes barred as main diagnosis.
 */
export function terminologyRouter(): Router {
  const router = Router();
  router.get('/terminology/icd10', auditAs('search-type'), (request, response) => {
    const { q, main, limit } = request.query;
    if (q !== undefined && typeof q !== 'string') throw new ApiError(400, 'invalid_request', 'Tham số "q" phải là một chuỗi');
    if (main !== undefined && main !== '0' && main !== '1') throw new ApiError(400, 'invalid_request', 'Tham số "main" phải là 0 hoặc 1');
    const count = limit === undefined ? 20 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > MAX_MATCHES) throw new ApiError(400, 'invalid_request', `Tham số "limit" phải từ 1 đến ${MAX_MATCHES}`);
    const text = q ?? '';
    if (text.length > MAX_QUERY) throw new ApiError(400, 'invalid_request', `Từ khóa tìm kiếm tối đa ${MAX_QUERY} ký tự`);
    response.json({ codes: searchIcd10(text, { mainDiagnosisOnly: main === '1', limit: count }) });
  });
  return router;
}
