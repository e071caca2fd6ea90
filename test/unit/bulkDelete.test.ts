import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { RateLimit } from '../../src/core/api/rateLimit';
import { DeleteJob, RunOptions, Timing, runDeletes } from '../../src/core/bulkDelete';
import { JobSource } from '../../src/core/jobSource';
import { FakeTwelveLabsApi } from '../fake-api/server';
import { accountWith, clientFor, startFake } from './support';

/** Resolves on a later turn of the event loop, like a real answer. */
const later = () => new Promise((resolve) => setImmediate(resolve));

/** A clock that moves only when someone sleeps, to at least the sleep's end; it records each wait. */
function virtualTiming() {
  let now = Date.now();
  const sleeps: number[] = [];
  const timing: Timing = {
    now: () => now,
    random: () => 0.5,
    sleep: async (ms, signal, wake) => {
      if (signal.aborted) throw new TwelveLabsError({ kind: 'cancelled', message: 'Cancelled.' });
      sleeps.push(ms);
      if (!Number.isFinite(ms)) return wake;
      const end = now + ms;
      // Let other workers run first: anything they start before the clock moves shows up.
      await later();
      await later();
      now = Math.max(now, end);
    },
  };
  return { timing, sleeps };
}

const jobs = (n: number): DeleteJob[] =>
  Array.from({ length: n }, (_, i) => ({ indexId: 'a'.repeat(24), assetId: i.toString(16).padStart(24, '0') }));

const apiError = (kind: TwelveLabsError['kind'], extra: Partial<TwelveLabsError> = {}) =>
  new TwelveLabsError({ kind, message: `a ${kind} error`, ...extra });

/** What a delete answers: an error to throw, or the budget the answer reported, if any. */
type Answer = TwelveLabsError | RateLimit | undefined;

/** runDeletes with a virtual clock, one worker unless told; `answer(n)` answers the n-th send, a turn later. */
async function run(
  answer: (call: number) => Answer | Promise<Answer>,
  {
    jobs: given = 1,
    clock = virtualTiming(),
    ...options
  }: Partial<RunOptions<DeleteJob>> & {
    jobs?: number | DeleteJob[] | JobSource<DeleteJob>;
    clock?: ReturnType<typeof virtualTiming>;
  } = {},
) {
  const sent: { asset: string; at: number }[] = [];
  let inFlight = 0;
  let most = 0;
  const results = await runDeletes(
    typeof given === 'number' ? jobs(given) : given,
    async (job) => {
      sent.push({ asset: job.assetId, at: clock.timing.now() });
      most = Math.max(most, ++inFlight);
      const answered = answer(sent.length);
      await later();
      const result = await answered;
      inFlight--;
      if (result instanceof TwelveLabsError) throw result;
      return result;
    },
    { concurrency: 1, timing: clock.timing, ...options },
  );
  const outcomes = results.map((result) => result.outcome);
  return { results, outcomes, kinds: outcomes.map((outcome) => outcome.kind), sent, most, sleeps: clock.sleeps };
}

