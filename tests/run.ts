// Runs the *.test.ts files under the given folders or files (default: tests/, without the browser tests and the
// benchmarks, which need Chromium or a long run) with node's test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SEPARATE = new Set(['tests/e2e', 'tests/bench']);

function collect(path: string, explicit: boolean): string[] {
  if (statSync(path).isFile()) return [path];
  if (!explicit && SEPARATE.has(path)) return [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : collect(join(path, name), false)))
    .filter((file) => file.endsWith('.test.ts'));
}

const roots = process.argv.slice(2);
const files = roots.length ? roots.flatMap((root) => collect(root, true)) : collect('tests', false);
if (files.length === 0) {
  console.error('No test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
