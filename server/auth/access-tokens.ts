import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SigningKeys } from './signing-keys.ts';
import type { Role } from './roles.ts';

/** Who is making a request, as proven by their access token. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  facilityId: string | null;
  practitionerId: string | null;
}

interface Claims {
  sub: string;
  preferred_username: string;
  role: Role;
  facility: string | null;
  practitioner: string | null;
  exp: number;
}

export class InvalidTokenError extends Error {}

const ISSUER = 'sen';
const AUDIENCE = 'sen-api';
const CACHE_LIMIT = 10_000;

export class AccessTokens {
  // Verifying an ES256 signature costs more than serving a read; a token verified once is trusted until it expires.
  private readonly verified = new Map<string, { principal: Principal; exp: number }>();

  constructor(private readonly keys: SigningKeys, private readonly lifetimeSeconds: number) {}

  issue(principal: Principal): { token: string; expiresIn: number } {
    const key = this.keys.current();
    const token = jwt.sign(
      {
        preferred_username: principal.username,
        role: principal.role,
        facility: principal.facilityId,
        practitioner: principal.practitionerId,
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
    if (cached && cached.exp * 1000 > Date.now()) return cached.principal;
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
    const principal: Principal = {
      userId: claims.sub,
      username: claims.preferred_username,
      role: claims.role,
      facilityId: claims.facility,
      practitionerId: claims.practitioner,
    };
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, { principal, exp: claims.exp });
    return principal;
  }
}
