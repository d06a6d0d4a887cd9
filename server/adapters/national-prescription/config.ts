// Where the national prescription system is and how Sen signs in to it, from the environment (README: Configuration).
// Each doctor signs in with their own link code and password; the passwords live in a file kept out of the
// environment listing (a mounted secret), mapping link code to password.
import { readFileSync } from 'node:fs';

export interface NationalPrescriptionConfig {
  /** Base URL of the facility-side API, e.g. https://api.donthuocquocgia.vn (no trailing slash). */
  baseUrl: string;
  /**
   * The link code with the national system (mã liên thông cơ sở khám chữa bệnh) of facilities whose Organization
   * carries none (identifier system DTQG_FACILITY_LINK_CODE_SYSTEM): enough for a one-facility deployment.
   */
  facilityLinkCode?: string;
  /** Doctor link code (mã liên thông bác sĩ) → password. */
  doctorPasswords: ReadonlyMap<string, string>;
  requestTimeoutMs: number;
}

export class NationalPrescriptionConfigError extends Error {}

type Env = Record<string, string | undefined>;

function readDoctorPasswords(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new NationalPrescriptionConfigError(`SEN_DTQG_DOCTOR_CREDENTIALS_FILE: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((value) => typeof value === 'string')) {
    throw new NationalPrescriptionConfigError('SEN_DTQG_DOCTOR_CREDENTIALS_FILE must hold {"<doctor link code>": "<password>", …}');
  }
  return new Map(Object.entries(parsed as Record<string, string>));
}

/** Undefined when SEN_DTQG_URL is unset: prescriptions are then kept, not sent. */
export function loadNationalPrescriptionConfig(env: Env = process.env): NationalPrescriptionConfig | undefined {
  const url = env.SEN_DTQG_URL?.trim();
  if (!url) return undefined;
  try {
    new URL(url);
  } catch {
    throw new NationalPrescriptionConfigError(`SEN_DTQG_URL is not a URL: "${url}"`);
  }
  const facilityLinkCode = env.SEN_DTQG_FACILITY_LINK_CODE?.trim() || undefined;
  const credentialsFile = env.SEN_DTQG_DOCTOR_CREDENTIALS_FILE?.trim();
  const timeout = Number(env.SEN_DTQG_TIMEOUT_MS ?? 30_000);
  if (!Number.isInteger(timeout) || timeout < 1_000 || timeout > 300_000) {
    throw new NationalPrescriptionConfigError(`SEN_DTQG_TIMEOUT_MS must be a whole number from 1000 to 300000, got "${env.SEN_DTQG_TIMEOUT_MS}"`);
  }
  return {
    baseUrl: url.replace(/\/+$/, ''),
    ...(facilityLinkCode ? { facilityLinkCode } : {}),
    doctorPasswords: credentialsFile ? readDoctorPasswords(credentialsFile) : new Map(),
    requestTimeoutMs: timeout,
  };
}
