import { AsyncLocalStorage } from 'node:async_hooks';
import type { Access } from './access.ts';

const storage = new AsyncLocalStorage<Access>();

/**
 * Runs `work` on behalf of `access`. The services find it with currentAccess(), so that every call they make for
 * a request — including each entry of a Bundle — is checked against the same principal without threading it
 * through every signature.
 */
export function runWithAccess<T>(access: Access, work: () => T): T {
  return storage.run(access, work);
}

/** The access of the request being served. Fails closed: data access outside a request (or a job) is a bug. */
export function currentAccess(): Access {
  const access = storage.getStore();
  if (!access) throw new Error('No access context: data was accessed outside a request or a system job');
  return access;
}
