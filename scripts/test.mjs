// `npm test`: type-checks and compiles src/ and test/ into out/, builds the .vsix, then runs
// the unit tests (node:test, in plain Node against the fake TwelveLabs API on 127.0.0.1), and
// ends with a one-line summary.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';

function run(title, command, args) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`== ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds} s`);
  return result.status === 0;
}

rmSync('out', { recursive: true, force: true });
if (!run('Compile (tsc, strict)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'])) {
  process.exit(1);
}

if (!run('Package (.vsix)', 'npm', ['run', '--silent', 'package'])) {
  process.exit(1);
}

const unitTests = readdirSync('out/test/unit')
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => `out/test/unit/${file}`);
const tap = 'out/unit-results.tap';
const passed = run('Unit tests (node:test)', process.execPath, [
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  ...unitTests,
]);

const totals = readFileSync(tap, 'utf8');
const count = (name) => Number(totals.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
console.log(`\nunit: ${count('pass')} passed, ${count('fail')} failed`);
process.exit(passed ? 0 : 1);
