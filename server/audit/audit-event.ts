// AuditEvents in the FHIR R4 shape, coded with the HL7 and DICOM audit vocabularies (the same codes IHE's Basic
// Audit Log Patterns use), so that any FHIR peer or SIEM reads them without a mapping.
import { timeOrderedUuid } from './time-ordered-id.ts';
import type { Identity } from '../auth/principal.ts';

/** One row of the audit trail before it is chained: the event and the columns it is searched by. */
export interface AuditEntry {
  id: string;
  recorded: Date;
  /** The acting user's facility. */
  facilityId: string | null;
  /** The acting user or client (row id), when known. */
  agentId: string | null;
  patientIds: string[];
  /** The AuditEvent JSON. */
  content: string;
}

type Coding = { system: string; code: string; display?: string };

const EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const SEN_AUDIT = 'https://sen.health.vn/fhir/CodeSystem/audit-event-subtype';
const SEN_ROLE = 'https://sen.health.vn/fhir/CodeSystem/user-role';
const SEN_USERNAME = 'https://sen.health.vn/fhir/sid/username';
const SEN_CLIENT_ID = 'https://sen.health.vn/fhir/sid/client-id';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const BREAK_THE_GLASS: Coding = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG', display: 'break the glass' };

/** The FHIR RESTful interactions, as http://hl7.org/fhir/restful-interaction codes them. */
export type RestInteraction =
  | 'read' | 'vread' | 'update' | 'patch' | 'delete' | 'history-instance' | 'history-type' | 'history-system'
  | 'create' | 'search-type' | 'search-system' | 'search-compartment' | 'capabilities' | 'transaction' | 'batch' | 'operation';

const ACTION: Record<RestInteraction, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  create: 'C', read: 'R', vread: 'R', 'history-instance': 'R', update: 'U', patch: 'U', delete: 'D',
  'history-type': 'E', 'history-system': 'E', 'search-type': 'E', 'search-system': 'E', 'search-compartment': 'E',
  capabilities: 'E', transaction: 'E', batch: 'E', operation: 'E',
};

/** 0 success, 4 minor failure (refused, bad request), 8 serious failure (server error). */
export type AuditOutcome = '0' | '4' | '8';
export const outcomeOfStatus = (status: number): AuditOutcome => (status < 400 ? '0' : status < 500 ? '4' : '8');

export interface AuditActor {
  /** Undefined when nobody could be identified (a failed sign-in). */
  identity?: Identity;
  /** IP address the request came from. */
  address: string | undefined;
}

