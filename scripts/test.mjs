// `npm test`: type-checks and compiles src/ and test/ into out/, then runs the unit tests
// (node:test, in plain Node against the fake TwelveLabs API on 127.0.0.1).
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';

function run(title, command, args) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n${title} failed after ${seconds} s.`);
    process.exit(result.status ?? 1);
  }
  console.log(`== ${title}: ok in ${seconds} s`);
}

rmSync('out', { recursive: true, force: true });
run('Compile (tsc, strict)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
const unitTests = readdirSync('out/test/unit')
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => `out/test/unit/${file}`);
run('Unit tests (node:test)', process.execPath, ['--test', '--test-reporter=spec', ...unitTests]);
