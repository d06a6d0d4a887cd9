// Validation of many resources on worker threads. The R4 validator costs about a millisecond a resource: a large
// transaction Bundle validated on the event loop would stall every other request for seconds and cap ingest at one
// core. Validation is pure, so it parallelises cleanly; the lexeme-keeping JSON matters only for storage, so the
// workers get plain JSON text.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { ValidationIssue } from '../../fhir/validation/validate.ts';

// Each worker holds its own copy of the R4 definitions (about 200 MB): a few keep ingest ahead of the database, more
// would only cost memory. Ingest comes in bursts, so a worker idle for a minute gives its memory back.
const MAX_WORKERS = 4;
const IDLE_MS = 60_000;
const CHUNK = 100;

interface Job {
  texts: string[];
  resolve(issues: ValidationIssue[][]): void;
  reject(error: unknown): void;
}

// From source, Sen runs TypeScript through tsx, and a worker thread has to register it before it can load a .ts
// module; compiled (npm run build), this file is JavaScript and so is the worker.
const BOOTSTRAP = import.meta.url.endsWith('.js')
  ? `await import(${JSON.stringify(new URL('./validation-worker.js', import.meta.url).href)});`
  : `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(new URL('./validation-worker.ts', import.meta.url).href)});`;

class ValidationWorkers {
  private readonly size = Math.min(availableParallelism(), MAX_WORKERS);
  private readonly idle = new Map<Worker, NodeJS.Timeout>();
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];

  /** The validator's error issues for each resource, given as JSON text; in order. */
  async validate(texts: string[]): Promise<ValidationIssue[][]> {
    const chunks: string[][] = [];
    for (let start = 0; start < texts.length; start += CHUNK) chunks.push(texts.slice(start, start + CHUNK));
    const results = await Promise.all(chunks.map((chunk) => new Promise<ValidationIssue[][]>((resolve, reject) => {
      this.queue.push({ texts: chunk, resolve, reject });
      this.dispatch();
    })));
    return results.flat();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.takeIdle() ?? (this.idle.size + this.busy.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      // Referenced only while it works: an idle pool never keeps the process alive.
      worker.ref();
      worker.postMessage(job.texts);
    }
  }

  private takeIdle(): Worker | undefined {
    const [worker, timer] = this.idle.entries().next().value ?? [];
    if (!worker) return undefined;
    clearTimeout(timer);
    this.idle.delete(worker);
    return worker;
  }

  private spawn(): Worker {
    const worker = new Worker(BOOTSTRAP, { eval: true });
    worker.on('message', (issues: ValidationIssue[][]) => {
      const job = this.busy.get(worker)!;
      this.busy.delete(worker);
      worker.unref();
      this.idle.set(worker, setTimeout(() => void worker.terminate(), IDLE_MS).unref());
      job.resolve(issues);
      this.dispatch();
    });
    const gone = (error: unknown): void => {
      // A worker that crashed fails its job, and with it the request; the next dispatch starts a new one.
      this.busy.get(worker)?.reject(error);
      this.busy.delete(worker);
      clearTimeout(this.idle.get(worker));
      this.idle.delete(worker);
      this.dispatch();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`A validation worker stopped (exit code ${code})`)));
    return worker;
  }
}

let shared: ValidationWorkers | undefined;

/** The process's validation workers, started on first use: a thread pool belongs to the process, not to a server. */
export function validationWorkers(): ValidationWorkers {
  shared ??= new ValidationWorkers();
  return shared;
}
