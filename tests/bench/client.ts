// A lean HTTP client for the bench: keep-alive sockets, bearer token kept fresh, bodies only when asked for.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { BenchError, messageOf } from './errors.ts';

export const FHIR_BASE = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json';
const REQUEST_TIMEOUT_MS = 60_000;

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text; empty when it was not asked for. */
  body: string;
}

export interface Credentials {
  username: string;
  password: string;
}

export class BenchClient {
  private readonly agent: http.Agent;
  private readonly hostname: string;
  private readonly port: number;
  private getHeaders: OutgoingHttpHeaders = { Accept: FHIR_JSON };
  private refreshTimer?: NodeJS.Timeout;
  /** The latest error answer per status ("412 PUT /Patient/x: diagnostics"), read even when the body was not wanted. */
  readonly lastErrors = new Map<number, string>();

  constructor(readonly baseUrl: string, private readonly credentials: Credentials) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:') throw new BenchError(`only http:// servers can be benchmarked, got ${baseUrl}`);
    this.hostname = url.hostname;
    this.port = Number(url.port || 80);
    // LIFO keeps the busiest sockets warm; no socket limit: a closed loop never has more in flight than workers.
    this.agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000, scheduling: 'lifo', noDelay: true } as http.AgentOptions);
  }

  /** Signs in and keeps signing in again before the access token expires. */
  async login(): Promise<void> {
    const body = Buffer.from(JSON.stringify({ username: this.credentials.username, password: this.credentials.password }));
    let reply: Reply;
    try {
      reply = await this.exchange('POST', '/auth/login', { 'Content-Type': 'application/json', 'Content-Length': body.length }, body, true);
    } catch (error) {
      throw new BenchError(`cannot reach ${this.baseUrl}/auth/login: ${messageOf(error)}`);
    }
    if (reply.status !== 200) throw new BenchError(`sign-in as "${this.credentials.username}" failed with ${reply.status}: ${reply.body.slice(0, 200)}`);
    const tokens = JSON.parse(reply.body) as { access_token: string; expires_in: number };
    this.getHeaders = { Accept: FHIR_JSON, Authorization: `Bearer ${tokens.access_token}` };
    clearTimeout(this.refreshTimer);
    const refreshInMs = Math.max(30, (tokens.expires_in || 900) - 60) * 1000;
    this.refreshTimer = setTimeout(() => {
      this.login().catch((error) => console.error(`bench: could not renew the access token: ${messageOf(error)}`));
    }, refreshInMs);
    this.refreshTimer.unref();
  }

  /** A FHIR interaction (path under /fhir/R4); answers status and headers, draining the body unread. */
  async status(method: string, path: string, body?: Buffer, headers?: OutgoingHttpHeaders): Promise<number> {
    return (await this.fhir(method, path, body, headers, false)).status;
  }

  /** A FHIR interaction without the body text: status and headers. */
  head(method: string, path: string, body?: Buffer, headers?: OutgoingHttpHeaders): Promise<Reply> {
    return this.fhir(method, path, body, headers, false);
  }

  /** A FHIR interaction with the body as text. */
  send(method: string, path: string, body?: Buffer, headers?: OutgoingHttpHeaders): Promise<Reply> {
    return this.fhir(method, path, body, headers, true);
  }

  /** A GET of the web app's JSON API (path under /api): its status, draining the body unread. */
  async apiStatus(path: string): Promise<number> {
    return (await this.exchange('GET', path, this.getHeaders, undefined, false)).status;
  }

  close(): void {
    clearTimeout(this.refreshTimer);
    this.agent.destroy();
  }

  private fhir(method: string, path: string, body: Buffer | undefined, extra: OutgoingHttpHeaders | undefined, wantBody: boolean): Promise<Reply> {
    let headers = this.getHeaders;
    if (body !== undefined || extra !== undefined) {
      headers = { ...this.getHeaders, ...extra };
      if (body !== undefined) {
        headers['Content-Type'] = FHIR_JSON;
        headers['Content-Length'] = body.length;
      }
    }
    return this.exchange(method, FHIR_BASE + path, headers, body, wantBody);
  }

  private exchange(method: string, path: string, headers: OutgoingHttpHeaders, body: Buffer | undefined, wantBody: boolean): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const request = http.request({ hostname: this.hostname, port: this.port, method, path, headers, agent: this.agent }, (response) => {
        const status = response.statusCode ?? 0;
        response.on('error', reject);
        // Error bodies are read anyway: they are rare, and the report quotes them.
        if (!wantBody && status < 400) {
          response.on('end', () => resolve({ status, headers: response.headers, body: '' }));
          response.resume();
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (status >= 400) this.lastErrors.set(status, `${status} ${method} ${path}: ${errorText(text)}`);
          resolve({ status, headers: response.headers, body: text });
        });
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}

/** The gist of an error body: an OperationOutcome's diagnostics, an API error's message, or the start of the text. */
function errorText(body: string): string {
  try {
    const json = JSON.parse(body) as { issue?: { diagnostics?: string }[]; message?: string };
    const text = json.issue?.map((issue) => issue.diagnostics).filter(Boolean).join('; ') || json.message;
    if (text) return text.slice(0, 300);
  } catch {
    // not JSON
  }
  return body.slice(0, 300).replace(/\s+/g, ' ');
}
