import { randomUUID } from 'node:crypto';
import { Prisma } from '../db/generated/client.ts';
import type { Db, PrismaClient } from '../db/client.ts';
import type { Identity } from '../auth/principal.ts';

export type GrantKind = 'referral' | 'break-glass';

/** How long break-the-glass opens a patient's record: long enough for an emergency visit, then it closes itself. */
export const BREAK_GLASS_MINUTES = 60;

/**
 * Access to one patient's records beyond the owning facility (table patient_access): a referral opens them to the
 * facility the patient was referred to; break-the-glass opens them to one user for a short time. A grant covers
 * every resource in the patient's compartment, whichever facility wrote it.
 */
export class PatientGrants {
  constructor(private readonly prisma: PrismaClient) {}

  /** The patient was referred to `facilityId` (the referral feature calls this; so do tests). */
  async grantReferral(grant: { patientId: string; facilityId: string; reason: string; grantedBy: string; expiresAt?: Date }): Promise<string> {
    const id = randomUUID();
    await this.prisma.patientAccess.create({
      data: { id, patientId: grant.patientId, kind: 'referral', facilityId: grant.facilityId, reason: grant.reason, grantedBy: grant.grantedBy, expiresAt: grant.expiresAt ?? null },
    });
    return id;
  }

  /** Emergency access for one user; the caller has checked the role and the reason, and audits it. */
  async breakGlass(grant: { patientId: string; userId: string; reason: string }): Promise<{ id: string; expiresAt: Date }> {
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + BREAK_GLASS_MINUTES * 60_000);
    await this.prisma.patientAccess.create({
      data: { id, patientId: grant.patientId, kind: 'break-glass', userId: grant.userId, reason: grant.reason, grantedBy: grant.userId, expiresAt },
    });
    return { id, expiresAt };
  }

  /** Which of `patientIds` the identity holds a live grant for, and of which kind. */
  async granted(db: Db, who: Identity, patientIds: string[]): Promise<Map<string, GrantKind>> {
    if (patientIds.length === 0) return new Map();
    const rows = await db.$queryRaw<{ patient_id: string; kind: GrantKind }[]>`
      SELECT g.patient_id, g.kind FROM patient_access g
      WHERE g.patient_id = ANY(${patientIds}::text[]) AND ${liveGrantOf(who)}`;
    const kinds = new Map<string, GrantKind>();
    // A referral is the ordinary way in; break-the-glass is reported only when nothing else opens the record.
    for (const row of rows) if (kinds.get(row.patient_id) !== 'referral') kinds.set(row.patient_id, row.kind);
    return kinds;
  }
}

/** SQL on patient_access aliased g: the grant is held by the identity (its facility or itself) and not expired. */
function liveGrantOf(who: Identity): Prisma.Sql {
  const holder = who.facilityId === null
    ? Prisma.sql`g.user_id = ${who.userId}`
    : Prisma.sql`(g.facility_id = ${who.facilityId} OR g.user_id = ${who.userId})`;
  return Prisma.sql`${holder} AND (g.expires_at IS NULL OR g.expires_at > now())`;
}

/** SQL true when the row aliased `alias` is in the compartment of a patient the identity holds a live grant for. */
export function grantedRowCondition(alias: Prisma.Sql, who: Identity): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM patient_access g WHERE g.patient_id = ANY(${alias}.patient_ids) AND ${liveGrantOf(who)})`;
}
