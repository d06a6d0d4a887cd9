import { badRequest } from '../../fhir/outcome.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { parseCount } from '../services/history-service.ts';
import type { AuditQuery } from './audit-store.ts';

const SUPPORTED = ['patient', 'date', 'altid', '_id', '_count', '_cursor'];
const DATE = /^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
// Sen serves Vietnam: a date without a time means that day in Vietnam.
const VIETNAM = '+07:00';

/**
 * The AuditEvent search Sen answers from the audit trail: `patient` (Patient/x or x), `date` with ge/gt/le/lt/eq
 * (a day or an instant), `altid` (the user or client row id recorded as agent.altId), `_id`, `_count`, `_cursor`.
 * Repeated parameters are ANDed, comma-separated values ORed.
 */
export function parseAuditQuery(params: URLSearchParams): Omit<AuditQuery, 'facilityId'> {
  const query: Omit<AuditQuery, 'facilityId'> = { recorded: [], limit: parseCount(params.get('_count')) + 1 };
  for (const [name, value] of params) {
    if (!SUPPORTED.includes(name)) throw badRequest(`AuditEvent search supports ${SUPPORTED.join(', ')}; "${name}" is not supported`);
    const values = value.split(',').filter(Boolean);
    if (values.length === 0) throw badRequest(`Search parameter ${name} has no value`);
    if (name === 'patient') query.patientIds = intersect(query.patientIds, values.map(patientId));
    else if (name === 'altid') query.agentIds = intersect(query.agentIds, values);
    else if (name === '_id') query.ids = intersect(query.ids, values);
    else if (name === 'date') {
      if (values.length > 1) throw badRequest('date takes one value per parameter; repeat the parameter for a range');
      query.recorded.push(...dateConditions(value));
    } else if (name === '_cursor') {
      if (!/^\d{1,19}$/.test(value)) throw badRequest('The paging cursor is not valid; follow the next link as given');
      query.beforeSeq = BigInt(value);
    }
  }
  return query;
}

function patientId(value: string): string {
  const id = value.replace(/^Patient\//, '');
  if (!isValidId(id)) throw badRequest(`patient must be Patient/[id] or [id], got "${value}"`);
  return id;
}

/** Repeating a parameter ANDs it: only values every repetition names can match. */
function intersect(previous: string[] | undefined, next: string[]): string[] {
  return previous ? previous.filter((value) => next.includes(value)) : next;
}

function dateConditions(value: string): AuditQuery['recorded'] {
  const match = DATE.exec(value);
  if (!match) throw badRequest(`date must be [ge|gt|le|lt|eq] followed by a date (2026-01-31) or an instant with a time zone, got "${value}"`);
  const [, prefix = 'eq', day, time] = match;
  const start = new Date(time ? `${day}${time}` : `${day}T00:00:00${VIETNAM}`);
  if (Number.isNaN(start.getTime())) throw badRequest(`date "${value}" is not a real date`);
  // An instant is precise to the millisecond; a day covers 24 hours.
  const end = new Date(start.getTime() + (time ? 1 : 86_400_000));
  const at = (instant: Date) => instant.toISOString();
  switch (prefix) {
    case 'ge': return [{ comparator: '>=', instant: at(start) }];
    case 'gt': return [{ comparator: '>=', instant: at(end) }];
    case 'le': return [{ comparator: '<', instant: at(end) }];
    case 'lt': return [{ comparator: '<', instant: at(start) }];
    default: return [{ comparator: '>=', instant: at(start) }, { comparator: '<', instant: at(end) }];
  }
}
