import { randomUUID } from 'node:crypto';
import type { Organization } from '@medplum/fhirtypes';
import type { AppContext } from '../context.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { FACILITY_CODE_SYSTEM } from '../../fhir/identifiers/systems.ts';
import { toMedicationResource } from '../../fhir/prescription/medication-resource.ts';
import { starterCatalogue } from '../../fhir/prescription/starter-catalogue.ts';
import { labelOwningFacility } from '../access/facility-label.ts';
import { runWithAccess } from '../access/request-access.ts';
import { systemJobAccess } from '../access/system-access.ts';
import { readDirectory } from '../store/visit-queue-rows.ts';
import { logger } from '../logger.ts';

/**
 * Demo: gives every facility (an Organization with a facility code) that has no drug catalogue yet the starter
 * catalogue of common primary-care medicines, as Medications it owns. Databases seeded before prescribing existed get
 * theirs at the next start.
 */
export async function seedStarterCatalogues(context: AppContext): Promise<void> {
  const { prisma } = context.database;
  const facilities = (await readDirectory(prisma, 'Organization', null))
    .filter((row) => (JSON.parse(row.content) as Organization).identifier?.some((identifier) => identifier.system === FACILITY_CODE_SYSTEM));
  const drugs = starterCatalogue();
  for (const facility of facilities) {
    if ((await readDirectory(prisma, 'Medication', facility.id, 1)).length) continue;
    const medications = drugs.map((drug) => labelOwningFacility({ ...toMedicationResource(drug), id: randomUUID() } as unknown as ResourceJson, facility.id));
    await runWithAccess(systemJobAccess(prisma, 'starter-catalogue'), () => context.resources.createMany(medications, { validate: true }));
    logger.info('starter drug catalogue written', { facility: facility.id, drugs: drugs.length });
  }
}
