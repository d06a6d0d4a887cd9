// Turns one `name[:modifier][.chain]=value` (or `_has:…`) of a query into a Filter for a resource type. A name
// the type does not have is an UnknownParameter (the caller applies Prefer: handling); a modifier or value the
// engine cannot honour is a 400, because ignoring it would return wrong results.
import { badRequest } from '../../outcome.ts';
import { r4Definitions } from '../../validation/definitions.ts';
import { ANY_TYPE, type SearchParameterRegistry } from '../parameters/registry.ts';
import type { IndexedParamType, SearchParam } from '../parameters/search-parameter.ts';
import { splitUnescaped, unescape } from './escaping.ts';
import { parseValue, type ValueContext } from './parse-value.ts';
import type { DateSearchValue, Filter, Modifier } from './search-query.ts';

/** A parameter this server does not know or cannot search on: ignored or refused, by Prefer: handling. */
export class UnknownParameter extends Error {}

const MODIFIERS: Record<string, Modifier[]> = {
  string: ['exact', 'contains'],
  token: ['not', 'text', 'of-type'],
  reference: ['identifier'],
  uri: ['below', 'above'],
  date: [],
  number: [],
  quantity: [],
  composite: [],
};

export function parseFilter(registry: SearchParameterRegistry, resourceType: string | undefined, key: string, raw: string): Filter {
  if (key.startsWith('_has:')) return parseHas(registry, resourceType, key, raw);
  const dot = key.indexOf('.');
  if (dot >= 0) return parseChain(registry, resourceType, key.slice(0, dot), key.slice(dot + 1), raw, key);
  const [code, modifier, ...extra] = key.split(':');
  if (extra.length > 0) throw badRequest(`"${key}" has more than one modifier`);
  const alternatives = splitUnescaped(raw, ',');
  if (alternatives.some((alternative) => alternative === '')) throw badRequest(`${key} has an empty value`);
  if (code === '_id') {
    if (modifier !== undefined) throw badRequest(`_id takes no modifier (got :${modifier})`);
    return { kind: 'id', ids: alternatives.map(unescape) };
  }
  if (code === '_lastUpdated') {
    if (modifier !== undefined) throw badRequest(`_lastUpdated takes no modifier (got :${modifier})`);
    return { kind: 'lastUpdated', values: alternatives.map((alternative) => parseValue({ name: key, type: 'date' }, alternative) as DateSearchValue) };
  }
  const param = lookUp(registry, resourceType, code);
  if (modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw badRequest(`${key} must be true or false`);
    return { kind: 'missing', param, missing: raw === 'true' };
  }
  const context = valueContext(param, key, modifier);
  return { kind: 'param', param, modifier: context.modifier, values: alternatives.map((alternative) => parseValue(context, alternative)) };
}

function lookUp(registry: SearchParameterRegistry, resourceType: string | undefined, code: string): SearchParam {
  const param = registry.get(resourceType ?? ANY_TYPE, code);
  const where = resourceType ?? 'every resource type (use _type to search others)';
  if (!param) throw new UnknownParameter(`${code} is not a search parameter of ${where}`);
  if (param.type === 'special' || (!param.expression && param.type !== 'composite')) {
    throw new UnknownParameter(`${code} (${param.type}) is not supported by this server`);
  }
  return param;
}

function valueContext(param: SearchParam, name: string, modifier: string | undefined): ValueContext {
  const type = param.type as IndexedParamType | 'composite';
  const context: ValueContext = { name, type };
  if (type === 'composite') context.components = (param.components ?? []).map((component) => component.type);
  if (modifier === undefined) return context;
  if (type === 'reference' && r4Definitions().resourceTypes.has(modifier)) {
    if (param.targets.length > 0 && !param.targets.includes(modifier)) {
      throw badRequest(`${param.code} cannot refer to a ${modifier} (it refers to ${param.targets.join(', ')})`);
    }
    return { ...context, referenceType: modifier };
  }
  if (!MODIFIERS[type].includes(modifier as Modifier)) {
    throw badRequest(`The modifier :${modifier} is not supported on ${param.code} (a ${type} parameter)`);
  }
  return { ...context, modifier: modifier as Modifier };
}

function parseChain(
  registry: SearchParameterRegistry,
  resourceType: string | undefined,
  link: string,
  rest: string,
  raw: string,
  key: string,
): Filter {
  const [code, typeName, ...extra] = link.split(':');
  if (extra.length > 0) throw badRequest(`"${link}" in ${key} has more than one modifier`);
  const param = lookUp(registry, resourceType, code);
  if (param.type !== 'reference') throw badRequest(`${key}: only reference parameters can be chained, and ${code} is a ${param.type}`);
  let types = param.targets;
  if (typeName !== undefined) {
    if (!r4Definitions().resourceTypes.has(typeName) || (types.length > 0 && !types.includes(typeName))) {
      throw badRequest(`${key}: ${code} cannot refer to a ${typeName}`);
    }
    types = [typeName];
  }
  if (types.length === 0) throw badRequest(`${key}: ${code} can refer to any type; name one (${code}:Patient.${rest})`);
  const targets: { type: string; filter: Filter }[] = [];
  const unknown: string[] = [];
  for (const type of types) {
    try {
      targets.push({ type, filter: parseFilter(registry, type, rest, raw) });
    } catch (error) {
      if (!(error instanceof UnknownParameter)) throw error;
      unknown.push(error.message);
    }
  }
  if (targets.length === 0) throw new UnknownParameter(`${key}: ${unknown.join('; ')}`);
  return { kind: 'chain', param, targets };
}

function parseHas(registry: SearchParameterRegistry, resourceType: string | undefined, key: string, raw: string): Filter {
  const [sourceType, code, ...rest] = key.slice('_has:'.length).split(':');
  if (!resourceType) throw badRequest('_has needs a resource type to search (use it on /[type] or with one _type)');
  if (!sourceType || !code || rest.length === 0) throw badRequest(`${key} must be _has:[type]:[reference parameter]:[parameter]`);
  if (!r4Definitions().resourceTypes.has(sourceType)) throw badRequest(`${key}: ${sourceType} is not a resource type`);
  const param = lookUp(registry, sourceType, code);
  if (param.type !== 'reference') throw badRequest(`${key}: ${sourceType}.${code} is not a reference parameter`);
  if (param.targets.length > 0 && !param.targets.includes(resourceType)) {
    throw badRequest(`${key}: ${sourceType}.${code} never refers to a ${resourceType}`);
  }
  return { kind: 'has', sourceType, param, filter: parseFilter(registry, sourceType, rest.join(':'), raw) };
}
