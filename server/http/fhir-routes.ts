import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { FhirError, notFound, notSupported } from '../../fhir/outcome.ts';
import { capabilityStatement } from '../../fhir/capability.ts';
import { isKnownResourceType, knownResourceTypes } from '../../fhir/validation/validate.ts';
import { readJsonBody, JSON_PATCH_TYPE } from './fhir-body.ts';
import { fhirBase, preferReturn, sendJsonText, sendOutcome, sendWritten, versionHeaders } from './fhir-response.ts';
import { versionFromEtag } from '../../fhir/etag.ts';
import { fhirSecurity } from './fhir-security.ts';
import { auditEventRouter } from './audit-event-routes.ts';
import { toOutcomeError } from './errors.ts';
import { formAndUrlParams, strictHandling, urlParams } from './search-request.ts';
import { currentAccess } from '../access/request-access.ts';

type Handler = (request: Request, response: Response) => Promise<void> | void;

/** The FHIR R4 REST API: parses HTTP, calls the services, answers with FHIR JSON or an OperationOutcome. */
export function fhirRouter(context: AppContext): Router {
  const router = Router({ caseSensitive: true, strict: false });
  const { resources, history, bundles, validation, config, search } = context;
  const base = (request: Request): string => fhirBase(request, config.publicUrl);
  const limit = config.bodyLimitBytes;
  const query = (request: Request): URLSearchParams => new URLSearchParams(request.originalUrl.split('?')[1] ?? '');
  const searchRequest = (request: Request, params: [string, string][]) =>
    ({ params, base: base(request), strict: strictHandling(request), access: currentAccess().rowFilter('search') });
  const systemSearch: Handler = async (request, response) => {
    const params = request.method === 'POST' ? await formAndUrlParams(request, limit) : urlParams(request);
    sendJsonText(response, 200, await search.searchType(undefined, searchRequest(request, params)));
  };

  let metadata: string | undefined;
  router.get('/metadata', (request, response) => {
    metadata ??= JSON.stringify(capabilityStatement({
      base: base(request),
      software: { name: 'Sen', version: context.version },
      resourceTypes: knownResourceTypes(),
    }));
    sendJsonText(response, 200, metadata);
  });
  router.all('/metadata', (request) => {
    throw notSupported(405, `${request.method} is not supported on /metadata; allowed: GET`);
  });
  // Everything below: authenticate → audit → authorise, then the routes (server/http/fhir-security.ts).
  router.use(fhirSecurity(context));
  router.use('/AuditEvent', auditEventRouter(context));

  const routes: [string, Record<string, Handler>][] = [
    ['/_search', { GET: systemSearch, POST: systemSearch }],
    ['/', {
      GET: systemSearch,
      // A transaction or batch Bundle. Entries carry no resource back unless Prefer asks: a large Bundle's answer
      // would otherwise repeat it whole.
      POST: async (request, response) => {
        const body = await readJsonBody(request, limit);
        sendJsonText(response, 200, await bundles.process(body, { base: base(request), prefer: preferReturn(request, 'minimal') }));
      },
    }],
    // Before /:type/:id, which would take $validate for an id.
    ['/:type/$validate', {
      POST: async (request, response) => {
        const body = await readJsonBody(request, limit);
        sendJsonText(response, 200, JSON.stringify(await validation.validate({ resourceType: resourceType(request), body, params: query(request) })));
      },
    }],
    ['/:type/:id/$validate', {
      POST: async (request, response) => {
        const body = await readJsonBody(request, limit);
        const outcome = await validation.validate({ resourceType: resourceType(request), id: param(request, 'id'), body, params: query(request) });
        sendJsonText(response, 200, JSON.stringify(outcome));
      },
    }],
    ['/_history', {
      GET: async (request, response) => sendJsonText(response, 200, await history.history({ params: query(request), base: base(request) })),
    }],
    ['/:type/_history', {
      GET: async (request, response) => {
        const type = resourceType(request);
        sendJsonText(response, 200, await history.history({ resourceType: type, params: query(request), base: base(request) }));
      },
    }],
    ['/:type/:id/_history/:vid', {
      GET: async (request, response) => {
        const version = await resources.vread(resourceType(request), param(request, 'id'), param(request, 'vid'));
        versionHeaders(response, version);
        sendJsonText(response, 200, version.content!);
      },
    }],
    ['/:type/:id/_history', {
      GET: async (request, response) => {
        const type = resourceType(request);
        const id = param(request, 'id');
        await resources.read(type, id).catch((error) => {
          // A deleted resource still has a history to show.
          if (!(error instanceof FhirError && error.status === 410)) throw error;
        });
        sendJsonText(response, 200, await history.history({ resourceType: type, id, params: query(request), base: base(request) }));
      },
    }],
    ['/:type/_search', {
      POST: async (request, response) => {
        const type = resourceType(request);
        sendJsonText(response, 200, await search.searchType(type, searchRequest(request, await formAndUrlParams(request, limit))));
      },
    }],
    ['/Patient/:id/$everything', {
      GET: async (request, response) => {
        sendJsonText(response, 200, await search.everything(param(request, 'id'), searchRequest(request, urlParams(request))));
      },
    }],
    // A compartment search; after the /:type/:id/… paths above, which it would otherwise take.
    ['/:type/:id/:compartmentType', {
      GET: async (request, response) => {
        const compartment = resourceType(request);
        const type = param(request, 'compartmentType');
        if (!isKnownResourceType(type)) throw notFound(`Unknown resource type "${type}"`);
        sendJsonText(response, 200, await search.searchCompartment(compartment, param(request, 'id'), type, searchRequest(request, urlParams(request))));
      },
    }],
    ['/:type/:id', {
      GET: async (request, response) => {
        const version = await resources.read(resourceType(request), param(request, 'id'));
        versionHeaders(response, version);
        sendJsonText(response, 200, version.content!);
      },
      PUT: async (request, response) => {
        const type = resourceType(request);
        const body = await readJsonBody(request, limit);
        const outcome = await resources.update(type, param(request, 'id'), body, ifMatch(request));
        const created = outcome.kind === 'created';
        sendWritten(request, response, base(request), created ? 201 : 200, outcome.version, created ? 'Created' : 'Updated');
      },
      PATCH: async (request, response) => {
        const type = resourceType(request);
        const patch = await readJsonBody(request, limit, [JSON_PATCH_TYPE]);
        const outcome = await resources.patch(type, param(request, 'id'), patch, ifMatch(request));
        sendWritten(request, response, base(request), 200, outcome.version, 'Patched');
      },
      DELETE: async (request, response) => {
        const type = resourceType(request);
        const id = param(request, 'id');
        const version = await resources.delete(type, id, ifMatch(request));
        if (version) versionHeaders(response, version);
        sendOutcome(response, 200, { severity: 'information', code: 'informational', diagnostics: version ? `Deleted ${type}/${id}` : `${type}/${id} was already deleted` });
      },
    }],
    ['/:type', {
      GET: async (request, response) => {
        sendJsonText(response, 200, await search.searchType(resourceType(request), searchRequest(request, urlParams(request))));
      },
      POST: async (request, response) => {
        const type = resourceType(request);
        const body = await readJsonBody(request, limit);
        const outcome = await resources.create(type, body, request.get('if-none-exist') ?? undefined);
        const created = outcome.kind === 'created';
        sendWritten(request, response, base(request), created ? 201 : 200, outcome.version, created ? 'Created' : 'An existing resource matched If-None-Exist');
      },
      PUT: async (request, response) => {
        const type = resourceType(request);
        const search = request.originalUrl.split('?')[1];
        if (!search) throw notSupported(405, `PUT on ${type} needs an id (PUT ${type}/[id]) or search criteria (conditional update)`);
        const body = await readJsonBody(request, limit);
        const outcome = await resources.conditionalUpdate(type, search, body);
        const created = outcome.kind === 'created';
        sendWritten(request, response, base(request), created ? 201 : 200, outcome.version, created ? 'Created' : 'Updated');
      },
    }],
  ];

  for (const [path, handlers] of routes) {
    for (const [method, handler] of Object.entries(handlers)) {
      router[method.toLowerCase() as 'get'](path, handler);
    }
    router.all(path, (request, _response, next: NextFunction) => {
      next(notSupported(405, `${request.method} is not supported on ${path.replace(/:(\w+)/g, '[$1]')}; allowed: ${Object.keys(handlers).join(', ')}`));
    });
  }
  router.use(() => {
    throw notFound('No such FHIR endpoint');
  });
  router.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const { status, issues, retryAfterSeconds } = toOutcomeError(error);
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
    sendOutcome(response, status, issues);
  });
  return router;
}

function param(request: Request, name: string): string {
  return String(request.params[name]);
}

function resourceType(request: Request): string {
  const type = param(request, 'type');
  if (!isKnownResourceType(type)) throw notFound(`Unknown resource type "${type}"`);
  return type;
}

function ifMatch(request: Request): number | undefined {
  const header = request.get('if-match');
  return header === undefined ? undefined : versionFromEtag(header, 'If-Match');
}
