import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const storage = new AsyncLocalStorage<string>();

/**
 * An id a proxy or client already gave the request is kept, so that one id follows it across systems; only if it is
 * short and plain, since it is echoed in a header and written to every log line.
 */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

function requestIdFrom(header: string | undefined): string {
  return header !== undefined && ACCEPTABLE.test(header) ? header : randomUUID();
}

/** The id of the request being served, for the logger; undefined outside a request (start-up, the outbox worker). */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}

/** Gives the request its id (`X-Request-Id`, also in the answer) and serves it inside that id's async context. */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const id = requestIdFrom(request.get('x-request-id'));
  response.locals.requestId = id;
  response.setHeader('X-Request-Id', id);
  storage.run(id, next);
}

export function requestIdOf(response: Response): string {
  return response.locals.requestId as string;
}
