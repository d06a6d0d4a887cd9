import express, { Router, type Request } from 'express';
import type { AppContext } from '../context.ts';
import type { Principal } from '../auth/access-tokens.ts';
import { RefreshTokenReuseError } from '../auth/refresh-tokens.ts';
import { ApiError, apiErrorHandler } from './api-errors.ts';

/** Sign-in: password login, refresh-token rotation, logout. Answers JSON; errors are `{error, message}`. */
export function authRouter(context: AppContext): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb', strict: true }), express.urlencoded({ extended: false, limit: '16kb' }));

  const tokensFor = async (principal: Principal, refreshToken?: string) => {
    const access = context.tokens.issue(principal);
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken ?? (await context.refreshTokens.issue(principal.userId)),
    };
  };

  router.post('/login', async (request, response) => {
    const username = field(request, 'username');
    const password = field(request, 'password');
    const principal = await context.users.authenticate(username, password);
    if (!principal) throw new ApiError(401, 'invalid_credentials', 'Wrong username or password');
    response.setHeader('Cache-Control', 'no-store');
    response.json(await tokensFor(principal));
  });

  router.post('/token', async (request, response) => {
    const grant = field(request, 'grant_type');
    if (grant !== 'refresh_token') {
      throw new ApiError(400, 'unsupported_grant_type', `grant_type "${grant}" is not supported; use refresh_token`);
    }
    let rotated;
    try {
      rotated = await context.refreshTokens.rotate(field(request, 'refresh_token'));
    } catch (error) {
      if (error instanceof RefreshTokenReuseError) throw new ApiError(400, 'invalid_grant', error.message);
      throw error;
    }
    const principal = rotated && (await context.users.principal(rotated.userId));
    if (!rotated || !principal) throw new ApiError(400, 'invalid_grant', 'The refresh token is not valid or has expired');
    response.setHeader('Cache-Control', 'no-store');
    response.json(await tokensFor(principal, rotated.refreshToken));
  });

  router.post('/logout', async (request, response) => {
    await context.refreshTokens.revoke(field(request, 'refresh_token'));
    response.status(204).end();
  });

  router.use(apiErrorHandler);
  return router;
}

function field(request: Request, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value === '') throw new ApiError(400, 'invalid_request', `"${name}" is required`);
  return value;
}
