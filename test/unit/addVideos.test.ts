// Adding videos to an index, against a stub of the client's calls: which transfer each file takes,
// how many go at once, waiting for processing, and what stops the run or is left for Resume.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TwelveLabsClient } from '../../src/core/api/client';
import { ErrorKind, TwelveLabsError } from '../../src/core/api/errors';
import { Timing } from '../../src/core/requestGate';
import { AddOptions, AddResult, PreparedUpload, addVideos, prepareUploads } from '../../src/core/upload/addVideos';
import { DIRECT_UPLOAD_MAX_BYTES } from '../../src/core/upload/limits';
import { uploadMultipart } from '../../src/core/upload/multipart';
import { addProblems, addSummary } from '../../src/core/upload/presentUploads';
import { UnfinishedUploads } from '../../src/core/upload/unfinishedUploads';
import { waitUntilReady } from '../../src/core/upload/waitUntilReady';

const TARGET = { indexId: 'a'.repeat(24), indexName: 'Support calls 2026' };
const error = (kind: ErrorKind, extra: Partial<TwelveLabsError> = {}) =>
  new TwelveLabsError({ kind, message: `(${kind})`, ...extra });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Time that passes only when slept, one turn of the event loop per sleep. */
function fakeTiming() {
  const sleeps: number[] = [];
  let now = 0;
  const timing: Timing = {
    now: () => now,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      await nextTurn();
      if (signal.aborted) throw error('cancelled');
      now += ms;
    },
    random: () => 0.5,
  };
  return { timing, sleeps };
}

const file = (name: string, size = 1000, mtimeMs = 1, uploadId?: string): PreparedUpload => {
  const path = `/videos/${name}`;
  return {
    source: uploadId ? { kind: 'resume', uploadId, path } : { kind: 'file', path },
    name,
    video: { path, filename: name, size, mtimeMs, contentType: 'video/mp4' },
  };
};

/** What a transfer of the named file does instead of succeeding on the next turn with asset `id-<name>`. */
type Behaviour = (signal: AbortSignal) => Promise<string>;

function harness(
  behaviours: Partial<Record<string, Behaviour>> = {},
  status = (_id: string, poll: number): string => (poll ? 'ready' : 'processing'),
) {
  const log: string[] = [];
  const { timing, sleeps } = fakeTiming();
  let inFlight = 0;
  let maxInFlight = 0;
  let indexError: TwelveLabsError | undefined;
  const transfer = async (kind: string, name: string, signal: AbortSignal | undefined): Promise<string> => {
    log.push(`${kind} ${name}`);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      await nextTurn();
      return await (behaviours[name]?.(signal ?? new AbortController().signal) ?? `id-${name}`);
    } finally {
      inFlight--;
    }
  };
  const polls = new Map<string, number>();
  const client = {
    uploads: {
      uploadFile: async (video: { filename: string }, o: { signal?: AbortSignal }) => ({
        _id: await transfer('direct', video.filename, o.signal),
      }),
      addFromUrl: async (url: string, name: string | undefined, signal?: AbortSignal) => ({
        _id: await transfer('url', name ?? url, signal),
      }),
      getUploadedAsset: (id: string) => {
        const poll = polls.get(id) ?? 0;
        polls.set(id, poll + 1);
        return Promise.resolve({ _id: id, status: status(id, poll) });
      },
    },
    // Which indexes already hold an uploaded asset: 'as-in-<index ID>' is in that index.
    listAssetReferences: (assetId: string) => {
      const indexId = /^as-in-(.+)$/.exec(assetId)?.[1];
      const items = indexId === undefined ? [] : [{ _id: `ix-${assetId}`, indexId }];
      return Promise.resolve({ items, pageInfo: { page: 1, totalPages: 1 }, unreadable: [] });
    },
    createIndexedAsset: (_indexId: string, assetId: string) => {
      log.push(`POST ${assetId}`);
      return indexError ? Promise.reject(indexError) : Promise.resolve({ indexedAssetId: `ix-${assetId}` });
    },
  } as unknown as TwelveLabsClient;
  const multipart: typeof uploadMultipart = async (_calls, video, options) => {
    options.onSession?.({ uploadId: options.resumeUploadId ?? `up-${video.filename}` });
    return transfer(options.resumeUploadId ? 'resume' : 'multipart', video.filename, options.signal);
  };
  const state = new Map<string, unknown>();
  const memory = new UnfinishedUploads({
    get: (key) => state.get(key),
    update: (key, value) => {
      state.set(key, value);
      return Promise.resolve();
    },
  });
  const settled: string[] = [];
  const run = (uploads: readonly PreparedUpload[], extra: Partial<AddOptions> = {}) =>
    addVideos(client, TARGET, uploads, {
      timing,
      memory,
      multipart,
      onStep: (name, step) => log.push(`${step} ${name}`),
      onIndexed: (target, result) => log.push(`indexed ${result.name} in ${target.indexName}`),
      onSettled: (result) => settled.push(result.name),
      ...extra,
    });
  const failIndexing = (e: TwelveLabsError) => (indexError = e);
  return { log, sleeps, run, memory, settled, failIndexing, maxInFlight: () => maxInFlight };
}

