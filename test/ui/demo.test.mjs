// `npm run demo`, run through npm as the README says: it prints a URL that answers, and a signal
// to npm (SIGTERM as from `timeout` or a closed terminal, SIGINT, SIGHUP) leaves none of its
// processes running. Needs the tools that `npm test` installs before this layer.
//
//   node --test test/ui/demo.test.mjs

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../launch/ensureTools.mjs';

const READY_WAIT_MS = 180_000;
const GONE_WAIT_MS = 20_000;

function within(ms, promise, what) {
  let timer;
  const late = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Processes whose environment carries `marker`: everything the demo started, at any depth. */
function processesMarked(marker) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker)) {
        found.push(`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 160)}`);
      }
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'refused';
  }
}

/** Starts `npm run demo` and resolves with its URLs once it says it is running. */
function startDemo(marker) {
  const npm = spawn('npm', ['run', 'demo'], {
    cwd: REPO_ROOT,
    env: { ...process.env, [marker.split('=')[0]]: marker.split('=')[1] },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${READY_WAIT_MS} ms:\n${output}`)), READY_WAIT_MS);
    const read = (data) => {
      output += data;
      const open = /^\s*Open\s+(http:\/\/\S+)/m.exec(output);
      const fake = /^\s*Fake API\s+(http:\/\/\S+)/m.exec(output);
      if (open && fake) {
        clearTimeout(timer);
        resolve({ url: open[1], fakeUrl: `${fake[1]}/indexes` });
      }
    };
    npm.stdout.on('data', read);
    npm.stderr.on('data', read);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`npm run demo exited (${signal ?? code}) before printing its URL:\n${output}`));
    });
  });
  return { npm, ready, exited, output: () => output };
}

describe('npm run demo', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    it(`serves the workbench, and a ${signal} to npm leaves nothing running`, { timeout: 240_000 }, async () => {
      const marker = `TWELVELABS_DEMO_TEST=${randomUUID()}`;
      const demo = startDemo(marker);
      try {
        const { url, fakeUrl } = await demo.ready;
        assert.equal(await answers(url), 200, `the workbench at ${url}`);
        assert.equal(await answers(fakeUrl), 401, 'the fake API, asked without a key');
        assert.ok(processesMarked(marker).length >= 2, 'the demo and its code-server are running');

        process.kill(demo.npm.pid, signal);
        await within(GONE_WAIT_MS, demo.exited, `npm did not exit after ${signal}`);
        const deadline = Date.now() + GONE_WAIT_MS;
        let left = processesMarked(marker);
        while (left.length > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          left = processesMarked(marker);
        }
        assert.deepEqual(left, [], `still running ${GONE_WAIT_MS} ms after npm exited:\n${demo.output()}`);
        assert.equal(await answers(url), 'refused', 'code-server is gone');
        assert.equal(await answers(fakeUrl), 'refused', 'the fake API is gone');
      } finally {
        for (const line of processesMarked(marker)) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      }
    });
  }
});
