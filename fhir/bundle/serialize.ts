/**
 * Writes a Bundle whose entry resources are already JSON text (as stored), so they are sent without being parsed
 * and re-serialised: faster, and decimals keep the precision they were written with.
 */
export interface RawEntry {
  fullUrl?: string;
  /** The resource's JSON text. */
  resource?: string | null;
  search?: object;
  request?: object;
  response?: object;
}

export function serializeBundle(envelope: Record<string, unknown>, entries: RawEntry[]): string {
  const head = JSON.stringify(envelope);
  if (entries.length === 0) return head;
  const body = entries.map(serializeEntry).join(',');
  return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"entry":[${body}]}`;
}

function serializeEntry({ resource, fullUrl, ...rest }: RawEntry): string {
  const parts: string[] = [];
  if (fullUrl !== undefined) parts.push(`"fullUrl":${JSON.stringify(fullUrl)}`);
  if (resource) parts.push(`"resource":${resource}`);
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}
