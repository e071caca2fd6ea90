// `npm run demo`, run through npm as the README says: it prints a URL that answers, and a signal
// to npm (SIGTERM as from `timeout` or a closed terminal, SIGINT, SIGHUP) leaves none of its
// processes running. Needs the tools that `npm test` installs before this layer.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../launch/ensureTools.mjs';

const READY_WAIT_MS = 180_000;
const GONE_WAIT_MS = 20_000;

/** Processes whose environment has `name=value`: everything the demo started, at any depth. */
function processesMarked(name, value) {
  return fs.readdirSync('/proc').flatMap((pid) => {
    try {
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${name}=${value}`)) return [];
      return [`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 160)}`];
    } catch {
      return []; // not a process, gone meanwhile, or not ours to read
    }
  });
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

describe('npm run demo', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    it(`serves the workbench, and a ${signal} to npm leaves nothing running`, { timeout: 240_000 }, async () => {
      const marker = ['TWELVELABS_DEMO_TEST', randomUUID()];
      const env = { ...process.env, [marker[0]]: marker[1] };
      const npm = spawn('npm', ['run', 'demo'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const exited = new Promise((resolve) => npm.once('exit', (code, sig) => resolve(sig ?? code)));
      const urls = new Promise((resolve) => {
        const read = (data) => {
          output += data;
          const open = /^\s*Open\s+(http:\/\/\S+)/m.exec(output)?.[1];
          const fake = /^\s*Fake API\s+(http:\/\/\S+)/m.exec(output)?.[1];
          if (open && fake) resolve({ url: open, fakeUrl: `${fake}/indexes` });
        };
        for (const stream of [npm.stdout, npm.stderr]) stream.on('data', read);
      });
      const within = (ms, promise, what) =>
        Promise.race([
          promise,
          sleep(ms, null, { ref: false }).then(() => Promise.reject(new Error(`${what}:\n${output}`))),
        ]);
      try {
        const early = (how) => Promise.reject(new Error(`npm run demo exited (${how}) before its URL:\n${output}`));
        const started = exited.then(early);
        const { url, fakeUrl } = await within(READY_WAIT_MS, Promise.race([urls, started]), 'no URL in time');
        assert.equal(await answers(url), 200, `the workbench at ${url}`);
        assert.equal(await answers(fakeUrl), 401, 'the fake API, asked without a key');
        assert.ok(processesMarked(...marker).length >= 2, 'the demo and its code-server are running');

        process.kill(npm.pid, signal);
        await within(GONE_WAIT_MS, exited, `npm did not exit after ${signal}`);
        const deadline = Date.now() + GONE_WAIT_MS;
        while (processesMarked(...marker).length > 0 && Date.now() < deadline) await sleep(250);
        assert.deepEqual(processesMarked(...marker), [], `still running ${GONE_WAIT_MS} ms after npm:\n${output}`);
        assert.equal(await answers(url), 'refused', 'code-server is gone');
        assert.equal(await answers(fakeUrl), 'refused', 'the fake API is gone');
      } finally {
        for (const line of processesMarked(...marker)) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      }
    });
  }
});
