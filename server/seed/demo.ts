import type { AppContext } from '../context.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { createSyntheticDataset } from '../../fhir/synthetic/dataset.ts';
import { patientRecordResources } from '../../fhir/synthetic/record.ts';
import type { StaffRole, StaffRoster } from '../../fhir/synthetic/staff.ts';
import type { Role } from '../auth/roles.ts';
import { logger } from '../logger.ts';

/** The published password of every demo account (README). Demo data is for trying Sen, never for real patients. */
export const DEMO_PASSWORD = 'Demo@2026';
const DEMO_SEED = 2026;
const DEMO_PATIENTS = 50;

interface DemoAccount {
  username: string;
  role: Role;
  /** Index into the facilities: 0 = district health centre, 1 and 2 = commune stations; absent = no facility. */
  facility?: number;
  /** Staff member to link the account to. */
  staff?: StaffRole;
  displayName?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', role: 'system-admin', displayName: 'Quản trị hệ thống' },
  { username: 'quantri.huyen', role: 'facility-admin', facility: 0, displayName: 'Quản trị Trung tâm Y tế' },
  { username: 'bacsi.huyen', role: 'doctor', facility: 0, staff: 'doctor' },
  { username: 'tiepdon.xa1', role: 'receptionist', facility: 1, staff: 'receptionist' },
  { username: 'dieuduong.xa1', role: 'nurse', facility: 1, staff: 'nurse' },
  { username: 'bacsi.xa1', role: 'doctor', facility: 1, staff: 'doctor' },
  { username: 'duocsi.xa1', role: 'pharmacist', facility: 1, staff: 'pharmacist' },
  { username: 'bacsi.xa2', role: 'doctor', facility: 2, staff: 'doctor' },
  { username: 'soyte', role: 'analyst', displayName: 'Chuyên viên Sở Y tế' },
];

/**
 * On an empty database, writes a small realistic demo — a district health centre, two commune stations, their staff
 * and ~50 patients with visits — and one account per role (password DEMO_PASSWORD).
 */
export async function seedDemoIfEmpty(context: AppContext): Promise<void> {
  if ((await context.users.count()) > 0) return;
  const dataset = createSyntheticDataset({ seed: DEMO_SEED });
  const patients = Array.from({ length: DEMO_PATIENTS }, (_, i) => patientRecordResources(dataset.patientRecord(i)));
  await context.resources.createMany([...dataset.setupResources, ...patients.flat()] as ResourceJson[], { validate: true });
  for (const account of DEMO_ACCOUNTS) {
    const roster = account.facility === undefined ? undefined : dataset.rosters[account.facility];
    const member = roster && account.staff ? staffMember(roster, account.staff) : undefined;
    await context.users.create({
      username: account.username,
      password: DEMO_PASSWORD,
      role: account.role,
      displayName: account.displayName ?? member?.practitioner.name?.[0]?.text ?? account.username,
      facilityId: roster?.facility.organization.id ?? null,
      practitionerId: member?.practitioner.id ?? null,
    }, { demo: true });
  }
  logger.info('demo data written', { patients: DEMO_PATIENTS, accounts: DEMO_ACCOUNTS.length });
}

function staffMember(roster: StaffRoster, role: StaffRole) {
  const member = roster.byRole[role][0];
  if (!member) throw new Error(`The demo roster of ${roster.facility.code} has no ${role}`);
  return member;
}
