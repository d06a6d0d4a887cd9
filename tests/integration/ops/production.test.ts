import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Runs `node args…` from the repository until it exits; stdout and stderr together. */
function runNode(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => done({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    }).on('error', reject);
  });
}

test('a wrong DATABASE_URL stops Sen at start with one line that names it, and no stack trace', async () => {
  const wrong: [string, RegExp][] = [
    ['postgres//localhost/sen', /DATABASE_URL is not a valid URL/],
    ['postgresql://sen:secret@127.0.0.1:1/sen', /cannot use the database in DATABASE_URL \(postgresql:\/\/sen:\*\*\*@127\.0\.0\.1:1\/sen\): connect ECONNREFUSED/],
  ];
  if (process.env.TEST_DATABASE_URL) {
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = '/sen_no_such_database';
    wrong.push([url.toString(), /cannot use the database in DATABASE_URL .*: database "sen_no_such_database" does not exist/]);
  }
  for (const [databaseUrl, message] of wrong) {
    const { code, output } = await runNode(['--import', 'tsx', 'server/main.ts'], { DATABASE_URL: databaseUrl, PORT: '0' });
    assert.equal(code, 1, output);
    const lines = output.trim().split('\n');
    assert.equal(lines.length, 1, output);
    const line = JSON.parse(lines[0]) as { level: string; message: string };
    assert.equal(line.level, 'error');
    assert.match(line.message, message);
    assert.doesNotMatch(output, /secret|\n\s+at /);
  }
});

test('npm run build compiles Sen, which then runs without tsx from anywhere: /readyz and a FHIR read', async () => {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stdout + build.stderr);
  const port = await freePort();
  // Another working directory: the compiled code must find its data files from its own location.
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/server/main.js')], {
    cwd: tmpdir(),
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', SEN_DATA_DIR: 'memory://', SEN_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  try {
    let ready: Response | undefined;
    for (let attempt = 0; attempt < 240 && ready?.status !== 200; attempt++) {
      if (child.exitCode !== null) assert.fail(`the compiled server exited: ${output}`);
      ready = await fetch(`${base}/readyz`).catch(() => undefined);
      if (ready?.status !== 200) await new Promise((done) => setTimeout(done, 500));
    }
    assert.equal(ready?.status, 200, output);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Demo@2026' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const search = await fetch(`${base}/fhir/R4/Patient?_count=1`, { headers: { Authorization: `Bearer ${token}` } });
    const bundle = (await search.json()) as { entry: { resource: { id: string } }[] };
    const read = await fetch(`${base}/fhir/R4/Patient/${bundle.entry[0].resource.id}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { resourceType: string }).resourceType, 'Patient');
    assert.equal((await fetch(`${base}/`)).headers.get('content-type')?.startsWith('text/html'), true, 'the web app is served');
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('close', done));
  }
});
