import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { userIn, type Actor } from '../../support/actors.ts';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, SOCIAL_INSURANCE_NUMBER_SYSTEM } from '../../../fhir/identifiers/systems.ts';
import { ADMINISTRATIVE_ADDRESS_EXTENSION, ETHNICITY_EXTENSION, INITIAL_REGISTRATION_FACILITY_EXTENSION } from '../../../fhir/terminology/extensions.ts';
import { adultForm, clerk, createFacility, postJson, type DeskFixture } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Registering new patients at the desk (${kind})`, () => {
    let server: TestServer;
    let desk: DeskFixture;
    let receptionist: Actor;

    before(async () => {
      server = await startTestServer(kind);
      desk = await createFacility(server, 'tram-dang-ky', ['Phòng khám bệnh']);
      receptionist = await clerk(server, 'tiepdon.dk', desk.facilityId);
    });
    after(() => server.close());

    const patientCount = async () => {
      const rows = await server.sen.context.database.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM resource WHERE resource_type = 'Patient'`;
      return Number(rows[0].n);
    };

    test('a valid form becomes a Patient and a Coverage with VN Core identifiers and extensions', async () => {
      const form = adultForm({
        cccd: '001185012345', phone: '0912 345 678', occupationCode: '05', addressDetail: 'Thôn Đông',
        insurance: { cardNumber: 'gd4 01 0112345678', validFrom: '01/01/2026', validTo: '31/12/2026', registeredFacilityCode: '01001' },
      });
      const response = await postJson(receptionist, '/api/registration/patients', { form });
      assert.equal(response.status, 201, await response.clone().text());
      const { patient, coverage } = await response.json();
      assert.equal(patient.name[0].text, 'Nguyễn Thị Ánh');
      assert.equal(patient.name[0].family, 'Nguyễn');
      assert.deepEqual(patient.name[0].given, ['Thị', 'Ánh']);
      assert.equal(patient.birthDate, '1985-03-12');
      assert.equal(patient.gender, 'female');
      assert.equal(patient.telecom[0].value, '0912345678');
      const identifiers = Object.fromEntries(patient.identifier.map((identifier: { system: string; value: string }) => [identifier.system, identifier.value]));
      assert.equal(identifiers[CCCD_SYSTEM], '001185012345');
      assert.equal(identifiers[BHYT_CARD_SYSTEM], 'GD4010112345678');
      assert.equal(identifiers[SOCIAL_INSURANCE_NUMBER_SYSTEM], '0112345678');
      assert.ok(patient.extension.some((extension: { url: string }) => extension.url === ETHNICITY_EXTENSION));
      assert.ok(patient.address[0].extension.some((extension: { url: string }) => extension.url === ADMINISTRATIVE_ADDRESS_EXTENSION));
      assert.equal(patient.managingOrganization.reference, `Organization/${desk.facilityId}`);
      assert.equal(coverage.beneficiary.reference, `Patient/${patient.id}`);
      assert.equal(coverage.subscriberId, 'GD4010112345678');
      assert.deepEqual(coverage.period, { start: '2026-01-01', end: '2026-12-31' });
      assert.equal(coverage.extension[0].url, INITIAL_REGISTRATION_FACILITY_EXTENSION);
      assert.equal(coverage.extension[0].valueIdentifier.value, '01001');
    });

    test('a second record for the same CCCD or card is refused with the existing patient', async () => {
      const sameCccd = await postJson(receptionist, '/api/registration/patients', { form: adultForm({ fullName: 'Nguyen Thi Anh', cccd: '001185012345' }) });
      assert.equal(sameCccd.status, 409);
      const body = await sameCccd.json();
      assert.equal(body.field, 'cccd');
      assert.ok(body.patientId);
      const sameCard = await postJson(receptionist, '/api/registration/patients', {
        form: adultForm({ insurance: { cardNumber: 'GD4010112345678', validFrom: '01/01/2026', validTo: '', registeredFacilityCode: '' } }),
      });
      assert.equal(sameCard.status, 409);
      assert.equal((await sameCard.json()).field, 'insurance.cardNumber');
    });

    test('invalid CCCD, card, phone and dates are refused with Vietnamese messages, and nothing is stored', async () => {
      const before = await patientCount();
      const response = await postJson(receptionist, '/api/registration/patients', {
        form: adultForm({
          fullName: 'Lê 3 Văn', cccd: '12345', phone: '12345', birthDate: '31/02/1990',
          insurance: { cardNumber: 'GD91234', validFrom: '1/13/2026', validTo: '', registeredFacilityCode: '1' },
        }),
      });
      assert.equal(response.status, 422);
      const body = await response.json();
      const byField = Object.fromEntries(body.issues.map((issue: { field: string; message: string }) => [issue.field, issue.message]));
      assert.match(byField.cccd, /12 chữ số/);
      assert.match(byField.phone, /Số điện thoại không hợp lệ/);
      assert.match(byField.birthDate, /Ngày không hợp lệ/);
      assert.match(byField['insurance.cardNumber'], /15 ký tự/);
      assert.match(byField['insurance.validFrom'], /dd\/mm\/yyyy/);
      assert.match(byField['insurance.registeredFacilityCode'], /5 chữ số/);
      assert.match(byField.fullName, /chữ cái/);
      assert.equal(await patientCount(), before, 'nothing reached the store');
    });

    test('a child under 6 needs a guardian; with one, the guardian is the Patient contact', async () => {
      const year = new Date().getFullYear() - 2;
      const withoutGuardian = await postJson(receptionist, '/api/registration/patients', { form: adultForm({ fullName: 'Phạm Gia Bảo', sex: 'male', birthDate: `15/06/${year}` }) });
      assert.equal(withoutGuardian.status, 422);
      assert.ok((await withoutGuardian.json()).issues.some((issue: { field: string }) => issue.field === 'guardian.name'));
      const withGuardian = await postJson(receptionist, '/api/registration/patients', {
        form: adultForm({ fullName: 'Phạm Gia Bảo', sex: 'male', birthDate: `15/06/${year}`, guardian: { name: 'phạm thị hoa', relationship: 'MTH', phone: '0987654321' } }),
      });
      assert.equal(withGuardian.status, 201, await withGuardian.clone().text());
      const { patient } = await withGuardian.json();
      assert.equal(patient.contact[0].name.text, 'Phạm Thị Hoa');
      assert.equal(patient.contact[0].relationship[0].coding[0].code, 'MTH');
    });

    test('the desk lists rooms; a pharmacist may not register patients', async () => {
      const rooms = await (await receptionist.request('/api/registration/rooms')).json();
      assert.deepEqual(rooms.rooms.map((room: { name: string }) => room.name), ['Phòng khám bệnh']);
      const pharmacist = await userIn(server, 'duocsi.dk', 'pharmacist', desk.facilityId);
      assert.equal((await postJson(pharmacist, '/api/registration/patients', { form: adultForm({ cccd: '001185099999' }) })).status, 403);
    });
  });
}
