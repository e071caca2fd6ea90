// The size budget: what users download from the Marketplace, and what the extension host loads.
// npm test packages before the unit tests run; `npm run package` does the same by hand.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/manifest';

// The bundle grew to 153 KB with uploads (streamed forms, multipart, Resume): 175 KB leaves room, the .vsix stays under 150.
const BUDGET_KB = { 'twelvelabs-explorer.vsix': 150, 'dist/extension.js': 175 };

for (const [file, budget] of Object.entries(BUDGET_KB)) {
  test(`${file} is at most ${budget} KB`, () => {
    const path = join(REPO_ROOT, file);
    assert.ok(existsSync(path), `${file} is missing: build it first with \`npm run package\``);
    const size = statSync(path).size;
    assert.ok(size <= budget * 1024, `${file} is ${(size / 1024).toFixed(1)} KB`);
  });
}

test('dist/extension.js is the minified build that ships', () => {
  // `npm run build` leaves a readable bundle with a source map.
  const bundle = readFileSync(join(REPO_ROOT, 'dist', 'extension.js'), 'utf8');
  assert.doesNotMatch(bundle, /sourceMappingURL/, 'a development build: run `npm run package`');
});
