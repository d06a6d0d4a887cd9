// Whether an error means the database cannot be reached right now (stopped, restarting, a connection cut), rather
// than a fault of the request or of Sen. Such requests are answered 503 so that clients and proxies retry; the pool
// opens new connections by itself once the database is back, without restarting Sen.

/** Prisma's "can't reach database server" and "server closed the connection". */
const PRISMA_CODES = new Set(['P1001', 'P1017']);
/** The driver adapter's kinds of error for a connection that could not be made or was lost. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);
/** Node's socket errors, as node-postgres passes them on. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** SQLSTATE class 08 (connection exception); 57P01–57P03: the server is shutting down, crashed, or starting. */
function isUnavailableState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code);
}

interface MaybeDatabaseError {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as MaybeDatabaseError;
  if (typeof code === 'string' && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || isUnavailableState(code))) return true;
  const cause = meta?.driverAdapterError?.cause;
  if (!cause) return false;
  if (typeof cause.kind === 'string' && ADAPTER_KINDS.has(cause.kind)) return true;
  return cause.kind === 'postgres' && typeof cause.code === 'string' && isUnavailableState(cause.code);
}