describe('runDeletes', () => {
  test('has at most `concurrency` deletes in flight, sends each distinct job once, and answers in order', async () => {
    const given = [...jobs(25), ...jobs(3).map((job) => ({ ...job }))];
    const { results, kinds, sent, most } = await run(() => undefined, { jobs: given, concurrency: 4 });
    assert.equal(most, 4);
    assert.deepEqual(
      sent.map((send) => send.asset).sort(),
      jobs(25).map((job) => job.assetId),
      'duplicates are dropped',
    );
    const order = results.map((result) => result.job);
    assert.deepEqual(order, jobs(25), 'the results come in the order given');
    assert.deepEqual(new Set(kinds), new Set(['deleted']));
  });

  test('a 429 pauses every worker for its Retry-After, then the asset is retried', async () => {
    const limited = apiError('rateLimited', { retryAfterMs: 2000 });
    const { kinds, sent } = await run((call) => (call === 1 ? limited : undefined), { jobs: 6, concurrency: 3 });
    assert.deepEqual(new Set(kinds), new Set(['deleted']));
    // The first three started together; after the 429, nothing started before the pause ended.
    const t0 = sent[0].at;
    assert.ok(
      sent.slice(3).every((send) => send.at >= t0 + 2000),
      JSON.stringify(sent.map((send) => send.at - t0)),
    );
    assert.equal(sent.filter((send) => send.asset === sent[0].asset).length, 2, 'the limited asset is sent again');
  });

  test('a spent budget makes every worker wait for the reset; the new window is shared with what is in flight', async () => {
    const clock = virtualTiming();
    const reset = clock.timing.now() + 3000;
    const { sent } = await run(
      async (call) => {
        if (call === 1) return { remaining: 1, resetAtMs: reset, limit: 2 };
        while (call === 2 && clock.timing.now() < reset) await later(); // in flight across the reset
        return { remaining: 0, resetAtMs: reset + 3000, limit: 2 };
      },
      { jobs: 5, concurrency: 3, clock },
    );
    // The second spends the budget; at the reset one goes beside it; the rest wait for the next reset.
    const at = sent.map((send) => send.at - sent[0].at);
    assert.deepEqual(at, [0, 0, 3000, 6000, 6000]);
  });

  test('counts requests in flight against the budget, so it does not overspend it', async () => {
    // The server allows 4 a second, and counts a request when it arrives, after some time in flight.
    const clock = virtualTiming();
    let second = -1;
    let remaining = 0;
    let overspent = 0;
    const { kinds } = await run(
      async () => {
        await later();
        const now = Math.floor(clock.timing.now() / 1000);
        if (now !== second) [second, remaining] = [now, 4];
        if (remaining-- <= 0) overspent++;
        return { remaining: Math.max(0, remaining), resetAtMs: (second + 1) * 1000 };
      },
      { jobs: 12, concurrency: 4, clock },
    );
    assert.deepEqual(new Set(kinds), new Set(['deleted']));
    assert.equal(overspent, 0);
  });

  test('Cancel stops new deletes at once; the ones in flight finish and are reported', async () => {
    const cancel = new AbortController();
    const settled: string[] = [];
    const abortAtTheFifth = (call: number) => {
      if (call === 5) cancel.abort();
      return undefined;
    };
    const { kinds, sent } = await run(abortAtTheFifth, {
      jobs: 20,
      concurrency: 3,
      signal: cancel.signal,
      onSettled: (result) => settled.push(result.outcome.kind),
    });
    assert.equal(sent.length, 5, 'nothing is sent after Cancel');
    assert.deepEqual(kinds, [...Array<string>(5).fill('deleted'), ...Array<string>(15).fill('cancelled')]);
    assert.equal(settled.length, 20, 'every item is reported as it settles');
  });

  test('Cancel while waiting to retry reports the asset as cancelled', async () => {
    const cancel = new AbortController();
    const { outcomes } = await run(() => (cancel.abort(), apiError('server', { status: 503 })), {
      signal: cancel.signal,
    });
    assert.deepEqual(outcomes, [{ kind: 'cancelled', attempts: 1 }]);
  });

  test('retries 502, 503, 504, timeouts and resets with growing backoff, and gives up after the cap', async () => {
    const retried = [502, 503, 504].map((status) => apiError('server', { status }));
    for (const error of [...retried, apiError('timeout'), apiError('network')]) {
      const { outcomes, sent, sleeps } = await run(() => error, { maxAttempts: 4, baseDelayMs: 100 });
      assert.equal(sent.length, 4, `${error.kind} ${error.status ?? ''} is tried 4 times`);
      assert.deepEqual(sleeps, [75, 150, 300], 'exponential backoff with jitter (random 0.5)');
      assert.match(outcomes[0].kind === 'failed' ? outcomes[0].error.message : '', /gave up after 4 attempts/);
    }
  });

  const paced = Array<TwelveLabsError>(8).fill(apiError('rateLimited', { retryAfterMs: 1000 }));
  const tooLong = apiError('rateLimited', { retryAfterMs: 120_000 });
  // What each call answers (the last answer repeats; undefined: deleted), the options, the outcome and its attempts.
  const answers: [string, (TwelveLabsError | undefined)[], Partial<RunOptions<DeleteJob>>, string, number][] = [
    ['a 500 is not retried', [apiError('server', { status: 500 })], {}, 'failed', 1],
    ['a bad request is not retried', [apiError('badRequest', { status: 400 })], {}, 'failed', 1],
    ['a 429 with no wait uses up the attempts', [apiError('rateLimited')], { maxAttempts: 3 }, 'failed', 3],
    ['a 429 that says when to come back does not', [...paced, undefined], { maxAttempts: 3 }, 'deleted', 9],
    ['not found at first is already gone', [apiError('notFound')], {}, 'alreadyGone', 1],
    // The first DELETE may have got through before the connection broke.
    ['not found on a retry is deleted', [apiError('network'), apiError('notFound')], {}, 'deleted', 2],
    ['a wait past the cap on total time gives up', [tooLong], { maxTotalMs: 60_000 }, 'failed', 1],
  ];
  for (const [name, errors, options, kind, attempts] of answers) {
    test(name, async () => {
      const { outcomes, sent } = await run((call) => errors[Math.min(call, errors.length) - 1], options);
      assert.deepEqual([outcomes[0].kind, outcomes[0].attempts, sent.length], [kind, attempts, attempts]);
    });
  }

  test('an asset not yet begun when the cap on total time passes fails as not attempted', async () => {
    const clock = virtualTiming();
    const spent = { remaining: 0, resetAtMs: clock.timing.now() + 90_000 };
    const { outcomes, sent } = await run(() => spent, { jobs: 3, maxTotalMs: 60_000, clock });
    assert.equal(sent.length, 2, 'the second, begun before the cap, waited for the reset');
    const third = outcomes[2];
    assert.ok(third.kind === 'failed' && third.attempts === 0, JSON.stringify(third));
    assert.match(third.error.message, /^Not attempted: the operation had already run for 1 minutes/);
  });

  test('a rejected key stops the operation: the rest are not sent', async () => {
    const { outcomes, sent } = await run(() => apiError('invalidKey', { status: 401 }), { jobs: 10, concurrency: 2 });
    assert.equal(sent.length, 2, 'only the two already started');
    assert.ok(outcomes.every((outcome) => outcome.kind === 'failed' && outcome.error.kind === 'invalidKey'));
  });
});