const brief = (results: AddResult[]) =>
  results.map(({ name, outcome: o }) =>
    [
      name,
      o.kind,
      'step' in o ? o.step : '',
      o.kind === 'failed' ? o.error.kind : '',
      'uploadId' in o ? (o.uploadId ?? '') : '',
    ]
      .filter(Boolean)
      .join(' '),
  );

describe('adding videos', () => {
  test('a file up to the direct limit goes directly, a larger one through a session; a URL and a resume their own way', async () => {
    const h = harness();
    const resume = file('old.mp4', 300e6, 1, 'up-old');
    const url: PreparedUpload = {
      source: { kind: 'url', url: 'https://example.com/a.mp4', filename: 'web.mp4' },
      name: 'web.mp4',
    };
    const results = await h.run([
      file('edge.mp4', DIRECT_UPLOAD_MAX_BYTES),
      file('big.mp4', DIRECT_UPLOAD_MAX_BYTES + 1),
      url,
      resume,
    ]);
    assert.deepEqual(
      h.log.filter((line) => /^(direct|multipart|url|resume) /.test(line)),
      ['direct edge.mp4', 'multipart big.mp4', 'url web.mp4', 'resume old.mp4'],
    );
    assert.deepEqual(brief(results), ['edge.mp4 indexed', 'big.mp4 indexed', 'web.mp4 indexed', 'old.mp4 indexed']);
    assert.deepEqual(h.memory.list(), [], 'a finished session is forgotten');
    assert.equal(addSummary(TARGET, results), 'Added 4 videos to “Support calls 2026”. They are being indexed.');
  });

  test('one file goes through its steps: uploaded, processed, indexed, then reported', async () => {
    const h = harness();
    const [result] = await h.run([file('a.mp4')]);
    assert.deepEqual(h.log, [
      'uploading a.mp4',
      'direct a.mp4',
      'processing a.mp4',
      'indexing a.mp4',
      'POST id-a.mp4',
      'indexed a.mp4 in Support calls 2026',
    ]);
    assert.deepEqual(result.outcome, { kind: 'indexed', assetId: 'id-a.mp4', indexedAssetId: 'ix-id-a.mp4' });
    assert.deepEqual(h.sleeps, [1000], 'one poll said processing, the next ready');
    assert.equal(addSummary(TARGET, [result]), 'Added “a.mp4” to “Support calls 2026”. It is being indexed.');
  });

  test('an asset already uploaded sends nothing: it is waited for while processing, then indexed unless the index holds it', async () => {
    const h = harness({}, (id, poll) => (id === 'as-failed' ? 'failed' : poll ? 'ready' : 'processing'));
    const asset = (assetId: string, name: string): PreparedUpload => ({
      source: { kind: 'asset', assetId, filename: name },
      name,
    });
    const here = `as-in-${TARGET.indexId}`;
    const elsewhere = `as-in-${'b'.repeat(24)}`;
    const results = await h.run([
      asset('as-old', 'old.mp4'),
      asset('as-failed', 'broken.mp4'),
      asset(here, 'here.mp4'),
      asset(elsewhere, 'elsewhere.mp4'),
    ]);
    assert.deepEqual(
      h.log.filter((line) => /^(POST|direct|multipart|url) /.test(line)),
      ['POST as-old', `POST ${elsewhere}`],
      'nothing uploaded; only the assets not in the index yet are indexed',
    );
    assert.deepEqual(brief(results), [
      'old.mp4 indexed',
      'broken.mp4 failed processing server',
      'here.mp4 alreadyIn',
      'elsewhere.mp4 indexed',
    ]);
    assert.deepEqual(results[0].outcome, { kind: 'indexed', assetId: 'as-old', indexedAssetId: 'ix-as-old' });
    assert.equal(
      addSummary(TARGET, results),
      'Added 2 of 4 videos to “Support calls 2026”. They are being indexed. 1 was already in it. 1 failed.',
    );
    assert.deepEqual(
      addProblems(results).map((problem) => problem.text),
      [
        '“broken.mp4”: processing failed. TwelveLabs could not process the file: it may be damaged, or in a format TwelveLabs does not support.',
      ],
    );
    assert.equal(
      addSummary(TARGET, [results[2]]),
      '“here.mp4” is already in “Support calls 2026”, so it was not added again.',
    );
    const { ready, totalBytes } = await prepareUploads([{ kind: 'asset', assetId: 'as-old', filename: 'old.mp4' }]);
    assert.deepEqual([ready, totalBytes], [[asset('as-old', 'old.mp4')], 0]);
  });

  test('at most three files upload at once, and every one settles', async () => {
    const h = harness();
    const names = ['1', '2', '3', '4', '5', '6', '7'].map((n) => `${n}.mp4`);
    const results = await h.run(names.map((name) => file(name)));
    assert.equal(h.maxInFlight(), 3);
    assert.deepEqual(
      results.map((r) => r.outcome.kind),
      names.map(() => 'indexed'),
    );
    assert.deepEqual([...h.settled].sort(), names);
  });

  test('an asset TwelveLabs could not process fails at its processing step; the others go on', async () => {
    const h = harness({}, (id, poll) => (id === 'id-bad.mp4' && poll ? 'failed' : poll ? 'ready' : 'processing'));
    const results = await h.run([file('bad.mp4'), file('good.mp4')]);
    assert.deepEqual(brief(results), ['bad.mp4 failed processing server', 'good.mp4 indexed']);
    assert.deepEqual(
      addProblems(results).map((p) => p.text),
      [
        '“bad.mp4”: processing failed. TwelveLabs could not process the file: it may be damaged, or in a format TwelveLabs does not support.',
      ],
    );
    assert.equal(
      addSummary(TARGET, results),
      'Added 1 of 2 videos to “Support calls 2026”. It is being indexed. 1 failed.',
    );
  });

  test('a rejected key stops them all: those under way are cancelled, the rest never start', async () => {
    const h = harness({ 'b.mp4': () => Promise.reject(error('invalidKey')) });
    const results = await h.run(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => file(`${n}.mp4`)));
    // d and e took the slots a and b freed in the same turn as the key was refused.
    assert.deepEqual(brief(results), [
      'a.mp4 cancelled processing',
      'b.mp4 failed uploading invalidKey',
      'c.mp4 cancelled processing',
      'd.mp4 cancelled processing',
      'e.mp4 cancelled processing',
      'f.mp4 cancelled uploading',
      'g.mp4 cancelled uploading',
    ]);
    assert.ok(!h.log.some((line) => /^direct [fg]/.test(line) || line.startsWith('POST')));
    assert.equal(h.settled.length, 7);
  });

  test('a file waits for an upload slot, not for the ones before it to be processed', async () => {
    const h = harness({}, (id, poll) => (id !== 'id-4.mp4' && poll < 3 ? 'processing' : 'ready'));
    await h.run(['1', '2', '3', '4'].map((n) => file(`${n}.mp4`)));
    const firstIndexed = Math.min(...['1', '2', '3'].map((n) => h.log.indexOf(`indexing ${n}.mp4`)));
    assert.ok(h.log.indexOf('direct 4.mp4') < firstIndexed, h.log.join('\n'));
  });

  test('Cancel stops new files at once and keeps a multipart session for Resume', async () => {
    const cancel = new AbortController();
    const h = harness({
      'a.mp4': () => {
        cancel.abort();
        return Promise.resolve('id-a.mp4');
      },
      'big.mp4': (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            reject(error('cancelled'));
          });
        }),
    });
    const uploads = [file('big.mp4', 3e9), file('a.mp4'), file('c.mp4'), file('d.mp4')];
    const results = await h.run(uploads, { signal: cancel.signal });
    assert.deepEqual(brief(results), [
      'big.mp4 cancelled uploading up-big.mp4',
      'a.mp4 cancelled processing',
      'c.mp4 cancelled processing',
      'd.mp4 cancelled uploading',
    ]);
    assert.deepEqual(
      h.memory.list().map(({ uploadId, filename, size, indexName }) => ({ uploadId, filename, size, indexName })),
      [{ uploadId: 'up-big.mp4', filename: 'big.mp4', size: 3e9, indexName: 'Support calls 2026' }],
    );
    assert.equal(
      addSummary(TARGET, results),
      'Added 0 of 4 videos to “Support calls 2026”. 4 were cancelled. Resume Uploads… can finish 1 upload.',
    );
    assert.deepEqual(
      addProblems(results).map((p) => p.text),
      [
        '“big.mp4”: cancelled during the upload. Resume Uploads… can finish it.',
        '“a.mp4”: cancelled after the upload; it is in the Assets view but not in the index.',
        '“c.mp4”: cancelled after the upload; it is in the Assets view but not in the index.',
        '“d.mp4”: cancelled before it was uploaded.',
      ],
    );
  });

  test('a session that failed on the way is kept for Resume; one whose file changed is forgotten', async () => {
    const cases: [ErrorKind, string, boolean][] = [
      ['network', 'big.mp4 failed uploading network up-big.mp4', true],
      ['server', 'big.mp4 failed uploading server up-big.mp4', true],
      // The session is the account's: once a valid key is set, Resume can finish it.
      ['invalidKey', 'big.mp4 failed uploading invalidKey up-big.mp4', true],
      ['fileChanged', 'big.mp4 failed uploading fileChanged', false],
      ['badRequest', 'big.mp4 failed uploading badRequest', false],
    ];
    for (const [kind, outcome, kept] of cases) {
      const h = harness({ 'big.mp4': () => Promise.reject(error(kind)) });
      const results = await h.run([file('big.mp4', 3e9)]);
      assert.deepEqual(brief(results), [outcome]);
      assert.equal(h.memory.list().length, kept ? 1 : 0, kind);
    }
    const h = harness({ 'big.mp4': () => Promise.reject(error('network')) });
    const [failed] = await h.run([file('big.mp4', 3e9)]);
    assert.equal(addProblems([failed])[0].text, '“big.mp4”: upload failed. (network) Resume Uploads… can finish it.');
  });

  test('a resume of a file changed since its upload began fails at reading and forgets the session', async () => {
    const h = harness();
    const remembered = { path: '/videos/old.mp4', filename: 'old.mp4', size: 3e9, mtimeMs: 1 };
    await h.memory.remember({ ...remembered, uploadId: 'up-old', ...TARGET, startedAt: '2026-11-30T10:00:00Z' });
    const results = await h.run([file('old.mp4', 3e9, 2, 'up-old')]);
    assert.deepEqual(brief(results), ['old.mp4 failed reading fileChanged']);
    assert.deepEqual(h.memory.list(), []);
    assert.ok(!h.log.some((line) => line.startsWith('resume')));
  });

  test('the index POST is sent once; when its answer was lost the problem says to look at the index first', async () => {
    const cases: [TwelveLabsError, RegExp][] = [
      [
        error('network'),
        /^“a\.mp4”: the answer to the request to index it was lost, so it may be indexed anyway\. Look at the index before adding it again\./,
      ],
      [error('network', { neverSent: true }), /^“a\.mp4”: indexing failed\. \(network\)$/],
      [error('badRequest'), /^“a\.mp4”: indexing failed\. \(badRequest\)$/],
    ];
    for (const [thrown, text] of cases) {
      const h = harness();
      h.failIndexing(thrown);
      const results = await h.run([file('a.mp4')]);
      assert.deepEqual(brief(results), [`a.mp4 failed indexing ${thrown.kind}`]);
      assert.equal(h.log.filter((line) => line.startsWith('POST')).length, 1);
      assert.ok(!h.log.some((line) => line.startsWith('indexed')));
      assert.match(addProblems(results)[0].text, text);
    }
  });

  test('files that cannot be opened are refused at reading; the rest count toward the bytes to send', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'add-videos-'));
    writeFileSync(join(dir, 'a.mp4'), Buffer.alloc(1234));
    const { ready, refused, totalBytes } = await prepareUploads([
      { kind: 'file', path: join(dir, 'a.mp4') },
      { kind: 'file', path: join(dir, 'missing.mp4') },
      { kind: 'url', url: 'https://cdn.example.com/clips/call%201.mp4?sig=x' },
    ]);
    assert.deepEqual(
      ready.map((u) => u.name),
      ['a.mp4', 'call 1.mp4'],
    );
    assert.deepEqual(brief(refused), ['missing.mp4 failed reading invalidInput']);
    assert.equal(totalBytes, 1234);
  });
});

