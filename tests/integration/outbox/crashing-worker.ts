// A Sen process that only runs an outbox worker, for a test to kill mid-delivery (SIGKILL: nothing gets recorded).
// Env: DATABASE_URL, SIMULATOR_URL.
import { openDatabase } from '../../../server/db/client.ts';
import { nationalWorker } from './harness.ts';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
nationalWorker(database, process.env.SIMULATOR_URL!).start();
