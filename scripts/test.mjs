// `npm test`: every layer of tests, then a summary.
//   1. compile src/ and test/ (tsc, strict: the typecheck), build the .vsix, and lint (ESLint, Prettier);
//   2. unit tests: node:test in plain Node against the fake TwelveLabs API;
//   3. tools for a real VS Code: Debian's chromium, libkrb5-dev and pkg-config (installed when
//      root, otherwise named), Node 24 and code-server in .vscode-test/ (installed once);
//   4. integration tests: mocha inside code-server's extension host (test/integration);
//   5. UI tests: Playwright clicks the real workbench (test/ui/smoke), and `npm run demo` serves it
//      and stops cleanly (test/ui/demo).
// A failing test layer does not stop the next one, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { ensureTools } from '../test/launch/ensureTools.mjs';
import { runIntegrationSuite } from '../test/launch/integration.mjs';

const results = [];

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

/** node --test with a TAP copy of the results, for the counts. */
function nodeTests(files, tapFile, options = []) {
  const ok = run(process.execPath, [
    '--test',
    ...options,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ]);
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  const skipped = count('skipped') + count('todo');
  return { ok: ok && skipped === 0, passed: count('pass'), failed: count('fail'), skipped };
}

rmSync('out', { recursive: true, force: true });
const built =
  (await phase('Compile (tsc, strict)', () => ({
    ok: run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']),
  }))) && (await phase('Package (.vsix)', () => ({ ok: run('npm', ['run', '--silent', 'package']) })));
// Lint problems do not stop the tests; they fail the run at the end.
await phase('Lint (ESLint, Prettier)', () => ({ ok: run('npm', ['run', '--silent', 'lint']) }));

if (built) {
  const unitFiles = readdirSync('out/test/unit').filter((file) => file.endsWith('.test.js'));
  // The files mostly wait on sockets and timers, so they overlap well even on 2 cores.
  await phase('Unit tests', () =>
    nodeTests(
      unitFiles.map((file) => `out/test/unit/${file}`),
      'out/unit-results.tap',
      ['--test-concurrency=4'],
    ),
  );
  let tools;
  if (
    await phase('Tools for a real VS Code', async () => ({
      ok: Boolean((tools = await ensureTools({ log: console.log }))),
    }))
  ) {
    await phase('Integration tests (extension host)', () =>
      runIntegrationSuite({ tools, log: (message) => console.log(`[integration] ${message}`) }).then((result) => ({
        ...result,
        ok: result.exitCode === 0,
      })),
    );
    await phase('UI tests (workbench, demo)', () =>
      nodeTests(['test/ui/smoke.test.mjs', 'test/ui/demo.test.mjs'], 'out/ui-results.tap', ['--test-concurrency=1']),
    );
  }
}

console.log('\n== Summary');
for (const { name, seconds, ok, passed, failed, skipped } of results) {
  const counts =
    passed === undefined ? '' : `  ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  console.log(`${ok ? 'ok    ' : 'FAILED'}  ${name.padEnd(36)} ${seconds.toFixed(1).padStart(6)} s${counts}`);
}
// Every phase must have run: a failed tools install skips the last two layers.
const allOk = results.length === 7 && results.every((result) => result.ok);
console.log(allOk ? '\nAll tests passed.' : '\nSome tests FAILED (see above).');
process.exit(allOk ? 0 : 1);
