import type { Request } from 'express';
import { FhirError, badRequest } from '../../fhir/outcome.ts';
import { JsonDepthError, JsonSyntaxError, parseJson } from '../../fhir/json/lossless.ts';

const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];
export const JSON_PATCH_TYPE = 'application/json-patch+json';
const MAX_JSON_DEPTH = 64;

function mediaType(request: Request): string | undefined {
  return request.headers['content-type']?.split(';')[0].trim().toLowerCase();
}

/** Reads the raw request body as UTF-8, refusing more than `limit` bytes with 413 before buffering it all. */
export async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest('The body is not valid UTF-8 text');
  }
}

const tooLarge = (limit: number): FhirError =>
  new FhirError(413, { code: 'too-costly', diagnostics: `The body is larger than the limit of ${Math.round(limit / 1048576)} MB` });

/** Reads and parses a FHIR JSON body (or a JSON Patch document when `accepted` says so). */
export async function readJsonBody(request: Request, limit: number, accepted: string[] = FHIR_JSON_TYPES): Promise<unknown> {
  const type = mediaType(request);
  if (!type || !accepted.includes(type)) {
    throw new FhirError(415, {
      code: 'not-supported',
      diagnostics: `Content-Type must be ${accepted.join(' or ')}${type ? `, not ${type}` : ''}`,
    });
  }
  const text = await readBody(request, limit);
  if (text.trim() === '') throw badRequest('The request body is empty');
  try {
    return parseJson(text, { maxDepth: MAX_JSON_DEPTH });
  } catch (error) {
    if (error instanceof JsonDepthError) throw badRequest(`The JSON is nested more than ${MAX_JSON_DEPTH} levels deep`);
    if (error instanceof JsonSyntaxError) throw badRequest(`The body is not valid JSON: ${error.message}`);
    throw error;
  }
}
