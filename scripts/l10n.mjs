// `npm run l10n` (and `npm run package`, first): writes l10n/bundle.l10n.json, every runtime string
// of src/ (vscode.l10n.t in src/ui, @vscode/l10n's t in src/core), with @vscode/l10n-dev, in sorted
// order so that the file changes only when the strings do. Translators copy it to
// bundle.l10n.<locale>.json, as they copy package.nls.json for the contributed strings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BUNDLE = 'l10n/bundle.l10n.json';
const outDir = mkdtempSync(path.join(tmpdir(), 'l10n-'));
const result = spawnSync(
  process.execPath,
  ['node_modules/@vscode/l10n-dev/dist/cli.js', 'export', '--outDir', outDir, 'src'],
  { encoding: 'utf8' },
);
if (result.status !== 0) {
  process.stderr.write(result.stdout + result.stderr);
  process.exit(1);
}
const strings = JSON.parse(readFileSync(path.join(outDir, path.basename(BUNDLE)), 'utf8'));
rmSync(outDir, { recursive: true, force: true });
// The export lists strings in the order it finds files, which is not ours to fix.
const sorted = Object.fromEntries(Object.entries(strings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const text = `${JSON.stringify(sorted, null, 2)}\n`;
let current = '';
try {
  current = readFileSync(BUNDLE, 'utf8');
} catch {
  // missing: written below
}
if (text !== current) {
  writeFileSync(BUNDLE, text);
  console.log(`wrote ${BUNDLE} (${Object.keys(sorted).length} strings)`);
}