function agent(actor: AuditActor, attemptedName?: string): Record<string, unknown> {
  const who = actor.identity;
  const isClient = who?.kind === 'client';
  const name = who?.username ?? attemptedName;
  return {
    type: isClient
      ? { coding: [{ system: DCM, code: '110150', display: 'Application' }] }
      : { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser', display: 'human user' }] },
    ...(who ? { role: [{ coding: [{ system: SEN_ROLE, code: who.role }] }] } : {}),
    who: {
      ...(who?.practitionerId ? { reference: `Practitioner/${who.practitionerId}` } : {}),
      ...(name ? { identifier: { system: isClient ? SEN_CLIENT_ID : SEN_USERNAME, value: name } } : {}),
      ...(name ? {} : { display: 'unidentified' }),
    },
    ...(who ? { altId: who.userId } : {}),
    requestor: true,
    ...(actor.address ? { network: { address: actor.address, type: '2' } } : {}),
  };
}

function entry(event: {
  type: Coding;
  subtype: Coding[];
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  outcome: AuditOutcome;
  outcomeDesc?: string;
  actor: AuditActor;
  attemptedName?: string;
  purpose?: { text?: string };
  patients?: Iterable<string>;
  resources?: Iterable<string>;
  query?: string;
}): AuditEntry {
  const id = timeOrderedUuid();
  const recorded = new Date();
  const patientIds = [...new Set(event.patients ?? [])];
  const facilityId = event.actor.identity?.facilityId ?? null;
  const entities = [
    ...patientIds.map((patientId) => ({
      what: { reference: `Patient/${patientId}` },
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    })),
    // A Patient already listed in the role Patient is not listed again as a domain resource.
    ...[...(event.resources ?? [])].filter((reference) => !patientIds.some((id) => reference === `Patient/${id}`)).map((reference) => ({
      what: { reference },
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
    })),
    ...(event.query ? [{
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '24', display: 'Query' },
      query: Buffer.from(event.query, 'utf8').toString('base64'),
    }] : []),
  ];
  const resource = {
    resourceType: 'AuditEvent',
    id,
    meta: { versionId: '1', lastUpdated: recorded.toISOString() },
    type: event.type,
    subtype: event.subtype,
    action: event.action,
    recorded: recorded.toISOString(),
    outcome: event.outcome,
    ...(event.outcomeDesc ? { outcomeDesc: event.outcomeDesc } : {}),
    ...(event.purpose ? { purposeOfEvent: [{ coding: [BREAK_THE_GLASS], ...(event.purpose.text ? { text: event.purpose.text } : {}) }] } : {}),
    agent: [agent(event.actor, event.attemptedName)],
    source: {
      ...(facilityId ? { site: `Organization/${facilityId}` } : {}),
      observer: { display: 'Sen' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    ...(entities.length ? { entity: entities } : {}),
  };
  return { id, recorded, facilityId, agentId: event.actor.identity?.userId ?? null, patientIds, content: JSON.stringify(resource) };
}

/** A FHIR API interaction: who did what to which resources and patients, and how it ended. */
export function restAuditEntry(event: {
  actor: AuditActor;
  /**
   * Undefined outside the FHIR interactions: a Bundle POSTed to the base (batch or transaction; its entries are
   * listed as entities) or a call to Sen's own JSON API (`/api/…`, its method and path recorded as the query).
   */
  interaction?: RestInteraction;
  /** `$everything` and other operations are named in the subtype too; 'bundle' or 'api' without an interaction. */
  operation?: string;
  status: number;
  patients: Iterable<string>;
  resources: Iterable<string>;
  /** The query string of a search or history. */
  query?: string;
  /** A patient's record was open only through break-the-glass. */
  emergency: boolean;
}): AuditEntry {
  return entry({
    type: { system: EVENT_TYPE, code: 'rest', display: 'RESTful Operation' },
    subtype: event.interaction
      ? [{ system: RESTFUL_INTERACTION, code: event.interaction }, ...(event.operation ? [{ system: SEN_AUDIT, code: event.operation }] : [])]
      : [{ system: SEN_AUDIT, code: event.operation ?? 'bundle' }],
    action: event.interaction ? ACTION[event.interaction] : 'E',
    outcome: outcomeOfStatus(event.status),
    outcomeDesc: `HTTP ${event.status}`,
    actor: event.actor,
    purpose: event.emergency ? {} : undefined,
    patients: event.patients,
    resources: event.resources,
    query: event.query,
  });
}

export type AuthenticationStep = 'login' | 'logout' | 'token-refresh' | 'refresh-token-reuse' | 'client-credentials';

/** A sign-in, a refused sign-in, a token refresh or a logout. */
export function authenticationAuditEntry(event: {
  actor: AuditActor;
  step: AuthenticationStep;
  success: boolean;
  /** What a failed sign-in named (only if it looks like a username: people type passwords into the wrong box). */
  attemptedName?: string;
}): AuditEntry {
  const logout = event.step === 'logout';
  return entry({
    type: { system: DCM, code: '110114', display: 'User Authentication' },
    subtype: [
      logout ? { system: DCM, code: '110123', display: 'Logout' } : { system: DCM, code: '110122', display: 'Login' },
      { system: SEN_AUDIT, code: event.step },
    ],
    action: 'E',
    outcome: event.success ? '0' : event.step === 'refresh-token-reuse' ? '8' : '4',
    actor: event.actor,
    attemptedName: event.attemptedName,
  });
}

/** Emergency access to a patient of another facility, with the reason given. */
export function breakGlassAuditEntry(event: { actor: AuditActor; patientId: string; reason: string; expiresAt: Date }): AuditEntry {
  return entry({
    type: { system: DCM, code: '110113', display: 'Security Alert' },
    subtype: [{ system: DCM, code: '110127', display: 'Emergency Override Started' }],
    action: 'E',
    outcome: '0',
    outcomeDesc: `Emergency access until ${event.expiresAt.toISOString()}`,
    actor: event.actor,
    purpose: { text: event.reason },
    patients: [event.patientId],
  });
}
