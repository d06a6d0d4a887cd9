// The $validate operation (FHIR R4 Resource-validate): checks a resource as a create, update or delete would, and
// answers what it found as an OperationOutcome. It never stores anything. Problems with the resource are findings
// (200); a request the operation cannot run (no resource, an unknown mode or profile) is an error (400), and so is,
// at instance level, an instance this request may not read (as a read would answer: 403, 404, 410).
import type { OperationOutcome } from '@medplum/fhirtypes';
import { badRequest, operationOutcome, type OutcomeIssue } from '../../fhir/outcome.ts';
import { isResourceJson, type ResourceJson } from '../../fhir/resource-meta.ts';
import { validateResource } from '../../fhir/validation/validate.ts';
import type { ResourceService } from './resource-service.ts';

const MODES = ['create', 'update', 'delete', 'profile'] as const;
type Mode = (typeof MODES)[number];

export interface ValidateRequest {
  resourceType: string;
  /** Set for `[type]/[id]/$validate`. */
  id?: string;
  /** The request body: the resource itself, or a Parameters resource with `resource`, `mode` and `profile`. */
  body: unknown;
  /** `mode` and `profile` may also come in the URL. */
  params: URLSearchParams;
}

interface Inputs {
  resource?: unknown;
  mode?: Mode;
}

export class ValidateOperation {
  constructor(private readonly resources: ResourceService) {}

  async validate(request: ValidateRequest): Promise<OperationOutcome> {
    const { resourceType, id } = request;
    const { resource, mode } = readInputs(request);
    if (mode === 'delete') return operationOutcome(await this.deletable(resourceType, id));
    if (resource === undefined) throw badRequest('$validate needs the resource to validate: the body, or a Parameters resource with a "resource" part');
    const issues: OutcomeIssue[] = [...identityIssues(resource, resourceType, id, mode)];
    for (const issue of validateResource(resource)) {
      issues.push({ severity: issue.severity, code: issue.code, diagnostics: issue.diagnostics, expression: issue.expression });
    }
    return operationOutcome(issues.length > 0 ? issues : [{ severity: 'information', code: 'informational', diagnostics: 'No issues found' }]);
  }

  /**
   * Sen keeps no referential integrity on delete: any resource this request can read can be deleted. One it cannot
   * (unknown, deleted, another facility's) is answered as a read would be, so $validate reveals nothing more.
   */
  private async deletable(resourceType: string, id: string | undefined): Promise<OutcomeIssue[]> {
    if (id === undefined) throw badRequest('mode=delete needs the resource: POST [type]/[id]/$validate');
    await this.resources.read(resourceType, id);
    return [{ severity: 'information', code: 'informational', diagnostics: `${resourceType}/${id} can be deleted` }];
  }
}

function readInputs(request: ValidateRequest): Inputs {
  const { body, params, resourceType } = request;
  const parts = isParameters(body, resourceType) ? (body.parameter as Record<string, unknown>[]) : undefined;
  const part = (name: string): Record<string, unknown> | undefined => {
    const found = parts?.filter((parameter) => parameter?.name === name) ?? [];
    if (found.length > 1) throw badRequest(`Parameters has the "${name}" part more than once`, ['Parameters.parameter']);
    return found[0];
  };
  const resource = parts ? part('resource')?.resource : body;
  const mode = choose('mode', part('mode')?.valueCode, params.get('mode'));
  if (mode !== undefined && !MODES.includes(mode as Mode)) throw badRequest(`mode must be one of ${MODES.join(', ')}, not "${mode}"`);
  const profilePart = part('profile');
  const profile = choose('profile', profilePart?.valueUri ?? profilePart?.valueCanonical, params.get('profile'));
  if (mode === 'profile' && profile === undefined) throw badRequest('mode=profile needs a profile');
  if (profile !== undefined) checkProfile(profile, resourceType);
  return { resource, mode: mode as Mode | undefined };
}

/** Parameters in the body are the operation's parameters, unless Parameters itself is what is being validated. */
function isParameters(body: unknown, resourceType: string): body is ResourceJson & { parameter: unknown[] } {
  if (!isResourceJson(body) || body.resourceType !== 'Parameters' || !Array.isArray(body.parameter)) return false;
  return resourceType !== 'Parameters' || body.parameter.some((parameter) => (parameter as { name?: unknown })?.name === 'resource');
}

function choose(name: string, fromBody: unknown, fromUrl: string | null): string | undefined {
  if (fromBody !== undefined && typeof fromBody !== 'string') throw badRequest(`The "${name}" part must be a string value`);
  if (fromBody !== undefined && fromUrl !== null && fromBody !== fromUrl) throw badRequest(`${name} is given twice, with different values`);
  return fromBody ?? fromUrl ?? undefined;
}

/** Sen validates against the base R4 definitions; a profile it does not hold cannot be checked, so it is refused. */
function checkProfile(profile: string, resourceType: string): void {
  const base = `http://hl7.org/fhir/StructureDefinition/${resourceType}`;
  if (profile !== base && profile !== `${base}|4.0.1`) {
    throw badRequest(`Sen does not know the profile ${profile}; it validates against the base R4 definition ${base}`);
  }
}

/** What the URL and mode say about the resource's type and id. */
function identityIssues(resource: unknown, resourceType: string, id: string | undefined, mode: Mode | undefined): OutcomeIssue[] {
  if (!isResourceJson(resource)) return []; // the validator explains what is wrong with it
  if (resource.resourceType !== resourceType) {
    return [{ severity: 'error', code: 'invalid', diagnostics: `The resource is a ${resource.resourceType} but the URL is for ${resourceType}`, expression: ['resourceType'] }];
  }
  const updating = mode === 'update' || (mode === undefined && id !== undefined);
  if (!updating) return [];
  if (resource.id === undefined) {
    return [{ severity: 'error', code: 'required', diagnostics: 'A resource to update must carry its id', expression: [`${resourceType}.id`] }];
  }
  if (id !== undefined && resource.id !== id) {
    return [{ severity: 'error', code: 'invalid', diagnostics: `The resource id "${String(resource.id)}" does not match the id in the URL (${id})`, expression: [`${resourceType}.id`] }];
  }
  return [];
}
