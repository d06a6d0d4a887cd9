import { resolve } from 'node:path';

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
  };
}