/** A source that reads pages, handing out these of jobs(…) a turn later each; `asked` counts its calls. */
function pagesOf(numbers: number[]) {
  const source = {
    asked: 0,
    reportsEveryJob: false,
    next: async () => {
      source.asked++;
      await later();
      const n = numbers.shift();
      return n === undefined ? undefined : { ...jobs(100)[n] };
    },
  };
  return source;
}
const ids = (numbers: number[]) => numbers.map((n) => jobs(100)[n].assetId);

describe('runDeletes with a JobSource', () => {
  test('takes the jobs as the source gives them, drops duplicates, and reports them in the order taken', async () => {
    const { results, sent } = await run(() => undefined, { jobs: pagesOf([3, 1, 3, 0, 1, 2]), concurrency: 3 });
    assert.deepEqual([results.map((result) => result.job.assetId), sent.length], [ids([3, 1, 0, 2]), 4]);
  });

  test('a source that reads pages is not asked again after Cancel or after a rejected key', async () => {
    for (const stop of ['Cancel', 'a rejected key']) {
      const cancel = new AbortController();
      const pages = pagesOf(Array.from({ length: 100 }, (_, n) => n));
      let askedWhenStopped: number | undefined;
      const answer = (call: number) => {
        if (stop !== 'Cancel') return apiError('invalidKey', { status: 401 });
        if (call === 5) {
          askedWhenStopped = pages.asked;
          cancel.abort();
        }
        return undefined;
      };
      const onSettled = ({ outcome }: { outcome: { kind: string } }) => {
        if (outcome.kind === 'failed') askedWhenStopped ??= pages.asked;
      };
      const { results } = await run(answer, { jobs: pages, concurrency: 3, signal: cancel.signal, onSettled });
      assert.equal(pages.asked, askedWhenStopped, stop);
      assert.ok(results.length < 10, `${stop}: ${results.length} taken`);
    }
  });

  test('a source is told to stop on an error every other delete would hit too, and only then', async () => {
    for (const [answer, stops] of [
      [() => apiError('invalidKey', { status: 401 }), 1],
      [() => apiError('server', { status: 500 }), 0],
    ] as const) {
      let stopped = 0;
      const list = pagesOf([0, 1, 2, 3]);
      await run(answer, { jobs: { ...list, next: () => list.next(), stop: () => (stopped += 1) }, concurrency: 1 });
      assert.equal(stopped, stops);
    }
  });

  test('beforeDelete resolving false leaves the job unsent, reported as cancelled', async () => {
    const beforeDelete = (job: DeleteJob) => Promise.resolve(job.assetId !== ids([1])[0]);
    const { kinds, sent } = await run(() => undefined, { jobs: 4, beforeDelete });
    assert.deepEqual(
      [kinds, sent.map((send) => send.asset)],
      [['deleted', 'cancelled', 'deleted', 'deleted'], ids([0, 2, 3])],
    );
  });
});

