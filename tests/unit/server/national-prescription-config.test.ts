import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNationalPrescriptionConfig, NationalPrescriptionConfigError } from '../../../server/adapters/national-prescription/config.ts';

test('without SEN_DTQG_URL prescriptions are not sent anywhere', () => {
  assert.equal(loadNationalPrescriptionConfig({}), undefined);
});

test('the endpoint, the facility link code and the doctors’ passwords file make a configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sen-dtqg-'));
  try {
    const file = join(dir, 'doctors.json');
    writeFileSync(file, JSON.stringify({ BS0001: 'mat-khau-1', BS0002: 'mat-khau-2' }));
    const config = loadNationalPrescriptionConfig({
      SEN_DTQG_URL: 'https://api.donthuocquocgia.vn/',
      SEN_DTQG_FACILITY_LINK_CODE: 'CSKCB01234',
      SEN_DTQG_DOCTOR_CREDENTIALS_FILE: file,
      SEN_DTQG_TIMEOUT_MS: '15000',
    });
    assert.deepEqual(config, {
      baseUrl: 'https://api.donthuocquocgia.vn',
      facilityLinkCode: 'CSKCB01234',
      doctorPasswords: new Map([['BS0001', 'mat-khau-1'], ['BS0002', 'mat-khau-2']]),
      requestTimeoutMs: 15000,
    });
    writeFileSync(file, '["BS0001"]');
    assert.throws(() => loadNationalPrescriptionConfig({ SEN_DTQG_URL: 'https://x.vn', SEN_DTQG_FACILITY_LINK_CODE: 'C', SEN_DTQG_DOCTOR_CREDENTIALS_FILE: file }), /must hold/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mistakes in the configuration stop the start with a message naming the variable', () => {
  const load = (env: Record<string, string>) => () => loadNationalPrescriptionConfig({ SEN_DTQG_URL: 'https://x.vn', SEN_DTQG_FACILITY_LINK_CODE: 'C', ...env });
  assert.throws(load({ SEN_DTQG_URL: 'api.donthuocquocgia.vn' }), /SEN_DTQG_URL is not a URL/);
  assert.throws(load({ SEN_DTQG_TIMEOUT_MS: '10' }), NationalPrescriptionConfigError);
  assert.throws(load({ SEN_DTQG_DOCTOR_CREDENTIALS_FILE: '/no/such/file.json' }), /cannot read \/no\/such\/file.json/);
});

test('Sen refuses to start with a broken national-system setting, naming it', async () => {
  const { ConfigError, loadConfig } = await import('../../../server/config.ts');
  assert.throws(() => loadConfig({ SEN_DTQG_URL: 'api.donthuocquocgia.vn' }), (error) => error instanceof ConfigError && /SEN_DTQG_URL/.test(error.message));
  assert.throws(() => loadConfig({ SEN_OUTBOX_POLL_MS: '0' }), (error) => error instanceof ConfigError && /SEN_OUTBOX_POLL_MS/.test(error.message));
  assert.equal(loadConfig({}).nationalPrescription, undefined);
});
