import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/client.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import { passwordProblems } from './password-policy.ts';
import { isRole, roleNeedsFacility, type Role } from './roles.ts';
import type { Identity } from './principal.ts';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  facilityId?: string | null;
  practitionerId?: string | null;
}

export class UserInputError extends Error {}

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export class Users {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates an account. `demo` skips the password policy, for the published demo accounts only. */
  async create(user: NewUser, options: { demo?: boolean } = {}): Promise<Identity> {
    if (!USERNAME.test(user.username)) {
      throw new UserInputError('Username must be 2–64 lower-case letters, digits, dots, dashes or underscores');
    }
    if (!isRole(user.role)) throw new UserInputError(`Unknown role "${user.role}"`);
    if (user.role === 'machine') throw new UserInputError('Machine clients are not user accounts: create them with npm run create-client');
    if (roleNeedsFacility(user.role) !== Boolean(user.facilityId)) {
      throw new UserInputError(roleNeedsFacility(user.role) ? `A ${user.role} account needs a facility` : `A ${user.role} account has no facility`);
    }
    const problems = options.demo ? [] : passwordProblems(user.password, user.username);
    if (problems.length) throw new UserInputError(`The password needs ${problems.join(', ')}`);
    const id = randomUUID();
    await this.prisma.appUser.create({
      data: {
        id,
        username: user.username,
        passwordHash: await hashPassword(user.password),
        displayName: user.displayName,
        role: user.role,
        facilityId: user.facilityId ?? null,
        practitionerId: user.practitionerId ?? null,
      },
    });
    return { kind: 'user', userId: id, username: user.username, role: user.role, facilityId: user.facilityId ?? null, practitionerId: user.practitionerId ?? null };
  }

  async count(): Promise<number> {
    return this.prisma.appUser.count();
  }

  async profile(userId: string): Promise<{ displayName: string } | undefined> {
    const row = await this.prisma.appUser.findUnique({ where: { id: userId }, select: { displayName: true } });
    return row ?? undefined;
  }

  async identity(userId: string): Promise<Identity | undefined> {
    const row = await this.prisma.appUser.findUnique({ where: { id: userId } });
    return row?.active ? toIdentity(row) : undefined;
  }

  /**
   * Checks a username and password. Unknown users, wrong passwords and locked accounts all answer undefined after
   * the same amount of work, so neither the message nor the timing tells which.
   */
  async authenticate(username: string, password: string): Promise<Identity | undefined> {
    const row = await this.prisma.appUser.findUnique({ where: { username: username.trim().toLowerCase() } });
    const matches = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
    if (!row || !row.active) return undefined;
    if (row.lockedUntil && row.lockedUntil.getTime() > Date.now()) return undefined;
    if (!matches) {
      const failures = row.failedLogins + 1;
      await this.prisma.appUser.update({
        where: { id: row.id },
        data: failures >= MAX_FAILURES
          ? { failedLogins: 0, lockedUntil: new Date(Date.now() + LOCK_MINUTES * 60_000) }
          : { failedLogins: failures },
      });
      return undefined;
    }
    if (row.failedLogins > 0 || row.lockedUntil) {
      await this.prisma.appUser.update({ where: { id: row.id }, data: { failedLogins: 0, lockedUntil: null } });
    }
    return toIdentity(row);
  }
}

function toIdentity(row: { id: string; username: string; role: string; facilityId: string | null; practitionerId: string | null }): Identity {
  return { kind: 'user', userId: row.id, username: row.username, role: row.role as Role, facilityId: row.facilityId, practitionerId: row.practitionerId };
}
