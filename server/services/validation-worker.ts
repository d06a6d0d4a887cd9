// A worker thread of validation-workers.ts: validates resources sent as JSON text and answers their error issues.
import { parentPort } from 'node:worker_threads';
import { validateResource } from '../../fhir/validation/validate.ts';

// Loads the R4 definitions now rather than during the first job.
validateResource({ resourceType: 'Basic' });

parentPort!.on('message', (texts: string[]) => {
  parentPort!.postMessage(texts.map((text) => validateResource(JSON.parse(text)).filter((issue) => issue.severity === 'error')));
});
