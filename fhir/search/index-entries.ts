/** The index rows a resource contributes on write; the store keeps them beside the resource for searching. */
export interface TokenEntry {
  param: string;
  system: string | null;
  code: string | null;
}

export interface IndexEntries {
  tokens: TokenEntry[];
}

interface IdentifierLike {
  system?: unknown;
  value?: unknown;
}

function identifierTokens(resource: Record<string, unknown>): TokenEntry[] {
  const raw = resource.identifier;
  const identifiers = (Array.isArray(raw) ? raw : raw ? [raw] : []) as IdentifierLike[];
  return identifiers
    .filter((identifier) => typeof identifier?.value === 'string' || typeof identifier?.system === 'string')
    .map((identifier) => ({
      param: 'identifier',
      system: typeof identifier.system === 'string' ? identifier.system : null,
      code: typeof identifier.value === 'string' ? identifier.value : null,
    }));
}

export function extractIndexEntries(resource: Record<string, unknown>): IndexEntries {
  return { tokens: identifierTokens(resource) };
}
