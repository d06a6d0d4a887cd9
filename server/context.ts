import { readFileSync } from 'node:fs';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { ResourceService } from './services/resource-service.ts';
import { HistoryService } from './services/history-service.ts';
import { SearchService } from './services/search-service.ts';
import { BundleService } from './services/bundle-service.ts';
import { ValidateOperation } from './services/validate-operation.ts';
import { Users } from './auth/users.ts';
import { SigningKeys } from './auth/signing-keys.ts';
import { AccessTokens } from './auth/access-tokens.ts';
import { RefreshTokens } from './auth/refresh-tokens.ts';
import { ApiClients } from './auth/clients.ts';
import { PatientGrants } from './access/patient-grants.ts';
import { AuditTrail } from './audit/audit-trail.ts';
import { PrescriptionService } from './services/prescription-service.ts';
import { DrugCatalogueService } from './services/drug-catalogue-service.ts';
import { PrescriptionTemplateService } from './services/prescription-template-service.ts';
import { IndicatorService } from './services/indicator-service.ts';
import { PatientChartService } from './services/patient-chart-service.ts';
import type { OutboxWorker } from './workers/outbox.ts';
import { SenMetrics } from './observability/sen-metrics.ts';

/** Everything a request handler may use, wired once at start. */
export interface AppContext {
  config: Config;
  database: Database;
  version: string;
  resources: ResourceService;
  history: HistoryService;
  search: SearchService;
  bundles: BundleService;
  validation: ValidateOperation;
  users: Users;
  keys: SigningKeys;
  tokens: AccessTokens;
  refreshTokens: RefreshTokens;
  clients: ApiClients;
  grants: PatientGrants;
  audit: AuditTrail;
  prescriptions: PrescriptionService;
  catalogue: DrugCatalogueService;
  templates: PrescriptionTemplateService;
  charts: PatientChartService;
  indicators: IndicatorService;
  /** Absent when nothing is delivered (no national prescription system configured, not the demo). */
  outbox?: OutboxWorker;
  metrics: SenMetrics;
}

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `outbox`: the worker delivering queued messages (the national prescription system), woken after each signing. */
export async function createContext(config: Config, database: Database, outbox?: OutboxWorker): Promise<AppContext> {
  const { prisma } = database;
  const keys = new SigningKeys(prisma);
  await keys.init();
  const resources = new ResourceService(prisma);
  const search = new SearchService(prisma);
  // SearchParameter resources stored on this server index new writes from the start.
  await search.prepare();
  const version = packageVersion();
  const audit = new AuditTrail(prisma);
  return {
    config,
    database,
    version,
    resources,
    history: new HistoryService(prisma),
    search,
    bundles: new BundleService(prisma, resources),
    validation: new ValidateOperation(resources),
    users: new Users(prisma),
    keys,
    tokens: new AccessTokens(keys, config.accessTokenSeconds),
    refreshTokens: new RefreshTokens(prisma, config.refreshTokenSeconds),
    clients: new ApiClients(prisma),
    grants: new PatientGrants(prisma),
    audit,
    prescriptions: new PrescriptionService(prisma, resources, search, () => outbox?.wake()),
    catalogue: new DrugCatalogueService(prisma, resources),
    templates: new PrescriptionTemplateService(prisma, resources),
    charts: new PatientChartService(resources, search),
    indicators: new IndicatorService(prisma),
    outbox,
    metrics: new SenMetrics({ database, audit, version, outbox }),
  };
}
