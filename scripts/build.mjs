// npm run build (after the web build): compiles the server to dist/ and copies beside it the files the compiled code
// reads at run time, at the same relative places as in the source tree (they are found from import.meta.url).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// Data files next to the code: the ICD-10 table, the starter drug catalogue (JSON imports are emitted by tsc).
for (const root of ['server', 'fhir']) {
  cpSync(root, `dist/${root}`, { recursive: true, filter: (source) => !/\.(ts|json|md)$/.test(source) });
}
cpSync('prisma/migrations', 'dist/prisma/migrations', { recursive: true });
// The version Sen reports (CapabilityStatement, backups).
cpSync('package.json', 'dist/package.json');
if (!existsSync('web/dist/index.html')) {
  console.error('web/dist is missing: run npm run build:web first');
  process.exit(1);
}
cpSync('web/dist', 'dist/web/dist', { recursive: true });
console.log('Built dist/: NODE_ENV=production node dist/server/main.js');
