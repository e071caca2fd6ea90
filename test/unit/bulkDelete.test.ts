import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { RateLimit } from '../../src/core/api/rateLimit';
import { DeleteJob, ItemResult, Timing, runDeletes } from '../../src/core/bulkDelete';
import { accountWith, clientFor, startFake } from './support';

/** Resolves on a later turn of the event loop, like a real answer. */
const later = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A clock that only moves when someone sleeps: a sleep of `ms` moves it to at least its own end
 * and records the wait, so tests can assert what was waited for without waiting.
 */
function virtualTiming(start = Date.now()) {
  let now = start;
  const sleeps: number[] = [];
  const timing: Timing = {
    now: () => now,
    random: () => 0.5,
    sleep: async (ms, signal, wake) => {
      if (signal.aborted) throw new TwelveLabsError({ kind: 'cancelled', message: 'Cancelled.' });
      sleeps.push(ms);
      if (!Number.isFinite(ms)) {
        await wake;
        return;
      }
      const end = now + ms;
      // Let other workers run first: anything they start before the clock moves shows up.
      await later();
      await later();
      now = Math.max(now, end);
    },
  };
  return { timing, sleeps, advance: (ms: number) => (now += ms) };
}

const jobs = (n: number): DeleteJob[] =>
  Array.from({ length: n }, (_, i) => ({ indexId: 'a'.repeat(24), assetId: i.toString(16).padStart(24, '0') }));

const kinds = <T extends DeleteJob>(results: ItemResult<T>[]) => results.map((result) => result.outcome.kind);

const apiError = (kind: TwelveLabsError['kind'], extra: Partial<TwelveLabsError> = {}) =>
  new TwelveLabsError({ kind, message: `a ${kind} error`, ...extra });

