import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SigningKeys } from './signing-keys.ts';
import { isRole, type Role } from './roles.ts';
import type { Principal } from './principal.ts';

interface Claims {
  sub: string;
  preferred_username: string;
  kind: Principal['kind'];
  role: Role;
  facility: string | null;
  practitioner: string | null;
  scope: string;
  exp: number;
}

export class InvalidTokenError extends Error {}

const ISSUER = 'sen';
const AUDIENCE = 'sen-api';
const CACHE_LIMIT = 10_000;

/**
 * ES256 access tokens. Verification accepts only ES256 with one of Sen's own current keys (found by `kid`), so
 * `alg: none`, HMAC tokens keyed with a public key, tokens of retired or foreign keys, expired and altered tokens
 * all fail. There is no per-token denylist: tokens live minutes, logout ends the refresh family so no new ones are
 * issued, and peers that verify with the JWKS could not consult a denylist anyway (docs/security.md).
 */
export class AccessTokens {
  // Verifying an ES256 signature costs more than serving a read; a token verified once is trusted until it expires
  // or its key is retired.
  private readonly verified = new Map<string, { principal: Principal; exp: number; kid: string }>();

  constructor(private readonly keys: SigningKeys, private readonly lifetimeSeconds: number) {}

  issue(principal: Principal): { token: string; expiresIn: number } {
    const key = this.keys.current();
    const token = jwt.sign(
      {
        preferred_username: principal.username,
        kind: principal.kind,
        role: principal.role,
        facility: principal.facilityId,
        practitioner: principal.practitionerId,
        scope: principal.scope,
      },
      key.privatePem,
      {
        algorithm: 'ES256',
        keyid: key.kid,
        expiresIn: this.lifetimeSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
        subject: principal.userId,
        jwtid: randomUUID(),
      },
    );
    return { token, expiresIn: this.lifetimeSeconds };
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached && cached.exp * 1000 > Date.now() && this.keys.findLoaded(cached.kid)) return cached.principal;
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    if (!decoded || typeof kid !== 'string') throw new InvalidTokenError('The access token is malformed');
    const key = await this.keys.find(kid);
    if (!key) throw new InvalidTokenError('The access token was signed by an unknown key');
    let claims: Claims;
    try {
      claims = jwt.verify(token, key.publicPem, { algorithms: ['ES256'], issuer: ISSUER, audience: AUDIENCE }) as Claims;
    } catch (error) {
      throw new InvalidTokenError(error instanceof jwt.TokenExpiredError ? 'The access token has expired' : 'The access token is not valid');
    }
    const principal = principalFrom(claims);
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, { principal, exp: claims.exp, kid });
    return principal;
  }
}

/** A correctly signed token still gets its claims checked: a token of an older format must not pass half-read. */
function principalFrom(claims: Claims): Principal {
  const text = (value: unknown): value is string => typeof value === 'string' && value !== '';
  const optional = (value: unknown): value is string | null => value === null || text(value);
  if (!text(claims.sub) || !text(claims.preferred_username) || !isRole(String(claims.role)) || !text(claims.scope) ||
    (claims.kind !== 'user' && claims.kind !== 'client') || !optional(claims.facility) || !optional(claims.practitioner)) {
    throw new InvalidTokenError('The access token lacks required claims; sign in again');
  }
  return {
    kind: claims.kind,
    userId: claims.sub,
    username: claims.preferred_username,
    role: claims.role,
    facilityId: claims.facility,
    practitionerId: claims.practitioner,
    scope: claims.scope,
  };
}
