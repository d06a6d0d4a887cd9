import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayPrescriptionCode, formatPrescriptionCode } from '../../../fhir/identifiers/prescription-code.ts';
import { auditEvents, userIn } from '../../support/actors.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { FACILITY_CODE, openClinic, patientWith, prescriptionBody, sendJson, waitForStatus, type Clinic } from './clinic.ts';

const CATALOGUE_UPDATE = [
  'ma,ten_thuoc,biet_duoc,hoat_chat,ham_luong,ma_atc,dang_bao_che,duong_dung,don_vi_tinh',
  'PARA500,Paracetamol 500mg,Panadol,Paracetamol,500mg,N02BE01,Viên nén,1.01,viên',
  'LORA10X,Loratadin 10mg,,Loratadin,10mg,R06AX13,Viên nén,1.01,viên',
].join('\n');

const CODE_FORMAT = new RegExp(`^${FACILITY_CODE}[0-9a-z]{7}-c$`);

async function sign(clinic: Clinic, body: unknown, path = '/api/prescriptions'): Promise<{ status: number; body: Record<string, any> }> {
  const response = await sendJson(clinic.doctor, path, body);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function countMedicationRequests(clinic: Clinic): Promise<number> {
  const response = await clinic.server.request('/fhir/R4/MedicationRequest?_summary=count');
  return ((await response.json()) as { total: number }).total;
}

for (const kind of databaseKinds()) {
  describe(`Signing prescriptions over /api (${kind})`, () => {
    let clinic: Clinic;
    before(async () => {
      clinic = await openClinic(kind);
    });
    after(async () => {
      await clinic?.close();
    });

    test('a doctor signs: the code is the facility\'s, the national system accepts it, the A5 paper carries the code', async () => {
      const signed = await sign(clinic, prescriptionBody(clinic, clinic.patient));
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      assert.match(signed.body.code, CODE_FORMAT);
      assert.equal(signed.body.requests.length, 2);
      assert.equal(signed.body.lines[1].instruction, 'Sáng 1 viên, trưa 1 viên, chiều 1 viên, uống sau ăn');

      const status = await waitForStatus(clinic.doctor, signed.body.code, (s) => s.national.status === 'delivered');
      assert.equal(status.national.status, 'delivered', JSON.stringify(status));
      assert.equal(status.status, 'active');
      assert.ok(status.national.checksum);
      const received = clinic.simulator.accepted.get(signed.body.code);
      assert.equal(received?.doctorLinkCode, 'BS0001');
      assert.equal(received?.payload.ho_ten_benh_nhan, 'Nguyễn Thị Hương Giang');

      const text = await pdfText(clinic, signed.body.code);
      assert.ok(text.includes(displayPrescriptionCode(signed.body.code)), text);
      assert.ok(text.includes('NGUYỄN THỊ HƯƠNG GIANG'), text);
      assert.ok(text.includes('Amoxicilin 500mg'), text);
      assert.ok(!text.includes('ĐƠN ĐÃ HỦY'), text);
    });

    test('doctors signing at the same moment get distinct codes', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => sign(clinic, prescriptionBody(clinic, clinic.patient))));
      assert.deepEqual(results.map((result) => result.status), [201, 201, 201, 201, 201, 201], JSON.stringify(results.find((result) => result.status !== 201)?.body));
      const codes = results.map((result) => result.body.code as string);
      assert.equal(new Set(codes).size, codes.length);
      assert.ok(codes.every((code) => CODE_FORMAT.test(code)));
    });

    test('a signed prescription cannot be changed or deleted; revising it signs a new one and cancels the old', async () => {
      const first = await sign(clinic, prescriptionBody(clinic, clinic.patient));
      assert.equal(first.status, 201);
      const [reference] = first.body.requests as string[];
      const stored = (await (await clinic.doctor.request(`/fhir/R4/${reference}`)).json()) as Record<string, any>;
      const changed = await clinic.doctor.request(`/fhir/R4/${reference}`, { method: 'PUT', json: { ...stored, note: [{ text: 'Đổi liều' }] } });
      assert.equal(changed.status, 409);
      const outcome = (await changed.json()) as { resourceType: string; issue: { diagnostics: string }[] };
      assert.equal(outcome.resourceType, 'OperationOutcome');
      assert.match(outcome.issue[0].diagnostics, /signed prescription .* cannot be changed/);
      assert.equal((await clinic.doctor.request(`/fhir/R4/${reference}`, { method: 'DELETE' })).status, 409);

      const revised = await sign(clinic, prescriptionBody(clinic, clinic.patient, { advice: 'Giảm liều' }), `/api/prescriptions/${first.body.code}/revise`);
      assert.equal(revised.status, 201, JSON.stringify(revised.body));
      assert.notEqual(revised.body.code, first.body.code);
      const old = (await (await clinic.doctor.request(`/api/prescriptions/${first.body.code}`)).json()) as Record<string, any>;
      assert.equal(old.status, 'cancelled');
      assert.ok(old.statusReason.includes(displayPrescriptionCode(revised.body.code)), old.statusReason);
      const replacement = (await (await clinic.doctor.request(`/api/prescriptions/${revised.body.code}`)).json()) as Record<string, any>;
      assert.equal(replacement.status, 'active');
      assert.equal(replacement.replaces, first.body.code);
      // The old paper, printed again, says it is void and why; the new one does not.
      const oldPaper = await pdfText(clinic, first.body.code);
      assert.ok(oldPaper.includes('ĐƠN ĐÃ HỦY – KHÔNG CẤP PHÁT THUỐC') && oldPaper.includes(displayPrescriptionCode(revised.body.code)), oldPaper);
      assert.ok(!(await pdfText(clinic, revised.body.code)).includes('ĐƠN ĐÃ HỦY'));

      const again = await sign(clinic, prescriptionBody(clinic, clinic.patient), `/api/prescriptions/${first.body.code}/revise`);
      assert.equal(again.status, 422);
      assert.match(again.body.message, /cancelled, not active/);
    });

    test('two doctors revising the same prescription at once: one revision wins, the other is refused', async () => {
      const first = await sign(clinic, prescriptionBody(clinic, clinic.patient));
      const before = await countMedicationRequests(clinic);
      const attempts = await Promise.all([1, 2].map(() => sign(clinic, prescriptionBody(clinic, clinic.patient), `/api/prescriptions/${first.body.code}/revise`)));
      const statuses = attempts.map((attempt) => attempt.status).sort();
      assert.equal(statuses[0], 201, JSON.stringify(attempts));
      assert.ok([409, 422].includes(statuses[1]), JSON.stringify(attempts));
      assert.equal(await countMedicationRequests(clinic), before + 2);
    });

    test('the visit\'s diagnoses go on the prescription, main diagnosis first', async () => {
      const hypertension = await patientWith(clinic.doctor, 'Phạm Văn Cường', 'I10');
      const created = async (resource: Record<string, unknown>) => ((await (await clinic.doctor.request(`/fhir/R4/${resource.resourceType}`, { method: 'POST', json: resource })).json()) as { id: string }).id;
      const diabetes = await created({
        resourceType: 'Condition', subject: { reference: `Patient/${hypertension.id}` },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11.9', display: 'Bệnh đái tháo đường type 2 không có biến chứng' }] },
      });
      const encounter = await created({
        resourceType: 'Encounter', status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: `Patient/${hypertension.id}` },
        diagnosis: [{ condition: { reference: `Condition/${diabetes}` }, rank: 2 }, { condition: { reference: `Condition/${hypertension.conditionId}` }, rank: 1 }],
      });
      const { conditionIds: _none, ...body } = prescriptionBody(clinic, hypertension, { encounterId: encounter });
      const signed = await sign(clinic, body);
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      const status = await waitForStatus(clinic.doctor, signed.body.code, (s) => s.national.status === 'delivered');
      assert.equal(status.national.status, 'delivered');
      const payload = clinic.simulator.accepted.get(signed.body.code)!.payload as { chan_doan: { ma_chan_doan: string }[] };
      assert.deepEqual(payload.chan_doan.map((diagnosis) => diagnosis.ma_chan_doan), ['I10', 'E11.9']);
    });

    test('a safety error blocks signing and nothing is written or queued', async () => {
      const before = await countMedicationRequests(clinic);
      const body = prescriptionBody(clinic, clinic.patient, {
        lines: [
          { medicationId: clinic.drugs.get('DIAZ5'), dosage: { dose: 1, slots: ['evening'], days: 5 } },
          { medicationId: clinic.drugs.get('PARA500'), dosage: { dose: 1, slots: ['morning'], days: 5 } },
        ],
      });
      const refused = await sign(clinic, body);
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error, 'unsafe_prescription');
      const finding = refused.body.findings.find((item: Record<string, any>) => item.rule === 'controlled-drugs');
      assert.equal(finding.severity, 'error');
      assert.ok(finding.message.vi && finding.message.en);
      assert.equal(await countMedicationRequests(clinic), before);
    });

    test('an allergic patient gets an allergy warning, which the doctor must acknowledge to sign', async () => {
      const body = prescriptionBody(clinic, clinic.allergic);
      const checked = (await (await sendJson(clinic.doctor, '/api/prescriptions/check', body)).json()) as Record<string, any>;
      const allergy = checked.findings.find((item: Record<string, any>) => item.rule === 'allergy');
      assert.ok(allergy, JSON.stringify(checked));
      assert.equal(allergy.severity, 'warning');
      assert.deepEqual(allergy.lines, [1]);
      assert.match(allergy.message.vi, /Penicilin/);
      assert.ok(allergy.message.en.length > 0);
      assert.equal(checked.signable, true);

      const unacknowledged = await sign(clinic, body);
      assert.equal(unacknowledged.status, 422);
      assert.equal(unacknowledged.body.error, 'warnings_not_acknowledged');
      const acknowledged = await sign(clinic, { ...body, acknowledgedWarnings: checked.findings.map((item: Record<string, any>) => item.key) });
      assert.equal(acknowledged.status, 201, JSON.stringify(acknowledged.body));
    });

    test('pharmacists and receptionists cannot sign; a doctor of another facility cannot see or sign', async () => {
      const body = prescriptionBody(clinic, clinic.patient);
      assert.equal((await sendJson(clinic.pharmacist, '/api/prescriptions', body)).status, 403);
      assert.equal((await sendJson(clinic.receptionist, '/api/prescriptions', body)).status, 403);
      const signed = await sign(clinic, body);
      assert.equal(signed.status, 201);
      assert.equal((await clinic.pharmacist.request(`/api/prescriptions/${signed.body.code}`)).status, 200);
      assert.equal((await clinic.pharmacist.request(`/api/prescriptions/${signed.body.code}/pdf`)).status, 200);

      const query = (event: Record<string, any>): string | undefined => event.entity?.find((entity: Record<string, any>) => entity.query)?.query;
      const signings = (await auditEvents(clinic.server)).filter((event) => query(event) === Buffer.from('POST /api/prescriptions').toString('base64'));
      assert.ok(signings.some((event) => event.outcome === '0' && event.entity.some((entity: Record<string, any>) => entity.what?.reference === `Patient/${clinic.patient.id}`)), 'a signing is audited with its patient');
      assert.ok(signings.some((event) => event.outcome !== '0' && event.agent[0].altId !== undefined), 'a refused signing is audited too');

      const foreign = await sendJson(clinic.otherDoctor, '/api/prescriptions', body);
      assert.equal(foreign.status, 403);
      assert.equal((await clinic.otherDoctor.request(`/api/prescriptions/${signed.body.code}`)).status, 404);
      assert.equal((await clinic.otherDoctor.request(`/api/prescriptions/${signed.body.code}/pdf`)).status, 404);
      const error = (await (await clinic.otherDoctor.request(`/api/prescriptions/${signed.body.code}`)).json()) as Record<string, string>;
      assert.equal(error.error, 'not_found');
    });

    test('a code the national system already has is shown as rejected with its message, and not sent again', async () => {
      const [row] = await clinic.server.sen.context.database.prisma.$queryRaw<{ next: bigint }[]>`
        SELECT next_counter AS next FROM prescription_code_counter WHERE facility_code = ${FACILITY_CODE}`;
      const nextCode = formatPrescriptionCode(FACILITY_CODE, Number(row.next), 'c');
      // Issued elsewhere under this facility's code (a database restored from an old backup, another system).
      clinic.simulator.accepted.set(nextCode, { payload: {}, checksum: 'x', doctorLinkCode: 'BS0001' });
      const signed = await sign(clinic, prescriptionBody(clinic, clinic.patient));
      assert.equal(signed.body.code, nextCode);
      const status = await waitForStatus(clinic.doctor, nextCode, (s) => s.national.status === 'failed');
      assert.equal(status.national.status, 'failed', JSON.stringify(status));
      assert.match(status.national.lastError, /Mã đơn thuốc đã tồn tại/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const later = (await (await clinic.doctor.request(`/api/prescriptions/${nextCode}`)).json()) as Record<string, any>;
      assert.equal(later.national.attempts, 1);
      assert.equal(clinic.simulator.received.filter((entry) => entry.code === nextCode).length, 1);
    });

    test('the drug catalogue: search as you type without accents; the facility administrator imports a CSV; a bad one is refused line by line', async () => {
      const found = (await (await clinic.doctor.request('/api/prescriptions/catalogue?q=amoxicilin%20500')).json()) as { drugs: Record<string, any>[] };
      assert.equal(found.drugs[0].drug.code, 'AMOX500');
      assert.equal(found.drugs[0].prescriptionType, 'c');
      const none = (await (await clinic.otherDoctor.request('/api/prescriptions/catalogue?q=amoxicilin')).json()) as { drugs: unknown[] };
      assert.deepEqual(none.drugs, []);

      const bad = 'ma,ten_thuoc,hoat_chat,dang_bao_che,duong_dung,don_vi_tinh\nX1,Thuốc X,Chất X,Viên nén,1.01,\n';
      const refused = await clinic.pharmacist.request('/api/prescriptions/catalogue', { method: 'POST', body: bad, headers: { 'Content-Type': 'text/csv' } });
      assert.equal(refused.status, 422);
      const report = (await refused.json()) as { error: string; errors: { line: number; column: string }[] };
      assert.equal(report.error, 'invalid_catalogue');
      assert.deepEqual(report.errors.map(({ line, column }) => ({ line, column })), [{ line: 2, column: 'don_vi_tinh' }]);
      const admin = await userIn(clinic.server, 'quantri.a', 'facility-admin', 'tram-a');
      const adminImport = await admin.request('/api/prescriptions/catalogue', { method: 'POST', body: CATALOGUE_UPDATE, headers: { 'Content-Type': 'text/csv' } });
      assert.deepEqual(await adminImport.json(), { created: 1, updated: 1 });
      const renamed = (await (await clinic.doctor.request('/api/prescriptions/catalogue?q=para')).json()) as { drugs: Record<string, any>[] };
      assert.equal(renamed.drugs.find((match) => match.drug.code === 'PARA500')?.drug.brandName, 'Panadol');
      const receptionistImport = await clinic.receptionist.request('/api/prescriptions/catalogue', { method: 'POST', body: bad, headers: { 'Content-Type': 'text/csv' } });
      assert.equal(receptionistImport.status, 403);
    });

    test('malformed requests get a clear 400 or 422, never a 500', async () => {
      assert.equal((await sendJson(clinic.doctor, '/api/prescriptions', { patientId: clinic.patient.id })).status, 400);
      const wrongType = await sign(clinic, prescriptionBody(clinic, clinic.patient, { lines: [{ medicationId: clinic.drugs.get('PARA500'), dosage: { dose: 'một', days: 5 } }] }));
      assert.equal(wrongType.status, 400, JSON.stringify(wrongType.body));
      assert.match(wrongType.body.message, /lines\[0\]\.dosage\.dose must be a number/);
      const unknownSlot = await sign(clinic, prescriptionBody(clinic, clinic.patient, { lines: [{ medicationId: clinic.drugs.get('PARA500'), dosage: { dose: 1, slots: ['midnight'], days: 5 } }] }));
      assert.equal(unknownSlot.status, 400, JSON.stringify(unknownSlot.body));
      const zeroDays = await sign(clinic, prescriptionBody(clinic, clinic.patient, { lines: [{ medicationId: clinic.drugs.get('PARA500'), dosage: { dose: 1, slots: ['morning'], days: 0 } }] }));
      assert.equal(zeroDays.status, 422, JSON.stringify(zeroDays.body));
      assert.equal(zeroDays.body.error, 'invalid_prescription');
      const unknownCondition = await sign(clinic, prescriptionBody(clinic, clinic.patient, { conditionIds: ['no-such-condition'] }));
      assert.equal(unknownCondition.status, 404, JSON.stringify(unknownCondition.body));
      assert.equal((await clinic.doctor.request('/api/prescriptions/not-a-code')).status, 404);
    });
  });
}

/** The text of a prescription's PDF as the doctor downloads it (pdftotext). */
async function pdfText(clinic: Clinic, code: string): Promise<string> {
  const pdf = await clinic.doctor.request(`/api/prescriptions/${code}/pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'sen-rx-'));
  try {
    const file = join(dir, 'don.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