describe('runDeletes', () => {
  test('never has more than `concurrency` deletes in flight, and deletes everything', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await runDeletes(
      jobs(25),
      async () => {
        most = Math.max(most, ++inFlight);
        await later();
        inFlight--;
        return undefined;
      },
      { concurrency: 4, timing: virtualTiming().timing },
    );
    assert.equal(most, 4);
    assert.deepEqual(new Set(kinds(results)), new Set(['deleted']));
    assert.equal(results.length, 25);
  });

  test('drops duplicate jobs, so an asset is sent at most once', async () => {
    const sent: string[] = [];
    const [first, second] = jobs(2);
    const results = await runDeletes(
      [first, second, { ...first }, second],
      (job) => {
        sent.push(job.assetId);
        return Promise.resolve(undefined);
      },
      {
        concurrency: 4,
        timing: virtualTiming().timing,
      },
    );
    assert.deepEqual(sent.sort(), [first.assetId, second.assetId].sort());
    assert.deepEqual(
      results.map((result) => result.job),
      [first, second],
    );
  });

  test('a 429 pauses every worker for its Retry-After, then the asset is retried', async () => {
    const clock = virtualTiming();
    const starts: { asset: string; at: number }[] = [];
    let limited = false;
    const results = await runDeletes(
      jobs(6),
      async (job) => {
        starts.push({ asset: job.assetId, at: clock.timing.now() });
        await later();
        if (!limited) {
          limited = true;
          throw apiError('rateLimited', { retryAfterMs: 2000 });
        }
        return undefined;
      },
      { concurrency: 3, timing: clock.timing },
    );
    assert.deepEqual(new Set(kinds(results)), new Set(['deleted']));
    const t0 = starts[0].at;
    // The first three started together; after the 429, nothing started before the pause ended.
    const afterPause = starts.slice(3);
    assert.ok(
      afterPause.every((start) => start.at >= t0 + 2000),
      JSON.stringify(starts.map((s) => s.at - t0)),
    );
    assert.equal(
      starts.filter((start) => start.asset === starts[0].asset).length,
      2,
      'the limited asset is sent again',
    );
  });

  test('a spent budget (X-Ratelimit-Remaining 0) makes every worker wait for the reset', async () => {
    const clock = virtualTiming();
    const resetAtMs = clock.timing.now() + 3000;
    const starts: number[] = [];
    let calls = 0;
    await runDeletes(
      jobs(5),
      async (): Promise<RateLimit> => {
        starts.push(clock.timing.now());
        calls++;
        await later();
        return calls === 1 ? { remaining: 0, resetAtMs } : { remaining: 100, resetAtMs: resetAtMs + 1000 };
      },
      { concurrency: 1, timing: clock.timing },
    );
    assert.equal(starts[1], resetAtMs, 'the second delete waits exactly until the reset');
    assert.ok(
      starts.slice(2).every((at) => at === resetAtMs),
      'then the new budget is used without waiting',
    );
  });

  test('counts requests in flight against the budget, so it does not overspend it', async () => {
    const clock = virtualTiming();
    let remaining = 4;
    let overspent = 0;
    let answered = 0;
    await runDeletes(
      jobs(12),
      async (): Promise<RateLimit> => {
        await later(); // the server counts a request when it arrives, after some time in flight
        if (remaining <= 0) overspent++;
        remaining--;
        answered++;
        // The server refills 4 every second; the clock moves only while someone waits.
        const resetAtMs = Math.floor(clock.timing.now() / 1000) * 1000 + 1000;
        return { remaining: Math.max(0, remaining), resetAtMs };
      },
      {
        concurrency: 4,
        timing: {
          ...clock.timing,
          sleep: async (ms, signal, wake) => {
            await clock.timing.sleep(ms, signal, wake);
            if (Number.isFinite(ms)) remaining = 4; // a new window
          },
        },
      },
    );
    assert.equal(answered, 12);
    assert.equal(overspent, 0);
  });

  test('Cancel stops new deletes at once; the ones in flight finish and are reported', async () => {
    const cancel = new AbortController();
    const sent: string[] = [];
    const settled: string[] = [];
    const results = await runDeletes(
      jobs(20),
      async (job) => {
        sent.push(job.assetId);
        if (sent.length === 5) cancel.abort();
        await later();
        return undefined;
      },
      {
        concurrency: 3,
        signal: cancel.signal,
        timing: virtualTiming().timing,
        onSettled: (r) => settled.push(r.outcome.kind),
      },
    );
    assert.equal(sent.length, 5, 'nothing is sent after Cancel');
    assert.equal(kinds(results).filter((kind) => kind === 'deleted').length, 5, 'the five sent are reported deleted');
    assert.equal(kinds(results).filter((kind) => kind === 'cancelled').length, 15);
    assert.equal(settled.length, 20, 'every item is reported as it settles');
  });

  test('Cancel while waiting to retry reports the asset as cancelled', async () => {
    const cancel = new AbortController();
    const results = await runDeletes(
      jobs(1),
      () => {
        cancel.abort();
        return Promise.reject(apiError('server', { status: 503 }));
      },
      { concurrency: 1, signal: cancel.signal, timing: virtualTiming().timing },
    );
    assert.deepEqual(results[0].outcome, { kind: 'cancelled', attempts: 1 });
  });

  test('not found on the first attempt is "already gone"; on a retry it is "deleted"', async () => {
    const [gone, retried] = jobs(2);
    let retriedCalls = 0;
    const results = await runDeletes(
      [gone, retried],
      (job) => {
        if (job === gone) return Promise.reject(apiError('notFound'));
        if (++retriedCalls === 1) return Promise.reject(apiError('network')); // the first DELETE may have got through
        return Promise.reject(apiError('notFound'));
      },
      { concurrency: 1, timing: virtualTiming().timing },
    );
    assert.deepEqual(
      results.map((result) => result.outcome),
      [
        { kind: 'alreadyGone', attempts: 1 },
        { kind: 'deleted', attempts: 2 },
      ],
    );
  });

  test('retries 502, 503, 504, timeouts and resets with growing backoff, and gives up after the cap', async () => {
    for (const error of [
      apiError('server', { status: 502 }),
      apiError('server', { status: 503 }),
      apiError('server', { status: 504 }),
      apiError('timeout'),
      apiError('network'),
    ]) {
      const clock = virtualTiming();
      let calls = 0;
      const [result] = await runDeletes(
        jobs(1),
        () => {
          calls++;
          return Promise.reject(error);
        },
        { concurrency: 1, maxAttempts: 4, baseDelayMs: 100, timing: clock.timing },
      );
      assert.equal(calls, 4, `${error.kind} ${error.status ?? ''} is tried 4 times`);
      assert.deepEqual(clock.sleeps, [75, 150, 300], 'exponential backoff with jitter (random 0.5)');
      assert.equal(result.outcome.kind, 'failed');
      assert.match(result.outcome.error.message, /gave up after 4 attempts/);
    }
  });

  test('a 429 that says when to come back does not use up the attempts; one that does not say, does', async () => {
    let calls = 0;
    const [paced] = await runDeletes(
      jobs(1),
      () => {
        if (++calls <= 8) return Promise.reject(apiError('rateLimited', { retryAfterMs: 1000 }));
        return Promise.resolve(undefined);
      },
      { concurrency: 1, maxAttempts: 3, timing: virtualTiming().timing },
    );
    assert.deepEqual(paced.outcome, { kind: 'deleted', attempts: 9 });

    calls = 0;
    const [blind] = await runDeletes(
      jobs(1),
      () => {
        calls++;
        return Promise.reject(apiError('rateLimited'));
      },
      { concurrency: 1, maxAttempts: 3, timing: virtualTiming().timing },
    );
    assert.equal(blind.outcome.kind, 'failed');
    assert.equal(calls, 3);
  });

  test('does not retry a 500 or a bad request', async () => {
    for (const error of [apiError('server', { status: 500 }), apiError('badRequest', { status: 400 })]) {
      let calls = 0;
      const [result] = await runDeletes(
        jobs(1),
        () => {
          calls++;
          return Promise.reject(error);
        },
        {
          concurrency: 1,
          timing: virtualTiming().timing,
        },
      );
      assert.equal(calls, 1);
      assert.deepEqual(result.outcome, { kind: 'failed', error, attempts: 1 });
    }
  });

  test('gives up when the next wait would pass the cap on total time', async () => {
    const [result] = await runDeletes(
      jobs(1),
      () => Promise.reject(apiError('rateLimited', { retryAfterMs: 120_000 })),
      { concurrency: 1, maxTotalMs: 60_000, timing: virtualTiming().timing },
    );
    assert.equal(result.outcome.kind, 'failed');
    assert.equal(result.outcome.attempts, 1);
  });

  test('a rejected key stops the operation: the rest are not sent', async () => {
    let calls = 0;
    const results = await runDeletes(
      jobs(10),
      async () => {
        calls++;
        await later();
        throw apiError('invalidKey', { status: 401 });
      },
      { concurrency: 2, timing: virtualTiming().timing },
    );
    assert.equal(calls, 2, 'only the two already started');
    assert.deepEqual(new Set(kinds(results)), new Set(['failed']));
    assert.ok(
      results.every((result) => result.outcome.kind === 'failed' && result.outcome.error.kind === 'invalidKey'),
    );
  });
});

