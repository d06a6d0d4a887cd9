// The web app's budget: at most 300 KB of gzipped JavaScript before the first screen (docs/benchmarks.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from './browser.ts';

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const BUDGET_BYTES = 300 * 1000;

describe('Initial JavaScript of the web app', () => {
  test('what index.html loads stays within 300 KB gzipped', async () => {
    await ensureWebBuilt();
    const html = readFileSync(`${DIST}index.html`, 'utf8');
    const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((match) => match[1]);
    assert.ok(scripts.length > 0, 'index.html loads a script');
    const gzipped = scripts.reduce((total, file) => total + gzipSync(readFileSync(`${DIST}${file}`), { level: 9 }).length, 0);
    assert.ok(gzipped <= BUDGET_BYTES, `initial JavaScript is ${(gzipped / 1000).toFixed(1)} KB gzipped`);
  });
});
