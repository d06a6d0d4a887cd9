import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../db/client.ts';
import type { Identity } from './principal.ts';
import { UserInputError } from './users.ts';

export interface NewClient {
  clientId: string;
  displayName: string;
  facilityId?: string | null;
  /** The scopes the client may request (space-separated); validated by the caller against the scope grammar. */
  scope: string;
}

/** A machine client as authenticated: who it is and the most it may ask for. */
export interface ClientIdentity extends Identity {
  allowedScope: string;
}

const CLIENT_ID = /^[a-z0-9][a-z0-9._-]{1,63}$/;
// Secrets are 256 random bits, so a fast hash is as safe as a slow one here: there is nothing to guess.
const digest = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** OAuth2 clients of the client_credentials grant: other hospitals' systems, the provincial IOC. */
export class ApiClients {
  constructor(private readonly prisma: PrismaClient) {}

  /** Registers a client and returns its secret, which is shown once and stored only as a hash. */
  async create(client: NewClient): Promise<{ secret: string }> {
    if (!CLIENT_ID.test(client.clientId)) {
      throw new UserInputError('Client id must be 2–64 lower-case letters, digits, dots, dashes or underscores');
    }
    const secret = randomBytes(32).toString('base64url');
    await this.prisma.apiClient.create({
      data: {
        id: randomUUID(),
        clientId: client.clientId,
        secretHash: digest(secret).toString('hex'),
        displayName: client.displayName,
        facilityId: client.facilityId ?? null,
        scope: client.scope,
      },
    });
    return { secret };
  }

  /** Checks a client id and secret; unknown, inactive and wrong all answer undefined after the same work. */
  async authenticate(clientId: string, secret: string): Promise<ClientIdentity | undefined> {
    const row = await this.prisma.apiClient.findUnique({ where: { clientId } });
    const expected = Buffer.from(row?.secretHash ?? '0'.repeat(64), 'hex');
    const matches = timingSafeEqual(digest(secret), expected);
    if (!row || !row.active || !matches) return undefined;
    return {
      kind: 'client',
      userId: row.id,
      username: row.clientId,
      role: 'machine',
      facilityId: row.facilityId,
      practitionerId: null,
      allowedScope: row.scope,
    };
  }
}
