import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { categoryMarkdown, rolePolicyMarkdown } from '../../../../server/access/policy-table.ts';

const docs = readFileSync(new URL('../../../../docs/security.md', import.meta.url), 'utf8');

test('docs/security.md shows the role policy exactly as the code enforces it', () => {
  assert.ok(docs.includes(rolePolicyMarkdown()), `docs/security.md must contain this table (regenerate it from server/access/policy-table.ts):\n${rolePolicyMarkdown()}`);
  assert.ok(docs.includes(categoryMarkdown()), `docs/security.md must contain this table:\n${categoryMarkdown()}`);
});
