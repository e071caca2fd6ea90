// `npm run package`: writes the generated files (the README's Commands and Settings tables, and
// l10n/bundle.l10n.json), then builds dist/extension.js (minified, through vsce's
// `vscode:prepublish`) and twelvelabs-explorer.vsix.
//
// The project has no public repository yet, so there is no address to resolve the README's
// relative screenshot links against, and vsce refuses to package them: the packaged README leaves
// out the part between the `<!-- screenshots -->` markers. For the same reason vsce is told the
// repository is missing; no URL is invented. Once there is a real home, add `repository` to
// package.json and drop both.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const MARKETPLACE_README = 'out/package/README.md';

// They ship in the package, so they follow the code before it is packaged.
for (const generator of ['scripts/readme.mjs', 'scripts/l10n.mjs']) {
  const { status } = spawnSync(process.execPath, [generator], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

const readme = readFileSync('README.md', 'utf8').replace(/<!-- screenshots -->[\s\S]*?<!-- \/screenshots -->\n*/g, '');
mkdirSync('out/package', { recursive: true });
writeFileSync(MARKETPLACE_README, readme);
// vsce writes its warnings to stderr; a warning fails the build, so the package stays clean.
const vsce = spawnSync(
  process.execPath,
  [
    'node_modules/@vscode/vsce/vsce',
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--readme-path',
    MARKETPLACE_README,
    '--out',
    'twelvelabs-explorer.vsix',
  ],
  { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' },
);
process.stderr.write(vsce.stderr);
if (vsce.status !== 0) {
  process.exit(vsce.status ?? 1);
}
if (/WARNING/.test(vsce.stderr)) {
  console.error('vsce warned while packaging (see above): fix the warning rather than allow it.');
  process.exit(1);
}
