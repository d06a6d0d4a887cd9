// The registration desk as a clerk uses it, keyboard first: search, find no one, create a patient with Vietnamese
// accents (an invalid CCCD is caught inline first), get a duplicate warning on the second try, register visits, see
// the ticket number, and see the patient in the doctor's queue and on the waiting-room screen. Screenshots of the
// main screens go to docs/screens/ in Vietnamese and English.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, signIn } from './browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/sen-server.ts';
import { adultForm, createFacility, postJson, type DeskFixture } from '../integration/registration/support.ts';
import { signIn as apiSignIn } from '../support/actors.ts';

const SCREENS = 'docs/screens';
const NAME = 'Hoàng Thị Thu Hương';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENS}/${name}.png` });
}

describe('The registration desk in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let desk: DeskFixture;

  before(async () => {
    await ensureWebBuilt();
    server = await startTestServer('embedded', { env: { SEN_SERVE_WEB: '1' } });
    desk = await createFacility(server, 'tram-e2e', ['Phòng khám bệnh', 'Phòng tiêm chủng']);
    for (const [username, role, displayName] of [['tiepdon', 'receptionist', 'Lê Thị Tiếp Đón'], ['bacsi', 'doctor', 'BS. Trần Văn Khám']] as const) {
      await server.sen.context.users.create({ username, password: TEST_PASSWORD, displayName, role, facilityId: desk.facilityId });
    }
    browser = await launchBrowser();
    mkdirSync(SCREENS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('search, create, duplicate warning, visits, ticket, queue and display', async () => {
    const clerk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await shotSignIn(clerk, server);
    await signIn(clerk, server.url, 'tiepdon');
    await clerk.getByRole('combobox', { name: 'Tìm người bệnh' }).waitFor();
    const search = clerk.locator('#patient-search');
    assert.equal(await clerk.evaluate(() => document.activeElement?.id), 'patient-search', 'the search box has the focus');
    await clerk.getByText('Trạm Y tế tram-e2e').waitFor();

    // 1. Search, find no one.
    await clerk.keyboard.type(NAME);
    await clerk.getByText('Không tìm thấy người bệnh nào.', { exact: true }).waitFor();

    // 2. Create the patient in one form: the name comes over from the search box.
    await clerk.keyboard.press('Alt+KeyN');
    const fullName = clerk.getByLabel('Họ và tên');
    await fullName.waitFor();
    assert.equal(await fullName.inputValue(), NAME);
    await clerk.getByRole('radio', { name: 'Nữ' }).check();
    await clerk.getByLabel('Ngày sinh').fill('05/09/1990');
    await clerk.getByLabel('Số CCCD / định danh cá nhân').fill('0011900');
    await clerk.getByLabel('Số điện thoại').fill('0912 345 678');
    await clerk.keyboard.press('Control+Enter');
    const cccdError = clerk.getByText('Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số.');
    await cccdError.waitFor();
    assert.equal(await clerk.evaluate(() => document.activeElement?.id), 'np-cccd', 'the first error has the focus');
    assert.equal(await clerk.getByLabel('Số CCCD / định danh cá nhân').getAttribute('aria-invalid'), 'true');
    await clerk.getByTestId('announcer-assertive').filter({ hasText: 'Biểu mẫu có 1 lỗi cần sửa' }).waitFor({ state: 'attached' });
    await shot(clerk, 'vi-new-patient-errors');
    await clerk.getByLabel('Số CCCD / định danh cá nhân').fill('001190012345');
    await clerk.getByLabel('Mã thẻ BHYT').fill('GD4010112345678');
    await clerk.getByLabel('Có giá trị từ ngày').fill('01/01/2026');
    await clerk.getByLabel('Đến ngày').fill('31/12/2026');
    assert.equal(await clerk.getByRole('combobox', { name: 'Tỉnh/Thành phố' }).inputValue(), 'Thành phố Hà Nội', "the facility's province is the default");
    const commune = clerk.getByRole('combobox', { name: 'Xã/Phường/Đặc khu' });
    await commune.fill('cua nam');
    await clerk.getByRole('option', { name: 'Phường Cửa Nam' }).waitFor();
    await commune.press('Enter');
    assert.equal(await commune.inputValue(), 'Phường Cửa Nam');
    await clerk.getByLabel('Số nhà, đường, thôn/xóm/ấp').fill('Số 5 phố Hàng Bông');
    await shot(clerk, 'vi-new-patient');
    await clerk.keyboard.press('Alt+KeyL');
    await clerk.getByRole('heading', { name: 'New patient record' }).waitFor();
    await shot(clerk, 'en-new-patient');
    await clerk.keyboard.press('Alt+KeyL');
    await clerk.keyboard.press('Control+Enter');

    // 3. Saved → the visit form, then Enter registers the visit and shows the ticket number.
    await clerk.getByRole('heading', { name: `Đăng ký khám: ${NAME}` }).waitFor();
    assert.equal(await clerk.evaluate(() => document.activeElement?.id), 'visit-reason');
    await clerk.keyboard.type('Sốt, ho 3 ngày');
    await shot(clerk, 'vi-visit');
    await clerk.keyboard.press('Enter');
    const number = clerk.getByTestId('ticket-number');
    await number.waitFor();
    assert.equal(await number.textContent(), '1');
    await shot(clerk, 'vi-ticket');

    // 4. The second try: the same person typed again, without accents and without the CCCD → duplicate warning.
    await clerk.keyboard.press('Escape');
    await search.fill('');
    await clerk.keyboard.press('Alt+KeyN');
    await fullName.fill('hoang thi thu huong');
    await clerk.getByRole('radio', { name: 'Nữ' }).check();
    await clerk.getByLabel('Ngày sinh').fill('1990');
    await clerk.keyboard.press('Control+Enter');
    await clerk.getByRole('heading', { name: 'Có thể đã có hồ sơ của người này' }).waitFor();
    await clerk.getByText(/Có thể trùng|Rất có thể trùng/).first().waitFor();
    await shot(clerk, 'vi-duplicates');
    await clerk.keyboard.press('Alt+KeyL');
    await clerk.getByRole('heading', { name: 'This person may already have a record' }).waitFor();
    await shot(clerk, 'en-duplicates');
    await clerk.keyboard.press('Alt+KeyL');
    await clerk.getByRole('button', { name: 'Chọn hồ sơ 1' }).click();
    await clerk.getByRole('heading', { name: `Đăng ký khám: ${NAME}` }).waitFor();
    await clerk.getByLabel('Phòng khám').selectOption({ label: 'Phòng tiêm chủng' });
    await clerk.getByLabel('Lý do khám').focus();
    await clerk.keyboard.press('Enter');
    await clerk.getByText('Phòng tiêm chủng', { exact: true }).first().waitFor();
    assert.equal(await number.textContent(), '1', 'another room has its own numbers');

    // 5. A known patient in three keyboard steps from the search box: type, Enter, Enter.
    await clerk.keyboard.press('F2');
    await clerk.keyboard.type('huong 1990');           // step 1
    await clerk.keyboard.press('Enter');               // step 2: the first match
    await clerk.getByRole('heading', { name: `Đăng ký khám: ${NAME}` }).waitFor();
    await clerk.keyboard.press('Enter');               // step 3: register (the room is remembered)
    await number.waitFor();
    assert.equal(await number.textContent(), '2');
    assert.match(await clerk.locator('.ticket-room').textContent() ?? '', /Phòng tiêm chủng/);

    // Search results tell people apart, in both languages.
    await clerk.keyboard.press('Escape');
    await search.fill('hoang');
    await clerk.getByRole('option').first().waitFor();
    const option = await clerk.getByRole('option').first().textContent();
    assert.match(option ?? '', /Hoàng Thị Thu Hương/);
    assert.match(option ?? '', /05\/09\/1990/);
    assert.match(option ?? '', /001•••••2345/);
    await shot(clerk, 'vi-search');
    await clerk.keyboard.press('Alt+KeyL');
    await clerk.getByRole('button', { name: 'New patient' }).waitFor();
    await shot(clerk, 'en-search');
    await clerk.keyboard.press('Alt+KeyN');
    await clerk.keyboard.press('Control+Enter');
    await clerk.getByText('This field is required.').first().waitFor();
    await shot(clerk, 'en-new-patient-errors');
    await clerk.keyboard.press('Alt+KeyL');

    // 6. The doctor's queue shows the patient; calling puts the number on the waiting-room screen.
    const doctorContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const doctor = await doctorContext.newPage();
    await signIn(doctor, server.url, 'bacsi');
    await doctor.getByRole('heading', { name: 'Hàng đợi phòng khám' }).waitFor();
    await doctor.getByLabel('Phòng', { exact: true }).selectOption({ label: 'Phòng tiêm chủng' });
    await doctor.getByRole('cell', { name: NAME }).first().waitFor();
    assert.equal(await doctor.locator('.queue-table tbody tr').count(), 2);
    await doctor.keyboard.press('Alt+KeyG');
    await doctor.getByRole('cell', { name: 'Đang khám' }).waitFor();
    await shot(doctor, 'vi-queue');
    await doctor.keyboard.press('Alt+KeyL');
    await doctor.getByRole('heading', { name: 'Room queue' }).waitFor();
    await shot(doctor, 'en-queue');
    await doctor.keyboard.press('Alt+KeyL');

    const screen = await doctorContext.newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    // The TV signs in once; going to the screen's address reloads the app, which resumes the sign-in (token refresh).
    await signIn(screen, server.url, 'bacsi');
    await screen.getByRole('heading', { name: 'Hàng đợi phòng khám' }).waitFor();
    await screen.goto(`${server.url}/display?rooms=${desk.rooms[1]}`);
    await screen.getByTestId('display-number').waitFor();
    assert.equal(await screen.getByTestId('display-number').textContent(), '1');
    assert.match(await screen.locator('.display-name').textContent() ?? '', /Hoàng T\. T\. Hương/);
    await shot(screen, 'vi-display');
    await screen.getByRole('button', { name: 'English' }).click();
    await screen.getByText('Now calling').waitFor();
    await shot(screen, 'en-display');
    await doctorContext.close();

    // The remaining screens in English, and the tablet layout.
    await clerk.keyboard.press('Escape');
    await search.fill('');
    await clerk.keyboard.press('Alt+KeyL');
    await search.fill('huong');
    await clerk.keyboard.press('Enter');
    await clerk.getByRole('heading', { name: `Register a visit: ${NAME}` }).waitFor();
    await shot(clerk, 'en-visit');
    await clerk.keyboard.press('Enter');
    await clerk.getByRole('heading', { name: 'Queue number' }).waitFor();
    await shot(clerk, 'en-ticket');
    await clerk.setViewportSize({ width: 820, height: 1180 });
    await shot(clerk, 'en-ticket-tablet');
    await clerk.keyboard.press('Alt+KeyL');
    await clerk.keyboard.press('Escape');
    await search.fill('huong');
    await clerk.getByRole('option').first().waitFor();
    await shot(clerk, 'vi-search-tablet');
  });

  test('a facility administrator merges a duplicate record and can undo it', async () => {
    const api = await apiSignIn(server, 'tiepdon');
    const created = await postJson(api, '/api/registration/patients', { form: adultForm({ fullName: 'Hoàng Thu Hương', sex: 'female', birthDate: '1990', phone: '0912345678' }) });
    assert.equal(created.status, 201);
    await server.sen.context.users.create({ username: 'quantri', password: TEST_PASSWORD, displayName: 'Quản trị trạm', role: 'facility-admin', facilityId: desk.facilityId });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, server.url, 'quantri');
    await page.getByRole('link', { name: 'Gộp hồ sơ trùng' }).first().click();
    await page.getByRole('heading', { name: 'Gộp hồ sơ trùng' }).waitFor();
    await page.locator('#merge-target').fill('hoang thi thu huong');
    await page.getByRole('button', { name: NAME }).click();
    await page.locator('#merge-source').fill('hoang thu huong');
    await page.getByRole('button', { name: 'Hoàng Thu Hương' }).click();
    await page.getByLabel('Lý do gộp').fill('Cùng một người: trùng số điện thoại, năm sinh');
    await page.getByLabel('Tôi đã kiểm tra').check();
    await shot(page, 'vi-merge');
    await page.getByRole('button', { name: 'Gộp hồ sơ' }).click();
    await page.getByRole('button', { name: 'Hoàn tác' }).waitFor();
    await page.keyboard.press('Alt+KeyL');
    await page.getByRole('heading', { name: 'Merge duplicate records' }).waitFor();
    await shot(page, 'en-merge');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('cell', { name: 'Undone' }).waitFor();
  });
});

async function shotSignIn(page: Page, server: TestServer): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Tên đăng nhập').waitFor();
  await shot(page, 'vi-sign-in');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Username').waitFor();
  await shot(page, 'en-sign-in');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
}