describe('runDeletes against the fake API', () => {
  const deleteAll = (fake: FakeTwelveLabsApi, options: Partial<RunOptions<DeleteJob>> = {}) => {
    const client = clientFor(fake);
    const confirmed = fake.account.assets
      .filter((asset) => asset.index_id === fake.account.indexes[0]._id)
      .map((asset) => ({ indexId: asset.index_id, assetId: asset._id }));
    const kinds = runDeletes(confirmed, (job) => client.deleteIndexedAsset(job.indexId, job.assetId, options.signal), {
      concurrency: 8,
      ...options,
    }).then((results) => results.map((result) => result.outcome.kind));
    return { confirmed, kinds };
  };

  test('16 workers under a rate limit of 5 a second: only the confirmed IDs, with the key; no 429, no leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const rateLimit = { requests: 5, windowSeconds: 1 };
    const fake = await startFake({ account: accountWith({ Bulk: 20, Other: 3 }), rateLimit });
    // Each waiting worker listens for Cancel on the one signal: more than Node's ten, by design.
    const { confirmed, kinds } = deleteAll(fake, { concurrency: 16, signal: new AbortController().signal });
    assert.deepEqual(new Set(await kinds), new Set(['deleted']));
    await later(); // warnings are emitted on a later tick
    process.off('warning', onWarning);
    assert.deepEqual(warnings, []);
    assert.equal(fake.rateLimited, 0, 'the first request goes alone, then the budget from the headers is followed');
    const sent = fake.requestsMatching('DELETE');
    assert.deepEqual(
      sent.map((request) => request.path).sort(),
      confirmed.map((job) => `/indexes/${job.indexId}/indexed-assets/${job.assetId}`).sort(),
    );
    assert.ok(sent.every((request) => request.apiKey === fake.apiKey));
    assert.equal(fake.account.assets.length, 3, 'the other index keeps its assets');
  });

  // The first answer asks for a wait: a 429's Retry-After in seconds or as a date, or a spent budget.
  const at = (seconds: number) => new Date((Math.ceil(Date.now() / 1000) + seconds) * 1000);
  const spentFor = (s: number) => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': `${at(s).getTime() / 1000}` });
  for (const [name, status, headers, low, high] of [
    ['Retry-After in seconds', 429, () => ({ 'retry-after': '7' }), 7000, 7000],
    ['Retry-After as an HTTP date', 429, () => ({ 'retry-after': at(30).toUTCString() }), 29_000, 31_000],
    ['X-Ratelimit-Remaining 0 until X-Ratelimit-Reset', undefined, () => spentFor(5), 4000, 6000],
  ] as const) {
    test(`waits as told by ${name}`, async () => {
      const fake = await startFake({ account: accountWith({ Bulk: 2 }) });
      fake.inject({ method: 'DELETE', times: 1, status, headers: headers() });
      const clock = virtualTiming();
      const { kinds } = deleteAll(fake, { concurrency: 1, timing: clock.timing });
      assert.deepEqual(await kinds, ['deleted', 'deleted']);
      assert.equal(clock.sleeps.length, 1);
      assert.ok(clock.sleeps[0] >= low && clock.sleeps[0] <= high, `waited ${clock.sleeps[0]} ms`);
    });
  }
});
