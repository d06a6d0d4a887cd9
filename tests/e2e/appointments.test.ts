// Booking ahead at the desk, keyboard first: pick a known patient, Alt+H instead of registering now, book today's
// slot under way, find it in "Lịch hẹn hôm nay", and check the patient in with Alt+T, Enter: the ticket number.
// Screenshots of the booking form and the day list go to docs/screens/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, signIn } from './browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/sen-server.ts';
import { adultForm, createFacility, postJson, type DeskFixture } from '../integration/registration/support.ts';
import { signIn as apiSignIn } from '../support/actors.ts';
import { formatVnDate } from '../../fhir/registration/dates.ts';
import { vnDateTime } from '../../fhir/vietnam-time.ts';

describe('Appointments at the registration desk in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let desk: DeskFixture;

  before(async () => {
    await ensureWebBuilt();
    server = await startTestServer('embedded', { env: { SEN_SERVE_WEB: '1' } });
    desk = await createFacility(server, 'tram-e2e-hen', ['Phòng khám bệnh']);
    await server.sen.context.users.create({ username: 'tiepdon', password: TEST_PASSWORD, displayName: 'Lê Thị Tiếp Đón', role: 'receptionist', facilityId: desk.facilityId });
    const api = await apiSignIn(server, 'tiepdon');
    for (const fullName of ['Phạm Văn Hẹn', 'Đỗ Thị Lịch']) {
      const created = await postJson(api, '/api/registration/patients', { form: adultForm({ fullName, sex: fullName.includes('Thị') ? 'female' : 'male' }) });
      assert.equal(created.status, 201);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('book, see it in the day list, check in', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, server.url, 'tiepdon');
    await page.getByRole('heading', { name: 'Lịch hẹn hôm nay' }).waitFor();
    await page.getByText('Không có lịch hẹn nào.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'patient-search', 'the day list leaves the focus in the search box');

    await page.keyboard.type('pham van hen');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Đăng ký khám: Phạm Văn Hẹn' }).waitFor();
    await page.keyboard.press('Alt+KeyH');
    await page.getByRole('heading', { name: 'Đặt lịch hẹn khám: Phạm Văn Hẹn' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'book-date');
    // Today's 15-minute slot under way: it can still be booked, and checked in today.
    const local = vnDateTime(Date.now());
    const minute = Number(local.slice(14, 16));
    const time = `${local.slice(11, 13)}:${String(minute - (minute % 15)).padStart(2, '0')}`;
    await page.keyboard.type(formatVnDate(local.slice(0, 10)));
    await page.getByLabel('Giờ hẹn').fill(time);
    await page.getByLabel('Thời lượng').selectOption({ label: '15 phút' });
    await page.getByLabel('Lý do khám').fill('Tái khám');
    await page.screenshot({ path: 'docs/screens/vi-appointment-book.png' });
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('booked').filter({ hasText: `Đã đặt lịch hẹn lúc ${time}` }).waitFor();

    await page.keyboard.press('Escape');
    const row = page.getByTestId('appointment-row').filter({ hasText: 'Phạm Văn Hẹn' });
    await row.getByText('Đã hẹn').waitFor();
    await page.screenshot({ path: 'docs/screens/vi-appointments-today.png' });
    await page.keyboard.press('Alt+KeyT');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Tiếp nhận');
    await page.keyboard.press('Enter');
    const number = page.getByTestId('ticket-number');
    await number.waitFor();
    assert.equal(await number.textContent(), '1');

    await page.keyboard.press('Escape');
    await row.getByText('Đã đến · STT 1').waitFor();
    await page.keyboard.press('Alt+KeyL');
    await page.getByRole('heading', { name: "Today's appointments" }).waitFor();
    await row.getByText('Checked in · No. 1').waitFor();
    await page.keyboard.press('Alt+KeyL');
  });

  test('picking a patient booked for today offers to check the appointment in (Alt+T) instead of a walk-in visit', async () => {
    const api = await apiSignIn(server, 'tiepdon');
    const patient = (await (await api.request('/fhir/R4/Patient?name=lich')).json()).entry[0].resource.id;
    const local = vnDateTime(Date.now());
    const minute = Number(local.slice(14, 16));
    const booked = await postJson(api, '/api/registration/appointments', {
      patientId: patient, locationId: desk.rooms[0], date: local.slice(0, 10), time: `${local.slice(11, 13)}:${String(minute - (minute % 15)).padStart(2, '0')}`, minutes: 15, payment: 'self-pay',
    });
    assert.equal(booked.status, 201, await booked.clone().text());
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, server.url, 'tiepdon');
    await page.getByRole('combobox', { name: 'Tìm người bệnh' }).waitFor();
    await page.keyboard.type('do thi lich');
    await page.keyboard.press('Enter');
    await page.getByText(/Người bệnh có lịch hẹn hôm nay lúc \d\d:\d\d tại Phòng khám bệnh\./).waitFor();
    await page.keyboard.press('Alt+KeyT');
    const number = page.getByTestId('ticket-number');
    await number.waitFor();
    assert.equal(await number.textContent(), '2', 'the next number after the first test\'s check-in');
    const stored = await (await api.request(`/api/registration/appointments?patient=${patient}`)).json();
    assert.equal(stored.appointments[0].status, 'arrived');
  });
});
