import { currentRequestId } from './observability/request-id.ts';

/**
 * Structured JSON logs on stdout. Callers pass ids and codes, never patient data; error objects are reduced to their
 * name, message and stack so request bodies attached to them cannot leak. A line written while serving a request
 * carries its requestId.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = ORDER[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? ORDER.info;

const DATABASE_CODE = /^(P\d{4}|[0-9A-Z]{5})$/;

/**
 * Database errors quote the values they choke on (a name, a national id…), so only their code is logged, and the
 * stack's frames without the message it repeats.
 */
function describeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'string' && (DATABASE_CODE.test(code) || error.name.startsWith('Prisma'))) {
    const frames = error.stack?.split('\n').filter((line) => line.startsWith('    at ')).join('\n');
    return { name: error.name, code, message: `database error ${code}`, stack: frames };
  }
  return { name: error.name, message: error.message, stack: error.stack };
}

function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Error ? describeError(value) : value;
  return out;
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold) return;
  const requestId = currentRequestId();
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(requestId ? { requestId } : {}), ...serialise(fields) });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
