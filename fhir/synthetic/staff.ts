// Staff of a facility: Practitioner + PractitionerRole per person, in the four roles the clinic flow needs.
import type { Location, Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { vnIdentifier } from '../identifiers/identifier.ts';
import { EMPLOYEE_NUMBER_SYSTEM, PRACTITIONER_LICENCE_SYSTEM } from '../identifiers/systems.ts';
import { findProvince } from '../terminology/admin-units.ts';
import { SNOMED_SYSTEM } from '../terminology/code-systems.ts';
import { foldVietnamese } from '../text/fold.ts';
import type { Facility, RoomPurpose } from './facilities.ts';
import { generateVietnameseName, type NameSex } from './names.ts';
import { mobileContact } from './phone.ts';
import type { Rng } from './random.ts';
import { referenceTo } from './references.ts';
import { regionOf } from './regions.ts';
import { DEFAULT_AS_OF, vnDate, vnMidnight, vnYear, YEAR_MS } from '../vietnam-time.ts';

export type StaffRole = 'doctor' | 'nurse' | 'receptionist' | 'pharmacist';

export interface StaffMember {
  role: StaffRole;
  practitioner: Practitioner;
  practitionerRole: PractitionerRole;
  rooms: Location[];
}

export interface StaffRoster {
  facility: Facility;
  members: StaffMember[];
  byRole: Record<StaffRole, StaffMember[]>;
}

interface RoleDefinition {
  snomedCode: string;
  snomedDisplay: string;
  vietnamese: string;
  licensed: boolean;
  /** Rooms this role works in. */
  workplaces: readonly RoomPurpose[];
  /** Share of women in the role. */
  femaleShare: number;
}

const ROLES: Record<StaffRole, RoleDefinition> = {
  doctor: { snomedCode: '309343006', snomedDisplay: 'Physician', vietnamese: 'Bác sĩ', licensed: true, workplaces: ['general', 'internal', 'paediatrics', 'ent', 'dental', 'obstetrics'], femaleShare: 0.45 },
  nurse: { snomedCode: '224535009', snomedDisplay: 'Registered nurse', vietnamese: 'Điều dưỡng', licensed: true, workplaces: ['general', 'internal', 'paediatrics', 'immunisation'], femaleShare: 0.85 },
  receptionist: { snomedCode: '159561009', snomedDisplay: 'Receptionist', vietnamese: 'Nhân viên tiếp đón', licensed: false, workplaces: ['reception'], femaleShare: 0.7 },
  pharmacist: { snomedCode: '46255001', snomedDisplay: 'Pharmacist', vietnamese: 'Dược sĩ', licensed: true, workplaces: ['pharmacy'], femaleShare: 0.75 },
};

/** Head count per role: a district centre runs several exam rooms, a commune station has five to seven staff. */
const HEAD_COUNT: Record<Facility['kind'], Record<StaffRole, number>> = {
  'district-health-centre': { doctor: 6, nurse: 6, receptionist: 2, pharmacist: 2 },
  'commune-health-station': { doctor: 2, nurse: 2, receptionist: 1, pharmacist: 1 },
};

/** Licence numbers look like "012345/TH-CCHN": a serial, then the issuing province's initials. */
function licenceNumber(rng: Rng, provinceCode: string): string {
  const province = findProvince(provinceCode);
  if (!province) throw new Error(`Unknown province ${provinceCode}`);
  const initials = foldVietnamese(province.shortName).split(' ').map((word) => word[0]).join('').toUpperCase();
  return `${String(rng.int(1, 999_999)).padStart(6, '0')}/${initials}-CCHN`;
}

interface MemberSlot {
  role: StaffRole;
  /** Position among staff of the same role, used to spread them over rooms. */
  roleIndex: number;
  employeeNumber: number;
}

function generateMember(rng: Rng, facility: Facility, { role, roleIndex, employeeNumber }: MemberSlot, asOfMs: number): StaffMember {
  const definition = ROLES[role];
  const sex: NameSex = rng.chance(definition.femaleShare) ? 'female' : 'male';
  const birthMs = asOfMs - rng.real(24, 59) * YEAR_MS;
  const birthYear = vnYear(birthMs);
  const facilityReference = referenceTo(facility.organization);
  const identifier = [vnIdentifier(EMPLOYEE_NUMBER_SYSTEM, `NV${String(employeeNumber).padStart(4, '0')}`, { assigner: facilityReference })];
  if (definition.licensed) identifier.push(vnIdentifier(PRACTITIONER_LICENCE_SYSTEM, licenceNumber(rng, facility.commune.provinceCode)));

  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id: rng.uuid(),
    identifier,
    active: true,
    name: [generateVietnameseName(rng, { sex, birthYear, region: regionOf(facility.commune.provinceCode) })],
    telecom: [mobileContact(rng)],
    gender: sex,
    birthDate: vnDate(birthMs),
  };
  const workplaces = facility.rooms.filter((room) => definition.workplaces.includes(room.purpose));
  // Spread people over their rooms so that every exam room has someone in it.
  const rooms = workplaces.length > 0 ? [workplaces[roleIndex % workplaces.length].location] : [];
  const practitionerRole: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: rng.uuid(),
    active: true,
    practitioner: referenceTo(practitioner),
    organization: facilityReference,
    code: [{ coding: [{ system: SNOMED_SYSTEM, code: definition.snomedCode, display: definition.snomedDisplay }], text: definition.vietnamese }],
  };
  if (rooms.length > 0) practitionerRole.location = rooms.map((room) => referenceTo(room));
  return { role, practitioner, practitionerRole, rooms };
}

export interface StaffOptions {
  /** "YYYY-MM-DD" the staff's ages are computed at; defaults to DEFAULT_AS_OF. */
  asOf?: string;
}

export function generateStaff(rng: Rng, facility: Facility, options: StaffOptions = {}): StaffRoster {
  const asOfMs = vnMidnight(options.asOf ?? DEFAULT_AS_OF);
  const byRole: Record<StaffRole, StaffMember[]> = { doctor: [], nurse: [], receptionist: [], pharmacist: [] };
  const members: StaffMember[] = [];
  for (const role of Object.keys(ROLES) as StaffRole[]) {
    for (let roleIndex = 0; roleIndex < HEAD_COUNT[facility.kind][role]; roleIndex++) {
      const member = generateMember(rng, facility, { role, roleIndex, employeeNumber: members.length + 1 }, asOfMs);
      byRole[role].push(member);
      members.push(member);
    }
  }
  return { facility, members, byRole };
}

export function staffResources(roster: StaffRoster): Resource[] {
  return roster.members.flatMap((member) => [member.practitioner, member.practitionerRole]);
}

const doctorsByRoom = new WeakMap<Location, StaffMember[]>();

/** A doctor working in the room, or any doctor of the facility when nobody is assigned there. */
export function doctorFor(rng: Rng, roster: StaffRoster, room: Location): StaffMember {
  let doctors = doctorsByRoom.get(room);
  if (!doctors) {
    const inRoom = roster.byRole.doctor.filter((member) => member.rooms.includes(room));
    doctors = inRoom.length > 0 ? inRoom : roster.byRole.doctor;
    doctorsByRoom.set(room, doctors);
  }
  return rng.pick(doctors);
}
