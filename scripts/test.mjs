// `npm test`: every layer of tests, then a summary.
//   1. compile src/ and test/ (tsc, strict: the typecheck), build the .vsix, and lint (ESLint, Prettier);
//   2. unit tests: node:test in plain Node against the fake TwelveLabs API, with the line and branch
//      coverage of src/core (c8, from Node's own coverage and the source maps);
//   3. tools for a real VS Code: Debian's chromium, libkrb5-dev and pkg-config (installed when
//      root, otherwise named), Node 24 and code-server in .vscode-test/ (installed once);
//   4. integration tests: mocha inside code-server's extension host (test/integration);
//   5. UI tests: Playwright clicks the real workbench (test/ui/smoke; test/ui/history: Delete All
//      Matching, the deletion history and Restore), and `npm run demo` serves it and stops cleanly
//      (test/ui/demo).
// A failing test layer does not stop the next one, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { ensureTools } from '../test/launch/ensureTools.mjs';
import { runIntegrationSuite } from '../test/launch/integration.mjs';

const PHASES = {
  compile: 'Compile (tsc, strict)',
  package: 'Package (.vsix)',
  lint: 'Lint (ESLint, Prettier)',
  unit: 'Unit tests',
  tools: 'Tools for a real VS Code',
  integration: 'Integration tests (extension host)',
  ui: 'UI tests (workbench, demo)',
};
const results = [];
const COVERAGE_DIR = 'out/coverage';

