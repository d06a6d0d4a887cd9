import type { PrismaClient } from '../db/client.ts';
import { FhirError } from '../../fhir/outcome.ts';
import { readBundleRequest, type EntryRequest } from '../../fhir/bundle/entry-request.ts';
import { inProcessingOrder } from '../../fhir/bundle/processing-order.ts';
import { failureEntry, resultEntry, type ReturnPreference } from '../../fhir/bundle/response-entry.ts';
import { serializeBundle, type RawEntry } from '../../fhir/bundle/serialize.ts';
import { logger } from '../logger.ts';
import { BundleEntries } from './bundle-entries.ts';
import type { ResourceService } from './resource-service.ts';

export interface BundleOptions {
  /** Base URL of the FHIR API, for request URLs given absolute and for the response's fullUrls. */
  base: string;
  prefer: ReturnPreference;
}

/** `POST /fhir/R4` with a transaction Bundle (all or nothing) or a batch Bundle (each entry on its own). */
export class BundleService {
  constructor(private readonly prisma: PrismaClient, private readonly resources: ResourceService) {}

  /** Processes the Bundle and answers the transaction-response or batch-response Bundle as JSON text. */
  async process(body: unknown, options: BundleOptions): Promise<string> {
    const { kind, entries } = readBundleRequest(body, options.base);
    const response = kind === 'transaction' ? await this.transaction(entries, options) : await this.batch(entries, options);
    return serializeBundle({ resourceType: 'Bundle', type: `${kind}-response` }, response);
  }

  /** Every entry in one database transaction: the first error rolls all of them back and is the answer. */
  private async transaction(entries: (EntryRequest | FhirError)[], options: BundleOptions): Promise<RawEntry[]> {
    const unreadable = entries.find((entry) => entry instanceof FhirError);
    if (unreadable) throw unreadable;
    const requests = entries as EntryRequest[];
    const run = new BundleEntries(requests, this.resources);
    await run.prepare();
    const results = await this.prisma.$transaction((tx) => run.execute(tx));
    return requests.map((request) => resultEntry(results.get(request.index)!, options.base, options.prefer));
  }

  /** Each entry in its own database transaction, in FHIR processing order; one failing leaves the others be. */
  private async batch(entries: (EntryRequest | FhirError)[], options: BundleOptions): Promise<RawEntry[]> {
    const response: RawEntry[] = entries.map((entry) => (entry instanceof FhirError ? failureEntry(entry.status, entry.issues) : { }));
    const requests = entries.filter((entry): entry is EntryRequest => !(entry instanceof FhirError));
    for (const request of inProcessingOrder(requests)) {
      try {
        const run = new BundleEntries([request], this.resources);
        await run.prepare();
        const results = await this.prisma.$transaction((tx) => run.execute(tx));
        response[request.index] = resultEntry(results.get(request.index)!, options.base, options.prefer);
      } catch (error) {
        if (error instanceof FhirError) {
          response[request.index] = failureEntry(error.status, error.issues);
        } else {
          logger.error('batch entry failed', { entry: request.index, error });
          response[request.index] = failureEntry(500, [{ code: 'exception', diagnostics: 'The server could not process this entry; it has been logged' }]);
        }
      }
    }
    return response;
  }
}
