import type { PrismaClient } from '../db/client.ts';
import { Access } from './access.ts';
import { PatientGrants } from './patient-grants.ts';
import { FULL_USER_SCOPE } from './scopes.ts';

/**
 * The access of Sen's own jobs (demo seeding, the generator): system-wide, named so that the rows and logs show
 * which job wrote them. Never given to a request.
 */
export function systemJobAccess(prisma: PrismaClient, job: string): Access {
  return new Access(
    { kind: 'user', userId: `job:${job}`, username: job, role: 'system-admin', facilityId: null, practitionerId: null, scope: FULL_USER_SCOPE },
    new PatientGrants(prisma),
  );
}
