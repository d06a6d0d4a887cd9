import { createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import type { PrismaClient } from '../db/client.ts';
import { logger } from '../logger.ts';

export interface SigningKey {
  kid: string;
  algorithm: 'ES256';
  privatePem: string;
  publicPem: string;
}

const RELOAD_INTERVAL_MS = 30_000;

/**
 * The asymmetric keys that sign access tokens. Kept in the database so that every Sen process behind a proxy signs
 * and verifies with the same keys; generated on first start. Peers verify with the public half (JWKS).
 */
export class SigningKeys {
  private keys: SigningKey[] = [];
  private loadedAt = 0;

  constructor(private readonly prisma: PrismaClient) {}

  async init(): Promise<void> {
    await this.reload();
    if (this.keys.length === 0) {
      await this.rotate();
    }
  }

  /** Adds a new signing key; older keys stay valid for verification until retired. */
  async rotate(): Promise<SigningKey> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key: SigningKey = {
      kid: randomUUID(),
      algorithm: 'ES256',
      privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    await this.prisma.signingKey.create({ data: key });
    await this.reload();
    return key;
  }

  /** The newest key signs. A key rotated by another process (or `npm run rotate-keys`) takes over within a reload interval. */
  current(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error('No signing key loaded');
    this.reloadIfStale();
    return key;
  }

  /**
   * Retires every key that stopped signing longer ago than the longest access-token lifetime (no valid token can
   * carry it any more), so that it no longer verifies and leaves the JWKS. Returns the retired key ids.
   */
  async retireSuperseded(tokenLifetimeSeconds: number): Promise<string[]> {
    const rows = await this.prisma.signingKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
    const cutoff = Date.now() - tokenLifetimeSeconds * 1000;
    // A key stopped signing when the next newer key was created.
    const superseded = rows.filter((_row, index) => index > 0 && rows[index - 1].createdAt.getTime() < cutoff).map((row) => row.kid);
    for (const kid of superseded) await this.retire(kid);
    return superseded;
  }

  /** Retires a key at once (e.g. a leaked one): tokens it signed stop verifying in every process within a reload interval. */
  async retire(kid: string): Promise<boolean> {
    const { count } = await this.prisma.signingKey.updateMany({ where: { kid, retiredAt: null }, data: { retiredAt: new Date() } });
    await this.reload();
    return count === 1;
  }

  /** Finds a key by id, reloading once in a while so keys made by another Sen process are found. */
  async find(kid: string): Promise<SigningKey | undefined> {
    const known = this.keys.find((key) => key.kid === kid);
    if (known || Date.now() - this.loadedAt < RELOAD_INTERVAL_MS / 30) return known;
    await this.reload();
    return this.keys.find((key) => key.kid === kid);
  }

  /** A key among those loaded, without going to the database (retired keys drop out at the next reload). */
  findLoaded(kid: string): SigningKey | undefined {
    this.reloadIfStale();
    return this.keys.find((key) => key.kid === kid);
  }

  private reloadIfStale(): void {
    if (Date.now() - this.loadedAt <= RELOAD_INTERVAL_MS) return;
    this.loadedAt = Date.now();
    this.reload().catch((error) => logger.warn('signing keys could not be reloaded', { error }));
  }

  jwks(): { keys: JsonWebKey[] } {
    return {
      keys: this.keys.map((key) => ({
        ...createPublicKey(key.publicPem).export({ format: 'jwk' }),
        kid: key.kid,
        alg: key.algorithm,
        use: 'sig',
      })),
    };
  }

  private async reload(): Promise<void> {
    const rows = await this.prisma.signingKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
    this.keys = rows.map((row) => ({ kid: row.kid, algorithm: 'ES256', privatePem: row.privatePem, publicPem: row.publicPem }));
    this.loadedAt = Date.now();
  }
}
