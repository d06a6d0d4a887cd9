import { createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import type { PrismaClient } from '../db/client.ts';

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

  /** The newest key signs. */
  current(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error('No signing key loaded');
    return key;
  }

  /** Finds a key by id, reloading once in a while so keys made by another Sen process are found. */
  async find(kid: string): Promise<SigningKey | undefined> {
    const known = this.keys.find((key) => key.kid === kid);
    if (known || Date.now() - this.loadedAt < RELOAD_INTERVAL_MS / 30) return known;
    await this.reload();
    return this.keys.find((key) => key.kid === kid);
  }

  findLoaded(kid: string): SigningKey | undefined {
    return this.keys.find((key) => key.kid === kid);
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
