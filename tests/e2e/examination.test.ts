// The doctor's visit in a browser, keyboard and mouse as a doctor uses them: open the patient from the room queue,
// record vital signs (an implausible one is caught inline), diagnose by typing a Vietnamese disease name without
// accents, record an allergy, survive a reload, prescribe two drugs with the dosage builder, get the allergy warning,
// acknowledge it, sign, print the A5 paper (rendered to an image; its Vietnamese text checked) and see the national
// prescription simulator accept it. Screenshots of the new screens go to docs/screens/ in Vietnamese and English.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '@medplum/fhirtypes';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { clinicWithQueuedPatient, examineFromQueue } from './queued-visit.ts';
import { waitForStatus, type Clinic } from '../integration/prescriptions/clinic.ts';

const SCREENS = 'docs/screens';
const NAME = 'Phạm Thị Thu Hà';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENS}/${name}.png` });
}

describe('The examination workspace and prescription editor in a browser', () => {
  let clinic: Clinic;
  let browser: Browser;
  let roomId: string;

  before(async () => {
    ({ clinic, roomId } = await clinicWithQueuedPatient({ name: NAME, sex: 'female', birthDate: '12/03/1985', reason: 'Đau họng, sốt 2 ngày' }, async (clinic, patientId) => {
      const problem = await clinic.doctor.request('/fhir/R4/Condition', {
        method: 'POST',
        json: {
          resourceType: 'Condition',
          clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
          code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10', display: 'Bệnh lý tăng huyết áp' }], text: 'Bệnh lý tăng huyết áp' },
          subject: { reference: `Patient/${patientId}` },
        },
      });
      assert.equal(problem.status, 201, await problem.clone().text());
    }));
    browser = await launchBrowser();
    mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await clinic?.close();
  });

  test('the ICD-10 search refuses bad parameters in Vietnamese and leaves barred codes out of the main diagnosis', async () => {
    const refused = await clinic.doctor.request('/api/terminology/icd10?q=a&limit=500');
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { message: string }).message, /Tham số "limit" phải từ 1 đến 50/);
    const all = (await (await clinic.doctor.request('/api/terminology/icd10?q=B95')).json()) as { codes: { code: string; mainDiagnosisAllowed: boolean }[] };
    assert.ok(all.codes.some((entry) => !entry.mainDiagnosisAllowed), 'B95 (germs causing a disease elsewhere) is barred as main diagnosis');
    const main = (await (await clinic.doctor.request('/api/terminology/icd10?q=B95&main=1')).json()) as { codes: { mainDiagnosisAllowed: boolean }[] };
    assert.ok(main.codes.every((entry) => entry.mainDiagnosisAllowed));
  });

  test('queue → vitals, diagnosis, allergy → two drugs, allergy warning, sign, print, accepted', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await examineFromQueue(page, clinic, NAME);

    // The banner: name, sex, age, no allergy yet, the problem list.
    const banner = page.getByRole('region', { name: 'Thông tin người bệnh' });
    await banner.getByRole('heading', { name: NAME }).waitFor();
    assert.match(await banner.textContent() ?? '', /Nữ.*12\/03\/1985/);
    assert.match(await banner.textContent() ?? '', /Chưa ghi nhận/);
    assert.match(await banner.textContent() ?? '', /Bệnh đang theo dõi\s*I10 Bệnh lý tăng huyết áp/);

    // Vital signs; an implausible temperature is caught inline, in Vietnamese.
    await page.getByLabel('Mạch (lần/phút)').fill('88');
    await page.getByLabel('Huyết áp tâm thu (mmHg)').fill('120');
    await page.getByLabel('Huyết áp tâm trương (mmHg)').fill('80');
    await page.getByLabel('Nhiệt độ (°C)').fill('385');
    await page.getByText('Giá trị không hợp lý: phải từ 30 đến 44 °C.').waitFor();
    assert.equal(await page.getByLabel('Nhiệt độ (°C)').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Nhiệt độ (°C)').fill('38,5');
    await page.getByLabel('Nhịp thở (lần/phút)').fill('20');
    await page.getByLabel('SpO2 (%)').fill('98');
    await page.getByLabel('Cân nặng (kg)').fill('55');
    await page.getByLabel('Chiều cao (cm)').fill('158');
    assert.equal(await page.getByTestId('bmi').textContent(), '22');
    await page.getByLabel('Lý do khám').fill('Đau họng, sốt 2 ngày');
    await page.getByLabel('Khám lâm sàng').fill('Họng đỏ, amidan không sưng');

    // Diagnosis typed without accents.
    const diagnosis = page.getByRole('combobox', { name: 'Chẩn đoán chính' });
    await diagnosis.fill('viem hong');
    await page.getByRole('option', { name: 'J02.9 Viêm họng cấp, không đặc hiệu' }).waitFor();
    await diagnosis.press('Enter');
    await page.getByText('J02.9', { exact: true }).waitFor();
    // A secondary diagnosis by code: B95.0 may not be a main diagnosis, but may follow one.
    const secondary = page.getByRole('combobox', { name: 'Thêm bệnh kèm theo' });
    await secondary.fill('b95.0');
    await page.getByRole('option', { name: /^B95\.0 / }).waitFor();
    await secondary.press('Enter');
    await page.getByText('B95.0', { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: /làm bệnh chính/ }).count(), 0, 'a barred code is not offered as main');

    // An allergy recorded from the workspace.
    await page.getByLabel('Chất/thuốc gây dị ứng').fill('Penicilin');
    await page.getByLabel('Biểu hiện').fill('Nổi mẩn ngứa');
    await page.getByRole('button', { name: 'Thêm dị ứng' }).click();
    await page.getByText('(chưa lưu)').waitFor();

    // An accidental reload keeps the draft.
    await page.reload();
    await banner.getByRole('heading', { name: NAME }).waitFor();
    assert.equal(await page.getByLabel('Nhiệt độ (°C)').inputValue(), '38,5');
    await page.getByText('J02.9', { exact: true }).waitFor();
    await page.getByText('(chưa lưu)').waitFor();
    await shot(page, 'vi-examination');

    // Saving: one transaction; the banner now shows the allergy.
    await page.getByLabel('Mạch (lần/phút)').focus();
    await page.keyboard.press('Control+Enter');
    await page.locator('.exam-actions').getByText('Đã lưu phiếu khám.').waitFor();
    await banner.getByText('Penicilin').waitFor();
    const observations = await (await clinic.doctor.request('/fhir/R4/Observation?code=http://loinc.org|85354-9')).json() as { entry?: { resource: { component: { valueQuantity: { value: number } }[] } }[] };
    assert.deepEqual(observations.entry?.[0].resource.component.map((component) => component.valueQuantity.value), [120, 80]);
    // A value cleared after saving: saving again enters that Observation in error rather than leaving it standing.
    await page.getByLabel('SpO2 (%)').fill('');
    await page.keyboard.press('Control+Enter');
    await page.locator('.exam-actions').getByText('Đã lưu phiếu khám.').waitFor();
    await page.getByText('Có thay đổi chưa lưu').waitFor({ state: 'detached' });
    const oximetry = await (await clinic.doctor.request('/fhir/R4/Observation?code=http://loinc.org|59408-5')).json() as { entry?: { resource: Observation }[] };
    assert.deepEqual(oximetry.entry?.map((entry) => entry.resource.status), ['entered-in-error']);

    // Two drugs with the dosage builder.
    const drugSearch = page.getByRole('combobox', { name: 'Thêm thuốc' });
    await drugSearch.fill('paracetamol');
    await page.getByRole('option', { name: /^Paracetamol 500mg/ }).first().click();
    await page.getByTestId('rx-wording-0').filter({ hasText: 'Sáng 1 viên, chiều 1 viên, uống sau ăn' }).waitFor();
    assert.equal(await page.getByTestId('rx-quantity-0').textContent(), '10 viên');
    await drugSearch.fill('amox');
    await page.getByRole('option', { name: /^Amoxicilin 500mg/ }).first().click();
    const amoxicillin = page.locator('.rx-line').nth(1);
    await amoxicillin.getByLabel('Trưa').check();
    await amoxicillin.getByLabel('Số ngày').fill('7');
    await page.getByTestId('rx-wording-1').filter({ hasText: 'Sáng 1 viên, trưa 1 viên, chiều 1 viên, uống sau ăn' }).waitFor();
    assert.equal(await page.getByTestId('rx-quantity-1').textContent(), '21 viên');
    assert.match(await amoxicillin.textContent() ?? '', /1 viên\/lần \* 3 lần\/ngày \* 7 ngày/);

    // The check: the allergy warning, to be acknowledged before signing.
    const sign = page.getByRole('button', { name: 'Ký đơn' });
    assert.ok(await sign.isDisabled());
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    const warning = page.locator('.finding.warning').filter({ hasText: /dị ứng.*Amoxicilin/ });
    await warning.waitFor();
    assert.ok(await sign.isDisabled(), 'an unacknowledged warning blocks signing');
    await sign.scrollIntoViewIfNeeded();
    await shot(page, 'vi-prescription-check');
    await page.keyboard.press('Alt+KeyL');
    await page.getByRole('heading', { name: 'Prescription', exact: true }).waitFor();
    await page.locator('.finding.warning').filter({ hasText: /allergic/ }).waitFor();
    await shot(page, 'en-prescription-check');
    await page.keyboard.press('Alt+KeyL');
    await warning.getByLabel('Tôi đã cân nhắc cảnh báo này').check();
    await sign.click();

    // Signed: the national code, print in one click, the national system's answer.
    const code = (await page.getByTestId('rx-code').textContent())!;
    assert.match(code, /^01234[0-9A-Z]{7}-C$/);
    await page.getByTestId('rx-national').filter({ hasText: 'Hệ thống đơn thuốc quốc gia đã tiếp nhận' }).waitFor({ timeout: 20_000 });
    assert.ok(clinic.simulator.accepted.has(code.toLowerCase()), 'the simulator holds the prescription');
    const status = await waitForStatus(clinic.doctor, code, (s) => s.national.status === 'delivered');
    assert.equal(status.requests.length, 2);
    await page.getByRole('region', { name: 'Đơn thuốc đã ký' }).scrollIntoViewIfNeeded();
    await shot(page, 'vi-prescription-signed');
    const [paper] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'In đơn' }).click()]);
    await paper.waitForURL(/^blob:/);
    await paper.close();

    // The paper itself: its text, and rendered to an image.
    const pdf = await clinic.doctor.request(`/api/prescriptions/${code}/pdf`);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'sen-exam-'));
    try {
      const file = join(dir, 'don.pdf');
      writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const expected of ['PHẠM THỊ THU HÀ', 'Viêm họng', 'J02.9', 'Amoxicilin 500mg', 'Sáng 1 viên, trưa 1 viên, chiều 1 viên, uống sau ăn', code]) {
        assert.ok(text.includes(expected), `${expected} in ${text}`);
      }
      execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', file, join(SCREENS, 'vi-prescription-pdf')]);
      assert.ok(statSync(join(SCREENS, 'vi-prescription-pdf.png')).size > 10_000, 'the paper renders to an image');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    await page.keyboard.press('Alt+KeyL');
    await page.getByTestId('rx-national').filter({ hasText: 'Accepted by the national prescription system' }).waitFor();
    await shot(page, 'en-prescription-signed');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('heading', { name: 'Vital signs' }).waitFor();
    await shot(page, 'en-examination');

    // The visit history panel: this visit, its diagnosis and prescription; then the whole chart from the banner.
    await page.keyboard.press('Alt+KeyL');
    await page.getByText('Lịch sử khám').click();
    const history = page.locator('.visit-history');
    await history.getByText('Lần khám này').waitFor();
    await history.getByTestId('chart-visit').first().filter({ hasText: 'J02.9' }).filter({ hasText: `Đơn thuốc ${code}` }).waitFor();
    await banner.getByRole('button', { name: 'Hồ sơ bệnh án' }).click();
    await page.waitForURL(/\/chart\?patient=/);
    await page.getByRole('heading', { name: `Hồ sơ bệnh án: ${NAME}` }).waitFor();
    const visit = page.getByTestId('chart-visit').first();
    await visit.filter({ hasText: 'Huyết áp 120/80 mmHg' }).filter({ hasText: 'Cân nặng 55 kg' }).waitFor();
    await visit.filter({ hasText: `Đơn thuốc ${code}` }).filter({ hasText: 'Đang hiệu lực' }).filter({ hasText: 'Amoxicilin 500mg' }).waitFor();
    assert.match(await page.getByRole('img', { name: /^Huyết áp/ }).getAttribute('aria-label') ?? '', /Tâm thu: 120 mmHg; Tâm trương: 80 mmHg/);
    assert.equal(await page.locator('.trend polyline').count(), 3, 'systolic, diastolic and weight lines');
    await shot(page, 'vi-patient-chart');
    await page.getByRole('button', { name: '← Quay lại' }).click();
    await banner.getByRole('heading', { name: NAME }).waitFor();

    // Closing the visit: a referral (the intent only), a follow-up date and advice; the visit leaves the queue.
    const encounterId = new URL(page.url()).searchParams.get('encounter')!;
    await page.getByLabel('Kết quả khám').selectOption({ label: 'Chuyển tuyến' });
    await page.getByText('Chỉ ghi nhận ý định chuyển tuyến').waitFor();
    await page.getByLabel('Ngày hẹn tái khám').fill('2099-01-15');
    await page.getByLabel('Lời dặn khi kết thúc khám').fill('Mang theo đơn thuốc khi đến tuyến trên.');
    await page.getByRole('button', { name: 'Kết thúc lượt khám' }).click();
    await page.getByText('Lượt khám đã kết thúc: Chuyển tuyến.').waitFor();
    const closed = (await (await clinic.doctor.request(`/fhir/R4/Encounter/${encounterId}`)).json()) as Record<string, any>;
    assert.equal(closed.status, 'finished');
    assert.ok(closed.period.end);
    assert.equal(closed.hospitalization.dischargeDisposition.coding[0].code, 'other-hcf');
    assert.deepEqual(closed.extension.filter((entry: { url: string }) => /follow-up|advice/.test(entry.url)).map((entry: Record<string, string>) => entry.valueDate ?? entry.valueString),
      ['2099-01-15', 'Mang theo đơn thuốc khi đến tuyến trên.']);
    await page.getByRole('button', { name: '← Về hàng đợi' }).click();
    await page.getByRole('heading', { name: 'Hàng đợi phòng khám' }).waitFor();
    await page.getByRole('row').filter({ hasText: NAME }).filter({ hasText: 'Đã khám' }).waitFor();
  });
});
