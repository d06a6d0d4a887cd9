import express, { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppContext } from '../context.ts';
import type { Identity, Principal } from '../auth/principal.ts';
import { RefreshTokenReuseError } from '../auth/refresh-tokens.ts';
import { FULL_USER_SCOPE, InvalidScopeError, ScopeSet } from '../access/scopes.ts';
import { authenticationAuditEntry, type AuthenticationStep } from '../audit/audit-event.ts';
import { ApiError, apiErrorHandler } from './api-errors.ts';
import { RateLimiter } from './rate-limit.ts';

const LOOKS_LIKE_USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * Sign-in (OAuth2-style): password login, the refresh_token and client_credentials grants, logout. Answers JSON;
 * errors are `{error, message}`. Every attempt is rate limited (per client address, and per username for logins)
 * and audited, successful or not.
 */
export function authRouter(context: AppContext): Router {
  const router = Router();
  const perAddress = new RateLimiter(context.config.authRequestsPerMinute);
  const perUsername = new RateLimiter(Math.max(1, Math.floor(context.config.authRequestsPerMinute / 5)));
  const { logins, loginFailures } = context.metrics;

  router.use((request: Request, response: Response, next: NextFunction) => {
    const wait = perAddress.hit(request.ip ?? 'unknown');
    if (wait > 0) tooMany(response, wait);
    else next();
  });
  router.use(express.json({ limit: '16kb', strict: true }), express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));

  const audit = (request: Request, step: AuthenticationStep, success: boolean, identity?: Identity, attemptedName?: string) =>
    context.audit.record(authenticationAuditEntry({
      actor: { identity, address: request.ip },
      step,
      success,
      attemptedName: attemptedName && LOOKS_LIKE_USERNAME.test(attemptedName) ? attemptedName : undefined,
    }));

  const sendTokens = async (response: Response, principal: Principal, refresh: 'new' | 'none' | string) => {
    const access = context.tokens.issue(principal);
    response.setHeader('Cache-Control', 'no-store');
    response.json({
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      scope: principal.scope,
      ...(refresh === 'none' ? {} : { refresh_token: refresh === 'new' ? await context.refreshTokens.issue(principal.userId, principal.scope) : refresh }),
    });
  };

  router.post('/login', async (request, response) => {
    const username = field(request, 'username').trim().toLowerCase();
    const password = field(request, 'password');
    const wait = perUsername.hit(username);
    if (wait > 0) {
      audit(request, 'login', false, undefined, username);
      loginFailures.inc({ grant: 'password', reason: 'rate_limited' });
      tooMany(response, wait);
      return;
    }
    const identity = await context.users.authenticate(username, password);
    if (!identity) {
      audit(request, 'login', false, undefined, username);
      loginFailures.inc({ grant: 'password', reason: 'invalid_credentials' });
      throw new ApiError(401, 'invalid_credentials', 'Wrong username or password');
    }
    const scope = userScope(optionalField(request, 'scope'));
    audit(request, 'login', true, identity);
    logins.inc({ grant: 'password' });
    await sendTokens(response, { ...identity, scope }, 'new');
  });

  router.post('/token', async (request, response) => {
    const grant = field(request, 'grant_type');
    if (grant === 'refresh_token') await refreshGrant(request, response);
    else if (grant === 'client_credentials') await clientCredentialsGrant(request, response);
    else throw new ApiError(400, 'unsupported_grant_type', `grant_type "${grant}" is not supported; use refresh_token or client_credentials`);
  });

  const refreshGrant = async (request: Request, response: Response) => {
    let rotated;
    try {
      rotated = await context.refreshTokens.rotate(field(request, 'refresh_token'));
    } catch (error) {
      if (error instanceof RefreshTokenReuseError) {
        audit(request, 'refresh-token-reuse', false, await context.users.identity(error.userId));
        throw new ApiError(400, 'invalid_grant', error.message);
      }
      throw error;
    }
    const identity = rotated && (await context.users.identity(rotated.userId));
    if (!rotated || !identity) {
      audit(request, 'token-refresh', false);
      throw new ApiError(400, 'invalid_grant', 'The refresh token is not valid or has expired');
    }
    audit(request, 'token-refresh', true, identity);
    await sendTokens(response, { ...identity, scope: rotated.scope ?? FULL_USER_SCOPE }, rotated.refreshToken);
  };

  const clientCredentialsGrant = async (request: Request, response: Response) => {
    const { clientId, secret } = clientCredentials(request);
    const client = await context.clients.authenticate(clientId, secret);
    if (!client) {
      audit(request, 'client-credentials', false, undefined, clientId);
      loginFailures.inc({ grant: 'client_credentials', reason: 'invalid_credentials' });
      throw new ApiError(401, 'invalid_client', 'Unknown client or wrong secret');
    }
    const { allowedScope, ...identity } = client;
    const requested = optionalField(request, 'scope') ?? allowedScope;
    const scope = parseScopes(requested);
    if (!new ScopeSet(allowedScope).covers(scope)) {
      audit(request, 'client-credentials', false, identity);
      throw new ApiError(400, 'invalid_scope', `This client may request at most: ${allowedScope}`);
    }
    audit(request, 'client-credentials', true, identity);
    logins.inc({ grant: 'client_credentials' });
    // No refresh token: a machine client signs in again with its secret (RFC 6749 §4.4.3).
    await sendTokens(response, { ...identity, scope: scope.text }, 'none');
  };

  router.post('/logout', async (request, response) => {
    const userId = await context.refreshTokens.revoke(field(request, 'refresh_token'));
    if (userId) audit(request, 'logout', true, await context.users.identity(userId));
    response.status(204).end();
  });

  router.use(apiErrorHandler);
  return router;
}

function tooMany(response: Response, waitSeconds: number): void {
  response.setHeader('Retry-After', String(waitSeconds));
  response.status(429).json({ error: 'too_many_requests', message: `Too many sign-in requests; try again in ${waitSeconds} s` });
}

function parseScopes(text: string): ScopeSet {
  try {
    return new ScopeSet(text);
  } catch (error) {
    if (error instanceof InvalidScopeError) throw new ApiError(400, 'invalid_scope', error.message);
    throw error;
  }
}

/** A person's sign-in may narrow itself with user/ scopes; without any it gets what the role allows. */
function userScope(requested: string | undefined): string {
  if (requested === undefined) return FULL_USER_SCOPE;
  const scope = parseScopes(requested);
  if (scope.context !== 'user') throw new ApiError(400, 'invalid_scope', 'A person signs in with user/ scopes; system/ scopes are for machine clients');
  return scope.text;
}

/** Client credentials from HTTP Basic (preferred by RFC 6749) or from the form body. */
function clientCredentials(request: Request): { clientId: string; secret: string } {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.get('authorization') ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      try {
        return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
      } catch {
        throw new ApiError(401, 'invalid_client', 'The Basic credentials are not form-encoded');
      }
    }
  }
  return { clientId: field(request, 'client_id'), secret: field(request, 'client_secret') };
}

function optionalField(request: Request, name: string): string | undefined {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > 2000) throw new ApiError(400, 'invalid_request', `"${name}" must be a non-empty string`);
  return value;
}

function field(request: Request, name: string): string {
  const value = optionalField(request, name);
  if (value === undefined) throw new ApiError(400, 'invalid_request', `"${name}" is required`);
  return value;
}
