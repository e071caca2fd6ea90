// scripts/readme.mjs, which `npm run package` runs, on scratch copies of the files it reads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO_ROOT } from '../support/manifest';
import type { Manifest } from '../support/manifestTypes';

const scratch: string[] = [];
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Copies package.json, package.nls.json and README.md, applies the edits, and runs the script there. */
function runOn(edit: { pkg?: (pkg: Manifest) => void; nls?: (nls: Record<string, string>) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'readme-test-'));
  scratch.push(dir);
  for (const file of ['package.json', 'package.nls.json', 'README.md'])
    copyFileSync(join(REPO_ROOT, file), join(dir, file));
  for (const [file, change] of [
    ['package.json', edit.pkg],
    ['package.nls.json', edit.nls],
  ] as const) {
    const json: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    (change as ((json: unknown) => void) | undefined)?.(json);
    writeFileSync(join(dir, file), JSON.stringify(json, null, 2));
  }
  const before = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'readme.mjs'), '--root', dir], {
    encoding: 'utf8',
  });
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  return { status: run.status, stderr: run.stderr, readme, changed: readme !== before };
}

const newCommand = (pkg: Manifest) => {
  pkg.contributes.commands.push({ command: 'twelvelabs.somethingNew', title: 'Something New', category: 'TwelveLabs' });
};

describe("README's Commands and Settings tables", () => {
  test('follow a new title and a new default, and nothing else', () => {
    const retitled = runOn({ nls: (nls) => (nls['command.showLog.title'] = 'Show the Log') });
    assert.equal(retitled.status, 0, retitled.stderr);
    assert.match(retitled.readme, /\| \*\*TwelveLabs: Show the Log\*\* \|/);
    const redefaulted = runOn({
      pkg: (pkg) => ((pkg.contributes.configuration.properties['twelvelabs.pageSize'] ?? {}).default = 25),
    });
    assert.match(redefaulted.readme, /\| `twelvelabs\.pageSize` \| [^|]+ \| `25` \|/);
    assert.equal(runOn({}).changed, false, 'the committed README is current');
  });

  const refused: [string, Parameters<typeof runOn>[0], RegExp][] = [
    [
      'a command users can run, without a description',
      { pkg: newCommand },
      /twelvelabs\.somethingNew .*add command\.somethingNew\.readme/,
    ],
    [
      'a description of a command not contributed',
      { nls: (nls) => (nls['command.gone.readme'] = 'Gone.') },
      /twelvelabs\.gone .*does not contribute/,
    ],
    [
      'a description of an internal command',
      { nls: (nls) => (nls['command.loadMore.readme'] = 'Loads.') },
      /twelvelabs\.loadMore is in no menu/,
    ],
  ];
  for (const [name, edit, message] of refused) {
    test(`refuse ${name}, and write nothing`, () => {
      const run = runOn(edit);
      assert.equal(run.status, 1);
      assert.match(run.stderr, message);
      assert.equal(run.changed, false);
    });
  }
});