describe('runDeletes against the fake API', () => {
  test('sends exactly the confirmed IDs, each once, with the key', async () => {
    const fake = await startFake({ account: accountWith({ Bulk: 30, Other: 5 }) });
    const client = clientFor(fake);
    const bulk = fake.account.indexes.find((index) => index.index_name === 'Bulk');
    assert.ok(bulk);
    const confirmed = fake.account.assets
      .filter((asset) => asset.index_id === bulk._id)
      .slice(0, 20)
      .map((asset) => ({ indexId: asset.index_id, assetId: asset._id }));
    const results = await runDeletes(confirmed, (job) => client.deleteIndexedAsset(job.indexId, job.assetId), {
      concurrency: 8,
    });

    assert.deepEqual(new Set(kinds(results)), new Set(['deleted']));
    const sent = fake.requestsMatching('DELETE').map((request) => request.path);
    assert.deepEqual(
      sent.sort(),
      confirmed.map((job) => `/indexes/${job.indexId}/indexed-assets/${job.assetId}`).sort(),
    );
    assert.ok(fake.requestsMatching('DELETE').every((request) => request.apiKey === fake.apiKey));
    assert.equal(fake.account.assets.length, 35 - 20);
  });

  test('through the real client: a 404 web page counts as failed, a resource_not_exist as already gone', async () => {
    const fake = await startFake({ account: accountWith({ Bulk: 3 }) });
    const client = clientFor(fake);
    const [page, gone, fine] = fake.account.assets.map((asset) => ({ indexId: asset.index_id, assetId: asset._id }));
    const path = (job: DeleteJob) => `/indexes/${job.indexId}/indexed-assets/${job.assetId}`;
    fake.inject({ method: 'DELETE', path: path(page), status: 404, body: '<html><h1>Not Found</h1></html>' });
    fake.account.assets.splice(1, 1); // deleted elsewhere: the fake answers 400 resource_not_exist
    const results = await runDeletes([page, gone, fine], (job) => client.deleteIndexedAsset(job.indexId, job.assetId), {
      concurrency: 1,
    });
    assert.deepEqual(kinds(results), ['failed', 'alreadyGone', 'deleted']);
    assert.equal(fake.requestsMatching('DELETE', path(page)).length, 1, 'a 404 page is not retried');
    assert.ok(
      fake.account.assets.some((asset) => asset._id === page.assetId),
      'and the asset is still there',
    );
  });

  test('waits for Retry-After in seconds and as an HTTP date', async () => {
    const fake = await startFake({ account: accountWith({ Bulk: 2 }) });
    const client = clientFor(fake);
    const [first, second] = fake.account.assets.map((asset) => ({ indexId: asset.index_id, assetId: asset._id }));
    fake.inject({
      method: 'DELETE',
      path: `/indexes/${first.indexId}/indexed-assets/${first.assetId}`,
      times: 1,
      status: 429,
      headers: { 'retry-after': '7' },
    });
    const date = new Date(Date.now() + 30_000).toUTCString();
    fake.inject({
      method: 'DELETE',
      path: `/indexes/${second.indexId}/indexed-assets/${second.assetId}`,
      times: 1,
      status: 429,
      headers: { 'retry-after': date },
    });

    for (const [job, low, high] of [
      [first, 7000, 7000],
      [second, 28_000, 30_000],
    ] as const) {
      const clock = virtualTiming();
      const [result] = await runDeletes([job], (j) => client.deleteIndexedAsset(j.indexId, j.assetId), {
        concurrency: 1,
        timing: clock.timing,
      });
      assert.equal(result.outcome.kind, 'deleted');
      assert.equal(clock.sleeps.length, 1);
      assert.ok(clock.sleeps[0] >= low && clock.sleeps[0] <= high, `waited ${clock.sleeps[0]} ms`);
    }
  });

  test('reads X-Ratelimit-Remaining and X-Ratelimit-Reset from successful answers', async () => {
    const fake = await startFake({ account: accountWith({ Bulk: 3 }) });
    const client = clientFor(fake);
    const resetEpochSeconds = Math.ceil(Date.now() / 1000) + 5;
    fake.inject({
      method: 'DELETE',
      times: 1,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetEpochSeconds) },
    });
    const clock = virtualTiming();
    const results = await runDeletes(
      fake.account.assets.map((asset) => ({ indexId: asset.index_id, assetId: asset._id })),
      (job) => client.deleteIndexedAsset(job.indexId, job.assetId),
      { concurrency: 1, timing: clock.timing },
    );
    assert.deepEqual(kinds(results), ['deleted', 'deleted', 'deleted']);
    assert.equal(clock.sleeps.length, 1);
    assert.equal(clock.timing.now(), resetEpochSeconds * 1000, 'the wait ends at the reset');
  });

  test('sixteen workers waiting on one Cancel signal are no listener leak: Node prints no warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(`${warning.name}: ${warning.message}`);
    };
    process.on('warning', onWarning);
    try {
      const fake = await startFake({ account: accountWith({ Bulk: 40 }), latencyMs: 20 });
      const client = clientFor(fake);
      const cancel = new AbortController();
      const results = await runDeletes(
        fake.account.assets.map((asset) => ({ indexId: asset.index_id, assetId: asset._id })),
        (job) => client.deleteIndexedAsset(job.indexId, job.assetId, cancel.signal),
        { concurrency: 16, signal: cancel.signal },
      );
      assert.deepEqual(new Set(kinds(results)), new Set(['deleted']));
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });

  test('under a real rate limit lower than the concurrency, every asset is deleted with no 429', async () => {
    const fake = await startFake({ account: accountWith({ Bulk: 12 }), rateLimit: { requests: 5, windowSeconds: 1 } });
    const client = clientFor(fake);
    const results = await runDeletes(
      fake.account.assets.map((asset) => ({ indexId: asset.index_id, assetId: asset._id })),
      (job) => client.deleteIndexedAsset(job.indexId, job.assetId),
      { concurrency: 8 },
    );
    assert.deepEqual(new Set(kinds(results)), new Set(['deleted']));
    assert.equal(fake.rateLimited, 0, 'the first request goes alone, then the budget from the headers is followed');
    assert.equal(fake.requestsMatching('DELETE').length, 12);
    assert.equal(fake.account.assets.length, 0);
  });
});
