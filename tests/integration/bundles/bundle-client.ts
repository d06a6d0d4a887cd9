// What the Bundle tests share: posting a Bundle to the FHIR base, and counting what the database holds.
import type { TestServer } from '../../support/sen-server.ts';

export interface BundleAnswer {
  status: number;
  // The parsed answer: a Bundle, or an OperationOutcome.
  body: any;
  text: string;
}

export async function postBundle(server: TestServer, bundle: unknown, headers: Record<string, string> = {}): Promise<BundleAnswer> {
  const response = await server.request('/fhir/R4', { method: 'POST', json: bundle, headers });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

export const transaction = (...entry: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry });
export const batch = (...entry: unknown[]) => ({ resourceType: 'Bundle', type: 'batch', entry });

/** Rows in the current-version table and in history: a write that was rolled back leaves both as they were. */
export async function countRows(server: TestServer): Promise<{ resources: number; versions: number }> {
  const { prisma } = server.sen.context.database;
  const [row] = await prisma.$queryRaw<{ resources: number; versions: number }[]>`
    SELECT (SELECT count(*)::int FROM resource) AS resources, (SELECT count(*)::int FROM resource_history) AS versions`;
  return row;
}

/** Live resources of each type. */
export async function countByType(server: TestServer): Promise<Record<string, number>> {
  const { prisma } = server.sen.context.database;
  const rows = await prisma.$queryRaw<{ resource_type: string; n: number }[]>`
    SELECT resource_type, count(*)::int AS n FROM resource WHERE NOT deleted GROUP BY resource_type`;
  return Object.fromEntries(rows.map((row) => [row.resource_type, row.n]));
}

/** The stored JSON text of a resource, as the database holds it. */
export async function storedContent(server: TestServer, resourceType: string, id: string): Promise<string> {
  const { prisma } = server.sen.context.database;
  const [row] = await prisma.$queryRaw<{ content: string }[]>`SELECT content FROM resource WHERE resource_type = ${resourceType} AND id = ${id}`;
  return row.content;
}

/** `Patient/123` from a response entry's location `Patient/123/_history/1`. */
export function locationOf(entry: { response: { location: string } }): string {
  return entry.response.location.split('/_history/')[0];
}
