// HTTP client of the national prescription system (QĐ 808/QĐ-BYT): doctor sign-in and sending a prescription.
// A doctor signs in under their facility's link code; tokens are cached per facility and doctor and renewed when the
// system answers 401. Network errors and timeouts are thrown;
// every HTTP answer is returned, for the caller to decide what is worth retrying.
import type { Qd808Prescription } from '../../../fhir/prescription/national/qd808-payload.ts';

export type SendResult =
  | { kind: 'accepted'; checksum?: string }
  | { kind: 'rejected'; httpStatus: number; errors: string[]; retryAfter?: string };

export interface NationalPrescriptionClientOptions {
  baseUrl: string;
  /** For facilities whose Organization carries no link code of its own. */
  facilityLinkCode?: string;
  doctorPasswords: ReadonlyMap<string, string>;
}

/** Who sends: the facility's link code (undefined: the deployment's default) and the doctor's. */
export interface Sender {
  facility?: string;
  doctor: string;
}

/** One source reports tokens valid for 7 days; Sen renews after a day, and at once on a 401. */
const TOKEN_REUSE_MS = 24 * 3_600_000;

/** A link code or password Sen was not given: no attempt can succeed until an administrator adds it. */
export class MissingCredentialsError extends Error {}

/**
 * The error list of a refusal, whatever shape it comes in: `danh_sach_cac_loi` as a list of strings or a field → messages
 * object (implementations disagree), else `message`, else the raw text.
 */
export function errorsOf(body: unknown, raw: string): string[] {
  if (typeof body === 'object' && body !== null) {
    const { danh_sach_cac_loi: list, message } = body as Record<string, unknown>;
    if (Array.isArray(list) && list.length) return list.map(String);
    if (typeof list === 'object' && list !== null) {
      return Object.entries(list).flatMap(([field, messages]) => (Array.isArray(messages) ? messages : [messages]).map((text) => `${field}: ${String(text)}`));
    }
    if (typeof list === 'string' && list) return [list];
    if (typeof message === 'string' && message) return [message];
  }
  return raw ? [raw.slice(0, 500)] : [];
}

async function readJson(response: Response): Promise<{ body: unknown; raw: string }> {
  const raw = await response.text();
  try {
    return { body: raw ? JSON.parse(raw) : undefined, raw };
  } catch {
    return { body: undefined, raw };
  }
}

export class NationalPrescriptionClient {
  private readonly tokens = new Map<string, { token: string; obtainedAt: number }>();

  constructor(private readonly options: NationalPrescriptionClientOptions) {}

  async send(prescription: Qd808Prescription, sender: Sender, signal: AbortSignal): Promise<SendResult> {
    const facility = sender.facility || this.options.facilityLinkCode;
    if (!facility) throw new MissingCredentialsError(`No national-system link code for facility ${prescription.ma_don_thuoc.slice(0, 5)}: add it to the facility's Organization or set SEN_DTQG_FACILITY_LINK_CODE`);
    const key = `${facility} ${sender.doctor}`;
    let response = await this.post('/api/v1/gui-don-thuoc', prescription, signal, await this.token(key, facility, sender.doctor, signal));
    if (response.status === 401) {
      this.tokens.delete(key);
      response = await this.post('/api/v1/gui-don-thuoc', prescription, signal, await this.token(key, facility, sender.doctor, signal));
    }
    const { body, raw } = await readJson(response);
    if (response.ok) {
      const checksum = (body as { checksum?: unknown } | undefined)?.checksum;
      return typeof checksum === 'string' ? { kind: 'accepted', checksum } : { kind: 'accepted' };
    }
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { kind: 'rejected', httpStatus: response.status, errors: errorsOf(body, raw), ...(retryAfter ? { retryAfter } : {}) };
  }

  private async token(key: string, facilityLinkCode: string, doctorLinkCode: string, signal: AbortSignal): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && Date.now() - cached.obtainedAt < TOKEN_REUSE_MS) return cached.token;
    const password = this.options.doctorPasswords.get(doctorLinkCode);
    if (password === undefined) throw new MissingCredentialsError(`No national-system password configured for doctor link code ${doctorLinkCode}`);
    const response = await this.post(
      '/api/auth/dang-nhap-bac-si',
      { ma_lien_thong_co_so_kham_chua_benh: facilityLinkCode, ma_lien_thong_bac_si: doctorLinkCode, password },
      signal,
    );
    const { body, raw } = await readJson(response);
    const token = (body as { token?: unknown } | undefined)?.token;
    if (!response.ok || typeof token !== 'string') {
      throw new DoctorSignInError(response.status, errorsOf(body, raw).join('; ') || `HTTP ${response.status}`);
    }
    this.tokens.set(key, { token, obtainedAt: Date.now() });
    return token;
  }

  private post(path: string, body: unknown, signal: AbortSignal, token?: string): Promise<Response> {
    return fetch(`${this.options.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
  }
}

/** The national system refused the doctor's sign-in; `httpStatus` tells a wrong password (4xx) from an outage (5xx). */
export class DoctorSignInError extends Error {
  constructor(
    readonly httpStatus: number,
    detail: string,
  ) {
    super(`Doctor sign-in to the national prescription system failed (HTTP ${httpStatus}): ${detail}`);
  }
}
