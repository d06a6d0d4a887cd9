// A facility with rooms and desk staff, for the registration tests.
import assert from 'node:assert/strict';
import type { TestServer } from '../../support/sen-server.ts';
import { userIn, type Actor } from '../../support/actors.ts';
import { OWNING_FACILITY_SYSTEM } from '../../../server/access/facility-label.ts';
import { emptyPatientForm, type PatientForm } from '../../../fhir/registration/patient-form.ts';
import { communesOf } from '../../../fhir/terminology/admin-units.ts';
import { vietnameseAddress } from '../../../fhir/terminology/address.ts';

export interface DeskFixture {
  facilityId: string;
  rooms: string[];
  admin: Actor;
}

/** An Organization owned by itself (in Phường Hoàn Kiếm, Hà Nội), and rooms (Locations) its facility administrator creates. */
export async function createFacility(server: TestServer, facilityId: string, roomNames: string[]): Promise<DeskFixture> {
  const organization = await server.request(`/fhir/R4/Organization/${facilityId}`, {
    method: 'PUT',
    json: { resourceType: 'Organization', id: facilityId, meta: { security: [{ system: OWNING_FACILITY_SYSTEM, code: facilityId }] }, name: `Trạm Y tế ${facilityId}`, active: true,
      address: [vietnameseAddress({ communeCode: '00070', use: 'work' })] },
  });
  assert.ok([200, 201].includes(organization.status), `organization: ${organization.status}`);
  const admin = await userIn(server, `quantri-${facilityId}`, 'facility-admin', facilityId);
  const rooms: string[] = [];
  for (const name of roomNames) {
    const created = await admin.request('/fhir/R4/Location', {
      method: 'POST',
      json: { resourceType: 'Location', status: 'active', name, mode: 'instance', managingOrganization: { reference: `Organization/${facilityId}` } },
    });
    assert.equal(created.status, 201, await created.clone().text());
    rooms.push((await created.json()).id);
  }
  return { facilityId, rooms, admin };
}

export async function clerk(server: TestServer, username: string, facilityId: string): Promise<Actor> {
  return userIn(server, username, 'receptionist', facilityId);
}

/** A valid adult's form: Nguyễn Thị Ánh, born 12/03/1985, in the first commune of Hà Nội. */
export function adultForm(overrides: Partial<PatientForm> = {}): PatientForm {
  const commune = communesOf('01')[0];
  return { ...emptyPatientForm({ provinceCode: '01', communeCode: commune.code }), fullName: 'Nguyễn Thị Ánh', sex: 'female', birthDate: '12/03/1985', ...overrides };
}

export async function postJson(actor: Actor, path: string, body: unknown): Promise<Response> {
  return actor.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}
