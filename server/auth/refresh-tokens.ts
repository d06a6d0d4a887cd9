import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/client.ts';

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

export class RefreshTokenReuseError extends Error {
  constructor(readonly userId: string) {
    super('This refresh token was already used; every session of this sign-in is now ended');
  }
}

/**
 * Rotating refresh tokens: each use returns a new token of the same family. Only hashes are stored. Presenting a
 * token that was already used means it was stolen or replayed, so the whole family is revoked.
 */
export class RefreshTokens {
  constructor(private readonly prisma: PrismaClient, private readonly lifetimeSeconds: number) {}

  /** Starts a sign-in (a new family) or continues one; `scope` is what the sign-in was granted and stays fixed. */
  async issue(userId: string, scope: string | null, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.prisma.refreshToken.create({
      data: {
        id: randomUUID(),
        familyId,
        userId,
        tokenHash: hash(token),
        scope,
        expiresAt: new Date(Date.now() + this.lifetimeSeconds * 1000),
      },
    });
    return token;
  }

  /** Exchanges a refresh token for a new one; returns the user it belongs to, or undefined when it is not valid. */
  async rotate(token: string): Promise<{ userId: string; scope: string | null; refreshToken: string } | undefined> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hash(token) } });
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return undefined;
    // Marking it used only if nobody else did makes two simultaneous uses count as a reuse.
    const claimed = await this.prisma.refreshToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count === 0) {
      await this.revokeFamily(row.familyId);
      throw new RefreshTokenReuseError(row.userId);
    }
    return { userId: row.userId, scope: row.scope, refreshToken: await this.issue(row.userId, row.scope, row.familyId) };
  }

  /** Logout: ends the sign-in the token belongs to; returns whose it was (undefined for an unknown token). */
  async revoke(token: string): Promise<string | undefined> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hash(token) } });
    if (row) await this.revokeFamily(row.familyId);
    return row?.userId;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }
}
