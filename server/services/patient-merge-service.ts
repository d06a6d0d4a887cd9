import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import type { Db, PrismaClient } from '../db/client.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { badRequest, conflict, forbidden, notFound } from '../../fhir/outcome.ts';
import { isValidId } from '../../fhir/validation/validate.ts';
import { keptTarget, movePatientReferences, retiredSource, unlinked } from '../../fhir/registration/merge.ts';
import { currentAccess, runWithAccess } from '../access/request-access.ts';
import { systemJobAccess } from '../access/system-access.ts';
import { readCurrent } from '../store/resource-rows.ts';
import {
  activeMergeOf,
  insertMerge,
  listMerges,
  lockPatients,
  markUndone,
  readMergeForUpdate,
  resourcesOfPatient,
  type MergeRow,
} from '../store/patient-merge-rows.ts';
import type { ResourceService } from './resource-service.ts';

export interface MergeResult {
  id: string;
  sourceId: string;
  targetId: string;
  moved: string[];
}

const MAY_MERGE = new Set(['facility-admin', 'system-admin']);
const MIN_REASON = 5;
const MAX_REASON = 1000;

/**
 * Merging duplicate patient records, by a facility administrator (their own facility's patients) or a system
 * administrator: every resource of the duplicate's record is moved to the record kept, in one transaction; the merge
 * is recorded so that it can be undone exactly. The writes run as a system job (a facility administrator may not
 * change clinical records themselves), after the checks here; the request's audit entry names both patients.
 */
export class PatientMergeService {
  constructor(private readonly prisma: PrismaClient, private readonly resources: ResourceService) {}

  private authorize(): { userId: string; facilityId: string | null; systemWide: boolean } {
    const access = currentAccess();
    if (!MAY_MERGE.has(access.principal.role) || access.principal.kind !== 'user') {
      throw forbidden(`The ${access.principal.role} role may not merge patient records; a facility administrator does`);
    }
    return { userId: access.principal.userId, facilityId: access.principal.facilityId, systemWide: access.systemWide };
  }

  private asSystem<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return runWithAccess(systemJobAccess(this.prisma, 'patient-merge'), () => this.prisma.$transaction((tx) => work(tx)));
  }

  private async patient(tx: Db, id: string, actor: { facilityId: string | null; systemWide: boolean }): Promise<{ patient: Patient; versionId: number }> {
    const row = await readCurrent(tx, 'Patient', id);
    if (!row || row.deleted || !row.content) throw notFound(`Patient/${id} is not known`);
    if (!actor.systemWide && row.facilityId !== actor.facilityId) throw forbidden(`Patient/${id} belongs to another facility`);
    return { patient: JSON.parse(row.content) as Patient, versionId: row.versionId };
  }

  private async write(tx: Db, resourceType: string, id: string, resource: unknown, versionId: number): Promise<void> {
    await this.resources.update(resourceType, id, resource as ResourceJson, versionId, tx);
  }

  private async moveReferences(tx: Db, ids: readonly string[], from: string, to: string): Promise<string[]> {
    const moved: string[] = [];
    for (const key of ids) {
      const [resourceType, id] = key.split('/');
      const current = await readCurrent(tx, resourceType, id);
      if (!current || current.deleted || !current.content) continue;
      const result = movePatientReferences(JSON.parse(current.content), from, to);
      if (result.moved === 0) continue;
      await this.write(tx, resourceType, id, result.resource, current.versionId);
      moved.push(key);
    }
    return moved;
  }

  async merge(request: { sourceId: string; targetId: string; reason: string }): Promise<MergeResult> {
    const actor = this.authorize();
    const { sourceId, targetId } = request;
    const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
    if (!isValidId(sourceId) || !isValidId(targetId)) throw badRequest('sourceId and targetId must be Patient ids');
    if (sourceId === targetId) throw badRequest('A record cannot be merged into itself');
    if (reason.length < MIN_REASON || reason.length > MAX_REASON) throw badRequest(`Give the reason for the merge (${MIN_REASON}–${MAX_REASON} characters)`);
    const result = await this.asSystem(async (tx) => {
      await lockPatients(tx, [sourceId, targetId]);
      const source = await this.patient(tx, sourceId, actor);
      const target = await this.patient(tx, targetId, actor);
      if (await activeMergeOf(tx, sourceId)) throw conflict(`Patient/${sourceId} was already merged into another record`);
      if (await activeMergeOf(tx, targetId)) throw conflict(`Patient/${targetId} was merged into another record; keep that one instead`);
      const candidates = (await resourcesOfPatient(tx, sourceId)).map((row) => `${row.resourceType}/${row.id}`);
      const moved = await this.moveReferences(tx, candidates, sourceId, targetId);
      await this.write(tx, 'Patient', sourceId, retiredSource(source.patient, targetId), source.versionId);
      await this.write(tx, 'Patient', targetId, keptTarget(target.patient, sourceId), target.versionId);
      const id = randomUUID();
      await insertMerge(tx, {
        id, sourceId, targetId, facilityId: actor.systemWide ? null : actor.facilityId, reason, moved,
        sourceWasActive: source.patient.active !== false, mergedBy: actor.userId,
      });
      return { id, sourceId, targetId, moved };
    });
    this.disclose([sourceId, targetId]);
    return result;
  }

  async undo(mergeId: string): Promise<MergeResult> {
    const actor = this.authorize();
    if (!isValidId(mergeId)) throw badRequest('Not a merge id');
    const result = await this.asSystem(async (tx) => {
      const merge = await readMergeForUpdate(tx, mergeId);
      if (!merge) throw notFound(`No merge ${mergeId}`);
      if (!actor.systemWide && merge.facilityId !== actor.facilityId) throw forbidden('This merge was made at another facility');
      if (merge.undoneAt) throw conflict('This merge was already undone');
      await lockPatients(tx, [merge.sourceId, merge.targetId]);
      const moved = await this.moveReferences(tx, merge.moved, merge.targetId, merge.sourceId);
      const source = await this.patient(tx, merge.sourceId, { facilityId: null, systemWide: true });
      const target = await this.patient(tx, merge.targetId, { facilityId: null, systemWide: true });
      await this.write(tx, 'Patient', merge.sourceId, unlinked(source.patient, merge.targetId, merge.sourceWasActive), source.versionId);
      await this.write(tx, 'Patient', merge.targetId, unlinked(target.patient, merge.sourceId), target.versionId);
      await markUndone(tx, mergeId, actor.userId);
      return { id: mergeId, sourceId: merge.sourceId, targetId: merge.targetId, moved };
    });
    this.disclose([result.sourceId, result.targetId]);
    return result;
  }

  async list(limit = 50): Promise<MergeRow[]> {
    const actor = this.authorize();
    return listMerges(this.prisma, actor.systemWide ? null : actor.facilityId, limit);
  }

  private disclose(patientIds: string[]): void {
    const { disclosure } = currentAccess();
    for (const id of patientIds) disclosure.add({ resourceType: 'Patient', id, patientIds: [id] });
  }
}
