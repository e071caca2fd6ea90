/** The size budget: what users download from the Marketplace, and what the extension host loads. */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/manifest';

const KB = 1024;
const VSIX_BUDGET = 150 * KB;
const BUNDLE_BUDGET = 120 * KB;

// npm test packages before the unit tests run; `npm run package` does the same by hand.
const BUILD_FIRST = 'build it first with `npm run package`';

test(`the .vsix is at most ${VSIX_BUDGET / KB} KB`, () => {
  const vsix = join(REPO_ROOT, 'twelvelabs-explorer.vsix');
  let size: number;
  try {
    size = statSync(vsix).size;
  } catch {
    assert.fail(`twelvelabs-explorer.vsix is missing: ${BUILD_FIRST}`);
  }
  assert.ok(size <= VSIX_BUDGET, `twelvelabs-explorer.vsix is ${(size / KB).toFixed(1)} KB`);
});

test(`dist/extension.js, minified, is at most ${BUNDLE_BUDGET / KB} KB`, () => {
  let bundle: string;
  try {
    bundle = readFileSync(join(REPO_ROOT, 'dist', 'extension.js'), 'utf8');
  } catch {
    assert.fail(`dist/extension.js is missing: ${BUILD_FIRST}`);
  }
  // `npm run build` leaves a readable bundle with a source map: not what is shipped.
  assert.doesNotMatch(bundle, /sourceMappingURL/, `dist/extension.js is a development build: ${BUILD_FIRST}`);
  const size = Buffer.byteLength(bundle);
  assert.ok(size <= BUNDLE_BUDGET, `dist/extension.js is ${(size / KB).toFixed(1)} KB`);
});
