// The demo sends signed prescriptions somewhere real: a local simulator of the national prescription system on a
// loopback port, knowing every demo facility's link code and its doctors (demoNationalSystemAccounts).
import type { NationalPrescriptionConfig } from '../adapters/national-prescription/config.ts';
import { NationalPrescriptionSimulator } from '../adapters/national-prescription/simulator.ts';
import { demoNationalSystemAccounts } from './demo.ts';
import { logger } from '../logger.ts';

const DEMO_TIMEOUT_MS = 30_000;

export async function startDemoNationalSystem(): Promise<{ config: NationalPrescriptionConfig; close(): Promise<void> }> {
  const accounts = demoNationalSystemAccounts();
  const { url, close } = await new NationalPrescriptionSimulator(accounts).listen(0);
  logger.info('demo: signed prescriptions go to the local national prescription simulator', { url, facilities: accounts.length });
  // Demo databases written before facilities carried their link code send as the first commune station, as then.
  return {
    config: {
      baseUrl: url,
      facilityLinkCode: accounts[1].linkCode,
      doctorPasswords: new Map(accounts.flatMap((account) => Object.entries(account.doctors))),
      requestTimeoutMs: DEMO_TIMEOUT_MS,
    },
    close,
  };
}
