import { readFileSync } from 'node:fs';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { ResourceService } from './services/resource-service.ts';
import { HistoryService } from './services/history-service.ts';
import { Users } from './auth/users.ts';
import { SigningKeys } from './auth/signing-keys.ts';
import { AccessTokens } from './auth/access-tokens.ts';
import { RefreshTokens } from './auth/refresh-tokens.ts';

/** Everything a request handler may use, wired once at start. */
export interface AppContext {
  config: Config;
  database: Database;
  version: string;
  resources: ResourceService;
  history: HistoryService;
  users: Users;
  keys: SigningKeys;
  tokens: AccessTokens;
  refreshTokens: RefreshTokens;
}

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function createContext(config: Config, database: Database): Promise<AppContext> {
  const { prisma } = database;
  const keys = new SigningKeys(prisma);
  await keys.init();
  return {
    config,
    database,
    version: packageVersion(),
    resources: new ResourceService(prisma),
    history: new HistoryService(prisma),
    users: new Users(prisma),
    keys,
    tokens: new AccessTokens(keys, config.accessTokenSeconds),
    refreshTokens: new RefreshTokens(prisma, config.refreshTokenSeconds),
  };
}
