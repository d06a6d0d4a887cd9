import { badRequest } from './outcome.ts';

/** The version number a FHIR ETag names (`W/"3"` or `"3"`); `source` names the header or element for the 400. */
export function versionFromEtag(etag: string, source: string): number {
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(etag.trim());
  if (!match) throw badRequest(`${source} must be an ETag such as W/"3", got ${etag}`);
  return Number(match[1]);
}
