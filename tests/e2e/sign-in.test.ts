import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { ensureWebBuilt, launchBrowser } from './browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/sen-server.ts';

describe('Signing in to the web app', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    await ensureWebBuilt();
    server = await startTestServer('embedded', { env: { SEN_SERVE_WEB: '1' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a wrong password shows a Vietnamese message; the right one shows who is signed in', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(server.url);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByRole('alert').textContent(), 'Sai tên đăng nhập hoặc mật khẩu.');
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Quản trị hệ thống').waitFor();
    mkdirSync('docs/screens', { recursive: true });
    await page.screenshot({ path: 'docs/screens/signed-in.png' });
  });
});
