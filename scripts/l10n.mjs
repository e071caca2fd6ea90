// `npm run l10n`: writes l10n/bundle.l10n.json, every runtime string of src/ (vscode.l10n.t in
// src/ui, @vscode/l10n's t in src/core), with @vscode/l10n-dev. Translators copy it to
// bundle.l10n.<locale>.json, as they copy package.nls.json for the contributed strings.
//
// `node scripts/l10n.mjs --check` writes nothing, and fails when the bundle is stale (npm test runs it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BUNDLE = 'l10n/bundle.l10n.json';
const check = process.argv.includes('--check');
const outDir = check ? mkdtempSync(path.join(tmpdir(), 'l10n-')) : path.dirname(BUNDLE);

const result = spawnSync(
  process.execPath,
  ['node_modules/@vscode/l10n-dev/dist/cli.js', 'export', '--outDir', outDir, 'src'],
  { encoding: 'utf8' },
);
if (result.status !== 0) {
  process.stderr.write(result.stdout + result.stderr);
  process.exit(1);
}
if (check) {
  const fresh = readBundle(path.join(outDir, path.basename(BUNDLE)));
  rmSync(outDir, { recursive: true, force: true });
  // The order of the entries follows the order files are found in, which is not ours to fix.
  if (JSON.stringify(sorted(fresh)) !== JSON.stringify(sorted(readBundle(BUNDLE) ?? {}))) {
    console.error(`${BUNDLE} is stale: the strings in src/ changed. Run \`npm run l10n\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${BUNDLE} is current (${Object.keys(fresh).length} strings).`);
} else {
  console.log(`wrote ${BUNDLE}`);
}

function readBundle(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // missing or unreadable counts as stale
  }
}

function sorted(bundle) {
  return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b)));
}
