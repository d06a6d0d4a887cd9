// A local stand-in for the national prescription system, for tests and the demo: doctor sign-in, and receiving
// prescriptions the way QĐ 808 describes (validation as fhir/prescription/national/qd808-validation.ts, a known code
// refused with 422). It can be told to fail or to stall, to rehearse outages. Mount `app` in-process, or `listen()`.
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request, type Response } from 'express';
import { validateQd808 } from '../../../fhir/prescription/national/qd808-validation.ts';

export interface SimulatedFacility {
  /** Mã liên thông cơ sở khám chữa bệnh. */
  linkCode: string;
  /** The 5-digit facility code its prescription codes start with. */
  facilityCode: string;
  /** Doctors allowed to sign in: link code → password. */
  doctors: Record<string, string>;
}

export interface AcceptedPrescription {
  payload: Record<string, unknown>;
  checksum: string;
  doctorLinkCode: string;
}

interface Session {
  facility: SimulatedFacility;
  doctorLinkCode: string;
}

type Fault = { kind: 'fail'; status: number } | { kind: 'stall'; afterStoring: boolean };

export class NationalPrescriptionSimulator {
  readonly app: Express;
  /** Prescriptions accepted, by code. */
  readonly accepted = new Map<string, AcceptedPrescription>();
  /** Every gui-don-thuoc request that arrived, in order, whatever became of it. */
  readonly received: { code: unknown; status: number | 'stalled' }[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly faults: Fault[] = [];
  private readonly stalled = new Set<Response>();

  constructor(private readonly facilities: readonly SimulatedFacility[]) {
    this.app = express();
    this.app.use(express.json({ limit: '1mb' }));
    this.app.post('/api/auth/dang-nhap-bac-si', (request, response) => this.signIn(request, response));
    this.app.post('/api/v1/gui-don-thuoc', (request, response) => this.receive(request, response));
  }

  /** The next `count` prescriptions get this HTTP status without being looked at (an outage: 503, 500, 429…). */
  failNext(count: number, status = 503): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'fail', status });
  }

  /**
   * The next `count` prescriptions never get an answer (until `releaseStalled` or `close`). With `afterStoring`, each is
   * accepted first, so the sender cannot know it arrived: the case idempotency exists for.
   */
  stallNext(count: number, options: { afterStoring: boolean }): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'stall', afterStoring: options.afterStoring });
  }

  /** Ends an outage rehearsed with failNext or stallNext: the faults not met yet are dropped. */
  recover(): void {
    this.faults.length = 0;
  }

  /** Forgets every sign-in, as when tokens expire: the next prescription is answered 401. */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** Ends stalled requests by closing their connections, as a restarted server would. */
  releaseStalled(): void {
    for (const response of this.stalled) response.socket?.destroy();
    this.stalled.clear();
  }

  /** Serves the simulator on a port (0: any free one) of the loopback interface. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = this.app.listen(port, host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    const address = server.address() as AddressInfo;
    return {
      url: `http://${host}:${address.port}`,
      close: () => {
        this.releaseStalled();
        return new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
  }

  private signIn(request: Request, response: Response): void {
    const { ma_lien_thong_co_so_kham_chua_benh: facilityCode, ma_lien_thong_bac_si: doctor, password } = (request.body ?? {}) as Record<string, unknown>;
    const facility = this.facilities.find((candidate) => candidate.linkCode === facilityCode);
    if (!facility || typeof doctor !== 'string' || facility.doctors[doctor] === undefined || facility.doctors[doctor] !== password) {
      response.status(401).json({ message: 'Thông tin đăng nhập không đúng' });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { facility, doctorLinkCode: doctor });
    response.json({ token });
  }

  private receive(request: Request, response: Response): void {
    const session = this.sessions.get(request.get('authorization')?.replace(/^Bearer /, '') ?? '');
    if (!session) {
      response.status(401).json({ message: 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn' });
      return;
    }
    const payload = request.body as Record<string, unknown>;
    const code = payload?.ma_don_thuoc;
    const fault = this.faults.shift();
    if (fault?.kind === 'fail') {
      this.received.push({ code, status: fault.status });
      response.status(fault.status).json({ message: 'Hệ thống đang bận, vui lòng thử lại sau' });
      return;
    }
    if (fault?.kind === 'stall') {
      this.received.push({ code, status: 'stalled' });
      if (fault.afterStoring && this.refusals(payload, session).length === 0) this.store(payload, session);
      this.stalled.add(response);
      return;
    }
    const errors = this.refusals(payload, session);
    if (errors.length) {
      this.received.push({ code, status: 422 });
      response.status(422).json({ danh_sach_cac_loi: errors });
      return;
    }
    const accepted = this.store(payload, session);
    this.received.push({ code, status: 200 });
    response.json({ success: 'Gửi đơn thuốc thành công', checksum: accepted.checksum });
  }

  /** Why the national system would refuse the prescription: invalid content, or a code it already has. */
  private refusals(payload: Record<string, unknown>, session: Session): string[] {
    const errors = validateQd808(payload, { facilityCode: session.facility.facilityCode }).map((problem) => `${problem.field}: ${problem.message}`);
    const code = payload?.ma_don_thuoc;
    if (errors.length === 0 && typeof code === 'string' && this.accepted.has(code.toLowerCase())) errors.push('ma_don_thuoc: Mã đơn thuốc đã tồn tại');
    return errors;
  }

  private store(payload: Record<string, unknown>, session: Session): AcceptedPrescription {
    const accepted: AcceptedPrescription = {
      payload,
      checksum: createHash('sha256').update(JSON.stringify(payload)).digest('hex'),
      doctorLinkCode: session.doctorLinkCode,
    };
    this.accepted.set(String(payload.ma_don_thuoc).toLowerCase(), accepted);
    return accepted;
  }
}
