// Runs the national prescription simulator on its own port, for the demo or manual testing:
//   npm run dtqg:simulator -- accounts.json
// accounts.json: [{"linkCode": "…", "facilityCode": "01001", "doctors": {"<doctor link code>": "<password>"}}]
// Port: SEN_DTQG_SIMULATOR_PORT (default 8090). Point Sen at it with SEN_DTQG_URL=http://127.0.0.1:8090.
import { readFileSync } from 'node:fs';
import { logger } from '../../logger.ts';
import { NationalPrescriptionSimulator, type SimulatedFacility } from './simulator.ts';

const accountsFile = process.argv[2];
if (!accountsFile) {
  console.error('Usage: npm run dtqg:simulator -- accounts.json');
  process.exit(2);
}
const facilities = JSON.parse(readFileSync(accountsFile, 'utf8')) as SimulatedFacility[];
const port = Number(process.env.SEN_DTQG_SIMULATOR_PORT ?? 8090);
const { url } = await new NationalPrescriptionSimulator(facilities).listen(port);
logger.info('national prescription simulator listening', { url, facilities: facilities.map((facility) => facility.facilityCode) });
