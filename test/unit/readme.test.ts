import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO_ROOT } from '../support/manifest';

const SCRIPT = join(REPO_ROOT, 'scripts', 'readme.mjs');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function readme(...args: string[]): Run {
  const { status, stdout, stderr } = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { status, stdout, stderr };
}

/**
 * A scratch copy of the three files the script reads, with the tables freshly written (whether or
 * not the repository's README is up to date), to make stale on purpose.
 */
function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-test-'));
  for (const file of ['package.json', 'package.nls.json', 'README.md']) {
    copyFileSync(join(REPO_ROOT, file), join(dir, file));
  }
  const written = readme('--root', dir);
  assert.equal(written.status, 0, written.stderr);
  return dir;
}

function editJson(path: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

void describe("README's Commands and Settings tables", () => {
  const scratch: string[] = [];
  after(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  void test('match package.json and package.nls.json (run `npm run readme` to regenerate them)', () => {
    const run = readme('--check');
    assert.equal(run.status, 0, run.stderr);
  });

  void test('the check fails when a title changes, and passes once the tables are rewritten', () => {
    const dir = scratchCopy();
    scratch.push(dir);
    editJson(join(dir, 'package.nls.json'), (nls) => {
      nls['command.showLog.title'] = 'Show the Log';
    });

    const stale = readme('--check', '--root', dir);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /README\.md is stale/);
    assert.match(stale.stderr, /npm run readme/);
    assert.match(stale.stderr, /expected: .*TwelveLabs: Show the Log/);

    assert.equal(readme('--root', dir).status, 0);
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /\| \*\*TwelveLabs: Show the Log\*\* \|/);
    const fresh = readme('--check', '--root', dir);
    assert.equal(fresh.status, 0, fresh.stderr);
  });

  void test('a setting whose default changes makes the README stale', () => {
    const dir = scratchCopy();
    scratch.push(dir);
    editJson(join(dir, 'package.json'), (pkg) => {
      const contributes = pkg.contributes as { configuration: { properties: Record<string, { default?: unknown }> } };
      contributes.configuration.properties['twelvelabs.pageSize'].default = 25;
    });
    const stale = readme('--check', '--root', dir);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /README\.md is stale/);
  });

  void test('a contributed command without a description fails loudly, in both modes', () => {
    const dir = scratchCopy();
    scratch.push(dir);
    editJson(join(dir, 'package.json'), (pkg) => {
      const contributes = pkg.contributes as { commands: { command: string; title: string; category?: string }[] };
      contributes.commands.push({ command: 'twelvelabs.somethingNew', title: 'Something New', category: 'TwelveLabs' });
    });
    const before = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const args of [['--check'], []]) {
      const run = readme(...args, '--root', dir);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /twelvelabs\.somethingNew .*has no description/);
    }
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), before);
  });
});
