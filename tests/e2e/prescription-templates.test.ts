// A doctor's templates and starred drugs in the prescription editor, in a browser: star a drug with its dosage and
// add it again in one click, save the lines as "Viêm họng người lớn", add the template back to an empty
// prescription, be told in Vietnamese that the name is taken, rename and delete it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { clinicWithQueuedPatient, examineFromQueue } from './queued-visit.ts';
import type { Clinic } from '../integration/prescriptions/clinic.ts';

const NAME = 'Đỗ Văn Minh';

describe('Prescription templates and starred drugs in a browser', () => {
  let clinic: Clinic;
  let browser: Browser;

  before(async () => {
    ({ clinic } = await clinicWithQueuedPatient({ name: NAME, sex: 'male', birthDate: '02/09/1979', reason: 'Đau họng' }));
    browser = await launchBrowser();
    mkdirSync('docs/screens', { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await clinic?.close();
  });

  test('star, one-click add, save as template, apply, duplicate name, rename, delete', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await examineFromQueue(page, clinic, NAME);
    await page.getByRole('heading', { name: 'Kê đơn thuốc' }).waitFor();

    // Paracetamol three days, starred with that dosage.
    const drugSearch = page.getByRole('combobox', { name: 'Thêm thuốc' });
    await drugSearch.fill('paracetamol');
    await page.getByRole('option', { name: /^Paracetamol 500mg/ }).first().click();
    await page.locator('.rx-line').nth(0).getByLabel('Số ngày').fill('3');
    await page.getByTestId('rx-quantity-0').filter({ hasText: '6 viên' }).waitFor();
    const star = page.getByRole('button', { name: 'Thuốc hay dùng: Paracetamol 500mg' });
    assert.equal(await star.getAttribute('aria-pressed'), 'false');
    await star.press('Enter');
    await page.getByRole('button', { name: 'Thuốc hay dùng: Paracetamol 500mg', pressed: true }).waitFor();
    assert.equal(await star.getAttribute('title'), 'Bỏ Paracetamol 500mg khỏi thuốc hay dùng');

    // Amoxicillin three times a day for 7 days; the two lines saved as a template.
    await drugSearch.fill('amox');
    await page.getByRole('option', { name: /^Amoxicilin 500mg/ }).first().click();
    const amoxicillin = page.locator('.rx-line').nth(1);
    await amoxicillin.getByLabel('Trưa').check();
    await amoxicillin.getByLabel('Số ngày').fill('7');
    await page.getByTestId('rx-quantity-1').filter({ hasText: '21 viên' }).waitFor();
    await page.getByLabel('Lưu đơn hiện tại làm đơn mẫu').fill('Viêm họng người lớn');
    await page.getByRole('button', { name: 'Lưu đơn mẫu' }).click();
    const picker = page.getByLabel('Chọn đơn mẫu');
    await picker.locator('option', { hasText: 'Viêm họng người lớn (2 thuốc)' }).waitFor({ state: 'attached' });
    assert.equal(await page.getByLabel('Lưu đơn hiện tại làm đơn mẫu').inputValue(), '');

    // An empty prescription; the template adds both lines back with their dosage.
    for (const name of ['Amoxicilin 500mg', 'Paracetamol 500mg']) await page.getByRole('button', { name: `Bỏ thuốc ${name}` }).click();
    assert.equal(await page.locator('.rx-line').count(), 0);
    await picker.selectOption({ label: 'Viêm họng người lớn (2 thuốc)' });
    await page.getByRole('button', { name: 'Thêm vào đơn' }).click();
    await page.getByTestId('rx-wording-1').filter({ hasText: 'Sáng 1 viên, trưa 1 viên, chiều 1 viên, uống sau ăn' }).waitFor();
    assert.equal(await page.getByTestId('rx-quantity-0').textContent(), '6 viên');
    assert.equal(await page.getByTestId('rx-quantity-1').textContent(), '21 viên');
    await page.locator('.rx-templates').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screens/vi-prescription-templates.png' });
    await page.keyboard.press('Alt+KeyL');
    await page.getByRole('heading', { name: 'Templates', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add Paracetamol 500mg with its saved dosage' }).waitFor();
    await page.screenshot({ path: 'docs/screens/en-prescription-templates.png' });
    await page.keyboard.press('Alt+KeyL');

    // The same name again (in capitals): refused, in Vietnamese.
    await page.getByLabel('Lưu đơn hiện tại làm đơn mẫu').fill('VIÊM HỌNG NGƯỜI LỚN');
    await page.getByRole('button', { name: 'Lưu đơn mẫu' }).click();
    await page.locator('.rx-templates').getByRole('alert').filter({ hasText: 'Bạn đã có đơn mẫu tên “VIÊM HỌNG NGƯỜI LỚN”' }).waitFor();

    // The starred drug in one click, with the dosage saved with the star.
    for (const name of ['Amoxicilin 500mg', 'Paracetamol 500mg']) await page.getByRole('button', { name: `Bỏ thuốc ${name}` }).click();
    await page.getByRole('button', { name: 'Thêm Paracetamol 500mg với cách dùng đã lưu' }).click();
    assert.equal(await page.getByTestId('rx-quantity-0').textContent(), '6 viên');

    // Rename, then delete.
    await page.getByRole('button', { name: 'Đổi tên' }).click();
    await page.getByLabel('Tên mới của đơn mẫu').fill('Viêm họng, người lớn');
    await page.getByLabel('Tên mới của đơn mẫu').press('Enter');
    await picker.locator('option', { hasText: 'Viêm họng, người lớn (2 thuốc)' }).waitFor({ state: 'attached' });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Xóa đơn mẫu' }).click();
    await picker.locator('option', { hasText: 'Viêm họng, người lớn' }).waitFor({ state: 'detached' });
    const left = (await (await clinic.doctor.request('/api/prescriptions/templates')).json()) as { templates: unknown[] };
    assert.deepEqual(left.templates, []);
  });
});
