import { isIP } from 'node:net';
import { resolve } from 'node:path';
import {
  loadNationalPrescriptionConfig,
  NationalPrescriptionConfigError,
  type NationalPrescriptionConfig,
} from './adapters/national-prescription/config.ts';

/** Every setting Sen reads from the environment, validated once at start. The README lists them. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; absent means the embedded database under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** Seed the demo facilities, staff and patients into an empty database. */
  demo: boolean;
  /** Base URL clients reach the server at, used in Location headers and Bundle links. */
  publicUrl?: string;
  bodyLimitBytes: number;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  databasePoolSize: number;
  serveWeb: boolean;
  /** Browser origins allowed to call the API cross-origin (exact matches); none by default. */
  corsOrigins: string[];
  /** Express `trust proxy`: how many proxies in front of Sen to believe about the client's address (X-Forwarded-For). */
  trustProxy: number;
  /** Requests to /auth/* per client address per minute; sign-in attempts per username are a fifth of it. */
  authRequestsPerMinute: number;
  /**
   * The national prescription system (SEN_DTQG_*); absent: signed prescriptions are queued but not sent, except in the
   * demo, which sends them to a local simulator.
   */
  nationalPrescription?: NationalPrescriptionConfig;
  /** How often the outbox worker looks for messages to deliver when nothing woke it. */
  outboxPollMs: number;
  /** How many appointments the desk books into one room's overlapping slots (doctors see patients in parallel). */
  appointmentsPerSlot: number;
  /** Who may read /metrics without a token: client networks as address/prefix (loopback by default; none: nobody). */
  metricsNetworks: string[];
  /** A bearer token that opens /metrics from anywhere. */
  metricsToken?: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL (expected postgresql://user@host:5432/database)');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new ConfigError(`DATABASE_URL must start with postgresql://, got "${url.protocol}//"`);
  }
  return raw;
}

function publicUrl(env: Env): string | undefined {
  const raw = env.SEN_PUBLIC_URL;
  if (!raw) return undefined;
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`SEN_PUBLIC_URL is not a valid URL: "${raw}"`);
  }
}

function origins(env: Env): string[] {
  const raw = env.SEN_CORS_ORIGINS?.trim();
  if (!raw) return [];
  return raw.split(',').map((origin) => origin.trim()).filter(Boolean).map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`SEN_CORS_ORIGINS: "${origin}" is not an origin such as https://app.example.vn`);
    }
    if (url.origin !== origin) throw new ConfigError(`SEN_CORS_ORIGINS: "${origin}" must be just scheme://host[:port], e.g. ${url.origin}`);
    return origin;
  });
}

const LOOPBACK = ['127.0.0.0/8', '::1/128'];

function networks(env: Env): string[] {
  const raw = env.SEN_METRICS_NETWORKS?.trim();
  if (!raw) return LOOPBACK;
  if (raw === 'none') return [];
  return raw.split(',').map((network) => network.trim()).filter(Boolean).map((network) => {
    const [address, prefix, extra] = network.split('/');
    const family = isIP(address);
    const bits = Number(prefix);
    if (!family || extra !== undefined || !/^\d+$/.test(prefix ?? '') || bits > (family === 4 ? 32 : 128)) {
      throw new ConfigError(`SEN_METRICS_NETWORKS: "${network}" is not a network such as 10.0.0.0/8 or fd00::/8 (or use none)`);
    }
    return network;
  });
}

function metricsToken(env: Env): string | undefined {
  const raw = env.SEN_METRICS_TOKEN;
  if (!raw) return undefined;
  if (!/^[\x21-\x7e]{32,512}$/.test(raw)) {
    throw new ConfigError('SEN_METRICS_TOKEN must be 32 to 512 printable characters without spaces (e.g. openssl rand -hex 32)');
  }
  return raw;
}

function nationalPrescription(env: Env): NationalPrescriptionConfig | undefined {
  try {
    return loadNationalPrescriptionConfig(env);
  } catch (error) {
    if (error instanceof NationalPrescriptionConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

export function loadConfig(env: Env = process.env): Config {
  const url = databaseUrl(env);
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: url,
    // memory:// keeps the embedded database in memory (tests, throw-away demos).
    dataDir: env.SEN_DATA_DIR?.startsWith('memory://') ? env.SEN_DATA_DIR : resolve(env.SEN_DATA_DIR || './data'),
    // The embedded database is for trying Sen out, so it gets demo data unless told otherwise.
    demo: flag(env, 'SEN_DEMO', url === undefined),
    publicUrl: publicUrl(env),
    bodyLimitBytes: integer(env, 'SEN_BODY_LIMIT_MB', 64, 1, 1024) * 1024 * 1024,
    accessTokenSeconds: integer(env, 'SEN_ACCESS_TOKEN_SECONDS', 900, 60, 86400),
    refreshTokenSeconds: integer(env, 'SEN_REFRESH_TOKEN_SECONDS', 8 * 3600, 300, 30 * 86400),
    databasePoolSize: integer(env, 'SEN_DB_POOL_SIZE', 10, 1, 200),
    serveWeb: flag(env, 'SEN_SERVE_WEB', true),
    corsOrigins: origins(env),
    trustProxy: integer(env, 'SEN_TRUST_PROXY', 0, 0, 10),
    authRequestsPerMinute: integer(env, 'SEN_AUTH_RATE_LIMIT', 60, 5, 100_000),
    nationalPrescription: nationalPrescription(env),
    outboxPollMs: integer(env, 'SEN_OUTBOX_POLL_MS', 2_000, 50, 600_000),
    appointmentsPerSlot: integer(env, 'SEN_APPOINTMENTS_PER_SLOT', 4, 1, 100),
    metricsNetworks: networks(env),
    metricsToken: metricsToken(env),
  };
}
