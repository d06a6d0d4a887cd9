import type { AppContext } from '../context.ts';
import { createSyntheticDataset } from '../../fhir/synthetic/dataset.ts';
import type { StaffRole, StaffRoster } from '../../fhir/synthetic/staff.ts';
import type { Role } from '../auth/roles.ts';
import { logger } from '../logger.ts';
import { runWithAccess } from '../access/request-access.ts';
import { systemJobAccess } from '../access/system-access.ts';
import { ownedPatientRecordResources, ownedSetupResources } from './synthetic-owners.ts';
import { DTQG_DOCTOR_LINK_CODE_SYSTEM, DTQG_FACILITY_LINK_CODE_SYSTEM } from '../../fhir/identifiers/systems.ts';
import type { SimulatedFacility } from '../adapters/national-prescription/simulator.ts';

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
  /** A doctor's link code with the national prescription system (the demo's simulator knows it). */
  nationalLinkCode?: string;
  displayName?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', role: 'system-admin', displayName: 'Quản trị hệ thống' },
  { username: 'quantri.huyen', role: 'facility-admin', facility: 0, displayName: 'Quản trị Trung tâm Y tế' },
  { username: 'bacsi.huyen', role: 'doctor', facility: 0, staff: 'doctor', nationalLinkCode: 'BS-DEMO-HUYEN' },
  { username: 'tiepdon.xa1', role: 'receptionist', facility: 1, staff: 'receptionist' },
  { username: 'dieuduong.xa1', role: 'nurse', facility: 1, staff: 'nurse' },
  { username: 'bacsi.xa1', role: 'doctor', facility: 1, staff: 'doctor', nationalLinkCode: 'BS-DEMO-XA1' },
  { username: 'duocsi.xa1', role: 'pharmacist', facility: 1, staff: 'pharmacist' },
  { username: 'bacsi.xa2', role: 'doctor', facility: 2, staff: 'doctor', nationalLinkCode: 'BS-DEMO-XA2' },
  { username: 'soyte', role: 'analyst', displayName: 'Chuyên viên Sở Y tế' },
];

/**
 * On an empty database, writes a small realistic demo — a district health centre, two commune stations, their staff
 * and ~50 patients with visits — and one account per role (password DEMO_PASSWORD).
 */
export async function seedDemoIfEmpty(context: AppContext): Promise<void> {
  if ((await context.users.count()) > 0) return;
  const dataset = createSyntheticDataset({ seed: DEMO_SEED });
  for (const { facility } of dataset.rosters) {
    facility.organization.identifier = [...(facility.organization.identifier ?? []), { system: DTQG_FACILITY_LINK_CODE_SYSTEM, value: demoLinkCode(facility.code) }];
  }
  for (const account of DEMO_ACCOUNTS) {
    if (account.facility === undefined || !account.staff || !account.nationalLinkCode) continue;
    const { practitioner } = staffMember(dataset.rosters[account.facility], account.staff);
    practitioner.identifier = [...(practitioner.identifier ?? []), { system: DTQG_DOCTOR_LINK_CODE_SYSTEM, value: account.nationalLinkCode }];
  }
  const patients = Array.from({ length: DEMO_PATIENTS }, (_, i) => ownedPatientRecordResources(dataset.patientRecord(i)));
  await runWithAccess(systemJobAccess(context.database.prisma, 'demo-seed'), () =>
    context.resources.createMany([...ownedSetupResources(dataset), ...patients.flat()], { validate: true }));
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

const demoLinkCode = (facilityCode: string) => `DEMO-${facilityCode}`;

/**
 * The demo facilities' accounts with the local national-system simulator, each with its link code (also on the
 * facility's Organization) and its doctors with the demo password.
 */
export function demoNationalSystemAccounts(): SimulatedFacility[] {
  return createSyntheticDataset({ seed: DEMO_SEED }).rosters.map(({ facility: { code } }, index) => {
    const doctors = DEMO_ACCOUNTS.filter((account) => account.facility === index && account.nationalLinkCode);
    return { linkCode: demoLinkCode(code), facilityCode: code, doctors: Object.fromEntries(doctors.map((account) => [account.nationalLinkCode!, DEMO_PASSWORD])) };
  });
}