describe('waiting until an upload is ready', () => {
  const ready = { _id: 'x', status: 'ready' };
  test('polls at 1 s, ×1.5 up to 10 s, asks through transient errors, gives up after the maximum wait', async () => {
    const cases: [(poll: number) => unknown, number | undefined, string | number[]][] = [
      [
        (poll) => (poll < 8 ? { status: 'processing' } : ready),
        undefined,
        [1000, 1500, 2250, 3375, 5062.5, 7593.75, 10_000, 10_000],
      ],
      [
        (poll) => (poll === 0 ? error('network') : poll === 1 ? error('rateLimited', { retryAfterMs: 4000 }) : ready),
        undefined,
        [1000, 4000],
      ],
      [() => error('invalidKey'), undefined, '(invalidKey)'],
      [
        () => ({ status: 'processing' }),
        3000,
        'TwelveLabs was still processing it after 3 s. Once it is ready, Add to TwelveLabs Index… on its row in the Assets view indexes it.',
      ],
    ];
    for (const [answer, maxWaitMs, expected] of cases) {
      const { timing, sleeps } = fakeTiming();
      let poll = 0;
      const getUploadedAsset = () => {
        const a = answer(poll++);
        return a instanceof Error ? Promise.reject(a) : Promise.resolve(a as typeof ready);
      };
      const waited = waitUntilReady({ getUploadedAsset }, 'x', { timing, maxWaitMs });
      if (typeof expected === 'string') {
        await assert.rejects(waited, { message: expected });
      } else {
        assert.deepEqual(await waited, ready);
        assert.deepEqual(sleeps, expected);
      }
    }
  });
});
