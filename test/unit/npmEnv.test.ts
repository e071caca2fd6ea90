// The code-server install runs a nested npm under Node 24 from inside `npm test` or `npm run demo`,
// whose npm may run on another Node. The nested npm must describe its own Node (#12).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from '../support/manifest';

type Env = Record<string, string | undefined>;
interface NpmEnv {
  withoutParentNpm: (env: Env) => Record<string, string>;
  codeServerInstallEnv: (parentEnv: Env, nodeDir: string) => Record<string, string>;
}
const { withoutParentNpm, codeServerInstallEnv } = createRequire(__filename)(
  join(REPO_ROOT, 'test', 'launch', 'npmEnv.mjs'),
) as NpmEnv;

const PARENT_NODE = 'v20.0.0-parent';

/** What `npm run` on Node 20 exports to its scripts, as seen on this machine with npm 11. */
const PARENT_NPM: Env = {
  npm_config_user_agent: `npm/11.19.1 node/${PARENT_NODE} linux x64 workspaces/false`,
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_nodedir: '/usr',
  npm_config_npm_version: '11.19.1',
  npm_config_global_prefix: '/usr',
  npm_config_local_prefix: REPO_ROOT,
  npm_config_registry: 'https://registry.example.test/',
  NPM_CONFIG_USER_AGENT: `npm/11.19.1 node/${PARENT_NODE}`,
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  NODE: '/usr/bin/node',
  INIT_CWD: REPO_ROOT,
  npm_lifecycle_event: 'demo',
  npm_package_name: 'twelvelabs-explorer',
};
const parentLikeEnv = (): Env => ({ ...process.env, ...PARENT_NPM });

const scratch = mkdtempSync(join(tmpdir(), 'npm-env-test-'));
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

test('the parent npm’s own state is dropped; where to download from and everything else stay', () => {
  const env = withoutParentNpm(parentLikeEnv());
  for (const name of Object.keys(PARENT_NPM)) {
    assert.equal(env[name], name === 'npm_config_registry' ? 'https://registry.example.test/' : undefined, name);
  }
  assert.equal(env.PATH, process.env.PATH);
  assert.equal(env.HOME, process.env.HOME);
});

test('a real nested npm, started with the install environment from a Node 20 parent, reports its own Node', () => {
  // A stand-in for .vscode-test/node24: its bin/node is the Node running this test, so the nested
  // npm should say node/<this Node's version>, never the parent's.
  const nodeDir = join(scratch, 'node');
  mkdirSync(join(nodeDir, 'bin'), { recursive: true });
  symlinkSync(process.execPath, join(nodeDir, 'bin', 'node'));
  const project = join(scratch, 'project');
  mkdirSync(project);
  // What code-server's postinstall.sh reads to decide which Node it runs on.
  const script = 'node -e "process.stdout.write(process.env.npm_config_user_agent + \'\\n\' + process.version)"';
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'nested', version: '1.0.0', scripts: { postinstall: script } }),
  );
  const env = codeServerInstallEnv(parentLikeEnv(), nodeDir);
  assert.equal(env.PATH, `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}`, 'Node 24 comes first');
  assert.equal(env.npm_config_nodedir, nodeDir, 'native modules build against Node 24’s headers');
  const nested = spawnSync('npm', ['run', '--silent', 'postinstall'], { cwd: project, env, encoding: 'utf8' });
  assert.equal(nested.status, 0, nested.stderr);
  const [userAgent, nodeVersion] = nested.stdout.trim().split('\n');
  assert.equal(nodeVersion, process.version);
  assert.match(userAgent, new RegExp(` node/${process.version.replace(/\./g, '\\.')} `));
  assert.doesNotMatch(userAgent, new RegExp(PARENT_NODE));
});