async function phase(name, work) {
  console.log(`\n== ${name}`);
  const started = Date.now();
  let outcome;
  try {
    outcome = await work();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    outcome = { ok: false };
  }
  const seconds = (Date.now() - started) / 1000;
  results.push({ name, seconds, ...outcome });
  console.log(`== ${name}: ${outcome.ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  return outcome.ok;
}

function run(command, args) {
  return spawnSync(command, args, { stdio: 'inherit' }).status === 0;
}

/** c8 around a command: the line and branch coverage of src/core, written to COVERAGE_DIR. */
function withCoverage(args) {
  return [
    'node_modules/c8/bin/c8.js',
    '--include=src/core/**',
    '--exclude-after-remap',
    '--reporter=text-summary',
    '--reporter=json-summary',
    `--report-dir=${COVERAGE_DIR}`,
    `--temp-directory=${COVERAGE_DIR}/tmp`,
    process.execPath,
    ...args,
  ];
}

/** node --test with a TAP copy of the results, for the counts. */
function nodeTests(files, tapFile, options = [], { coverage = false } = {}) {
  const args = [
    '--test',
    ...options,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ];
  const ok = run(process.execPath, coverage ? withCoverage(args) : args);
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  const skipped = count('skipped') + count('todo');
  return { ok: ok && skipped === 0, passed: count('pass'), failed: count('fail'), skipped, failures: failuresIn(tap) };
}

/**
 * Each failed test in a TAP report, with the first lines of its error: the summary repeats them, since a CI log
 * is often read from its end only. A suite that failed because its tests did adds nothing and is left out.
 */
function failuresIn(tap) {
  const lines = tap.split('\n');
  const failures = [];
  for (const [i, line] of lines.entries()) {
    const name = /^\s*not ok \d+ - (.*)$/.exec(line)?.[1];
    if (name === undefined) continue;
    const end = lines.findIndex((other, j) => j > i && /^\s*\.\.\.$/.test(other));
    const block = lines.slice(i + 1, end < 0 ? undefined : end);
    if (block.some((other) => other.includes("failureType: 'subtestsFailed'"))) continue;
    const at = block.findIndex((other) => /^\s*error: /.test(other));
    const [, indent = '', first = ''] = /^(\s*)error: (.*)$/.exec(block[at] ?? '') ?? [];
    const following = block.slice(at + 1);
    const blockEnd = following.findIndex((other) => !other.startsWith(`${indent} `)); // a |- text is indented more
    const said =
      first === '|-' ? following.slice(0, blockEnd < 0 ? undefined : blockEnd) : [first.replace(/^'|'$/g, '')];
    failures.push({
      name,
      error: said
        .map((other) => other.trim())
        .filter(Boolean)
        .slice(0, 4)
        .join(' / '),
    });
  }
  return failures;
}

/** "src/core: 97.2 % of lines, 94.5 % of branches", from c8's summary. */
function coverageLine() {
  const file = `${COVERAGE_DIR}/coverage-summary.json`;
  if (!existsSync(file)) return undefined;
  const { total } = JSON.parse(readFileSync(file, 'utf8'));
  return `src/core: ${total.lines.pct.toFixed(1)} % of lines, ${total.branches.pct.toFixed(1)} % of branches covered`;
}

/** Packages, which rewrites the generated files; says which it changed, and in CI fails for them. */
function packageAndCheckGenerated() {
  const GENERATED = ['README.md', 'l10n/bundle.l10n.json'];
  const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const before = GENERATED.map(read);
  const ok = run('npm', ['run', '--silent', 'package']);
  const changed = GENERATED.filter((file, i) => read(file) !== before[i]);
  if (changed.length === 0) return { ok };
  const note = `the build updated ${changed.join(' and ')}: commit ${changed.length > 1 ? 'them' : 'it'}`;
  // CI builds a commit: a generated file it left stale would be missing from the repository.
  return { ok: ok && !process.env.CI, note };
}

rmSync('out', { recursive: true, force: true });
const built =
  (await phase(PHASES.compile, () => ({
    ok: run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']),
  }))) && (await phase(PHASES.package, packageAndCheckGenerated));
// Lint problems do not stop the tests; they fail the run at the end.
await phase(PHASES.lint, () => ({ ok: run('npm', ['run', '--silent', 'lint']) }));

if (built) {
  const unitFiles = readdirSync('out/test/unit').filter((file) => file.endsWith('.test.js'));
  // The files mostly wait on sockets and timers, so they overlap well even on 2 cores.
  await phase(PHASES.unit, () => ({
    ...nodeTests(
      unitFiles.map((file) => `out/test/unit/${file}`),
      'out/unit-results.tap',
      ['--test-concurrency=4'],
      { coverage: true },
    ),
    note: coverageLine(),
  }));
  let tools;
  if (
    await phase(PHASES.tools, async () => ({
      ok: Boolean((tools = await ensureTools({ log: console.log }))),
    }))
  ) {
    await phase(PHASES.integration, () =>
      runIntegrationSuite({ tools, log: (message) => console.log(`[integration] ${message}`) }).then((result) => ({
        ...result,
        ok: result.exitCode === 0,
      })),
    );
    await phase(PHASES.ui, () =>
      nodeTests(
        ['test/ui/smoke.test.mjs', 'test/ui/history.test.mjs', 'test/ui/upload.test.mjs', 'test/ui/demo.test.mjs'],
        'out/ui-results.tap',
        ['--test-concurrency=1'],
      ),
    );
  }
}

console.log('\n== Summary');
// A phase that did not run (after a failed build or tools install) fails the run too.
for (const name of Object.values(PHASES)) {
  if (!results.some((result) => result.name === name)) results.push({ name, ok: false, notRun: true });
}
for (const { name, seconds, ok, notRun, passed, failed, skipped, note, failures = [] } of results) {
  const counts =
    passed === undefined ? '' : `  ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  const time = notRun ? '  not run' : `${seconds.toFixed(1).padStart(6)} s`;
  console.log(`${ok ? 'ok    ' : 'FAILED'}  ${name.padEnd(36)} ${time}${counts}`);
  if (note) console.log(`        ${note}`);
  for (const failure of failures) console.log(`        ✗ ${failure.name}\n          ${failure.error.slice(0, 400)}`);
}
const allOk = results.every((result) => result.ok);
console.log(allOk ? '\nAll tests passed.' : '\nSome tests FAILED (see above).');
process.exit(allOk ? 0 : 1);
