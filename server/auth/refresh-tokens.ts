import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/client.ts';

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

export class RefreshTokenReuseError extends Error {}

/**
 * Rotating refresh tokens: each use returns a new token of the same family. Only hashes are stored. Presenting a
 * token that was already used means it was stolen or replayed, so the whole family is revoked.
 */
export class RefreshTokens {
  constructor(private readonly prisma: PrismaClient, private readonly lifetimeSeconds: number) {}

  async issue(userId: string, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.prisma.refreshToken.create({
      data: {
        id: randomUUID(),
        familyId,
        userId,
        tokenHash: hash(token),
        expiresAt: new Date(Date.now() + this.lifetimeSeconds * 1000),
      },
    });
    return token;
  }

  /** Exchanges a refresh token for a new one; returns the user it belongs to, or undefined when it is not valid. */
  async rotate(token: string): Promise<{ userId: string; refreshToken: string } | undefined> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hash(token) } });
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return undefined;
    // Marking it used only if nobody else did makes two simultaneous uses count as a reuse.
    const claimed = await this.prisma.refreshToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count === 0) {
      await this.revokeFamily(row.familyId);
      throw new RefreshTokenReuseError('This refresh token was already used; every session of this sign-in is now ended');
    }
    return { userId: row.userId, refreshToken: await this.issue(row.userId, row.familyId) };
  }

  /** Logout: ends the sign-in the token belongs to. */
  async revoke(token: string): Promise<void> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hash(token) } });
    if (row) await this.revokeFamily(row.familyId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }
}
