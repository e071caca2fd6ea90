// Add to TwelveLabs Index…, Add Video from URL… and Resume Uploads…, through the real extension against the fake
// API; the upload calls (client.uploads) are a stub that records what reached them.
import { ui } from './fakeVscode/install'; // first: `vscode` is the fake from here on
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as vscode from 'vscode';
import { TwelveLabsError } from '../../src/core/api/errors';
import { IncompleteUpload } from '../../src/core/api/uploadSchemas';
import { UnfinishedUpload } from '../../src/core/upload/unfinishedUploads';
import { urlProblem } from '../../src/ui/commands/addVideoFromUrl';
import { reportAdded } from '../../src/ui/uploadRun';
import { COMMAND } from '../support/commands';
import { commandHarness } from './commandHarness';

const dir = mkdtempSync(join(tmpdir(), 'twelvelabs-uploads-'));
const file = (name: string, bytes: number) => (writeFileSync(join(dir, name), Buffer.alloc(bytes)), join(dir, name));
const A = file('a.mp4', 1000);
const B = file('b.mov', 3000);
const UPLOADED = '65a0000000000000000000aa'; // the asset every stubbed upload gives, ready in the fake
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Session = Awaited<ReturnType<Awaited<ReturnType<typeof commandHarness>>['start']>>;

describe('uploads', { timeout: 20_000 }, async () => {
  const { api, start, run, indexRow, indexId, only, assetsView } = await commandHarness();

  /** What each stubbed upload call received, in order; `behave` overrides a call. */
  function stubUploads(s: Session, behave: Partial<Record<string, (...args: never[]) => unknown>> = {}) {
    api.account.sourceAssets = [
      {
        _id: UPLOADED,
        method: 'direct',
        status: 'ready',
        filename: 'a.mp4',
        file_type: 'video/mp4',
        created_at: '2026-11-30T12:00:00Z',
        size: 1000,
        duration: 9,
      },
    ];
    const calls: [string, ...unknown[]][] = [];
    const record =
      (name: string, fallback: (...args: never[]) => unknown) =>
      (...args: unknown[]) => {
        // A LocalVideo is recorded by its filename.
        const shown = args.map((a) => (typeof a === 'object' && a !== null && 'filename' in a ? a.filename : a));
        calls.push([name, ...shown]);
        return new Promise((resolve) => {
          resolve((behave[name] ?? fallback)(...(args as never[])));
        });
      };
    const uploads = {
      uploadFile: record('uploadFile', (video: { size: number }, options: { onSent?: (n: number) => void }) => {
        options.onSent?.(video.size);
        return { _id: UPLOADED, status: 'processing' };
      }),
      addFromUrl: record('addFromUrl', () => ({ _id: UPLOADED, status: 'processing' })),
      getUploadedAsset: record('getUploadedAsset', (id: string) => ({ _id: id, status: 'ready', size: 1000 })),
      uploadStatus: record('uploadStatus', () => {
        throw new TwelveLabsError({ kind: 'notFound', message: 'No such upload.' });
      }),
      listIncompleteUploads: record('listIncompleteUploads', () => []),
    };
    const connection = s.services.connection;
    const real = connection.client.bind(connection);
    connection.client = async () => Object.assign(await real(), { uploads });
    return (name?: string) => calls.filter(([called]) => name === undefined || called === name);
  }
  const indexedInto = () => api.requestsMatching('POST', /indexed-assets$/).map((r) => r.path.split('/')[2]);
  const summaryOk = () => {
    ui.answer('showInformationMessage', undefined);
  };

  test('from the Explorer: the selected files, one index picked, one notification, the rows reloaded', async () => {
    const s = await start();
    const clips = await indexRow(s, 'Clips');
    const videosBefore = clips.index.video_count ?? 0;
    const assetsChanges: unknown[] = [];
    s.services.assets.onDidChange((node) => assetsChanges.push(node));
    const calls = stubUploads(s);
    ui.answer('createQuickPick', 'Clips');
    summaryOk();
    await run(COMMAND.addToIndex, vscode.Uri.file(A), [vscode.Uri.file(A), vscode.Uri.file(B)]);
    assert.deepEqual(ui.callsOf('showOpenDialog'), []);
    assert.deepEqual(
      calls('uploadFile')
        .map(([, name]) => name)
        .sort(),
      ['a.mp4', 'b.mov'],
    );
    assert.deepEqual(indexedInto(), [indexId('Clips'), indexId('Clips')]);
    const progress = only('withProgress');
    assert.deepEqual(progress.options, { location: 15, title: 'TwelveLabs', cancellable: true });
    assert.ok(s.treeEvents.includes(clips), 'the index reloads its rows');
    assert.equal(clips.index.video_count, videosBefore + 2, 'and counts the two videos');
    assert.deepEqual(assetsChanges, [undefined], 'the Assets view lists the new uploads');
    assert.match(only('showInformationMessage').message, /Clips/);
  });

  test('from the palette: a file dialog for videos, then the index', async () => {
    const s = await start();
    const calls = stubUploads(s);
    ui.answer('showOpenDialog', [A]);
    ui.answer('createQuickPick', 'Archive');
    summaryOk();
    await run(COMMAND.addToIndex);
    const { options } = only('showOpenDialog');
    assert.equal(options.canSelectMany, true);
    assert.ok(options.filters?.Videos.includes('mp4') && !options.filters.Videos.includes('ts'));
    assert.deepEqual(
      calls('uploadFile').map(([, name]) => name),
      ['a.mp4'],
    );
    assert.deepEqual(indexedInto(), [indexId('Archive')]);
  });

  test('from the Assets view: the selected uploads are only indexed, into the index picked', async () => {
    const s = await start();
    const calls = stubUploads(s);
    const other = '65a0000000000000000000bb';
    api.account.sourceAssets?.push({
      ...(api.account.sourceAssets[0] ?? assert.fail()),
      _id: other,
      filename: 'b.mov',
    });
    const rows = (await (assetsView().treeDataProvider as vscode.TreeDataProvider<unknown>).getChildren()) ?? [];
    ui.answer('createQuickPick', 'Archive');
    summaryOk();
    await run(COMMAND.addToIndex, rows[0], rows);
    assert.deepEqual(ui.callsOf('showOpenDialog'), []);
    assert.deepEqual([...calls('uploadFile'), ...calls('addFromUrl')], [], 'nothing uploaded');
    assert.deepEqual(
      calls('getUploadedAsset')
        .map(([, id]) => id)
        .sort(),
      [UPLOADED, other],
    );
    assert.deepEqual(indexedInto(), [indexId('Archive'), indexId('Archive')]);
    assert.deepEqual(
      api
        .requestsMatching('POST', /indexed-assets$/)
        .map((r) => (r.body as { asset_id?: string }).asset_id)
        .sort(),
      [UPLOADED, other],
    );
    assert.equal(only('showInformationMessage').message, 'Added 2 videos to “Archive”. They are being indexed.');

    ui.answer('createQuickPick', 'Archive');
    summaryOk();
    await run(COMMAND.addToIndex, rows[0], rows);
    assert.equal(indexedInto().length, 2, 'not indexed a second time');
    assert.equal(
      ui.callsOf('showInformationMessage').at(-1)?.message,
      'The 2 videos are already in “Archive”, so they were not added again.',
    );
  });

  test('from an index row: the file dialog, and that index without a picker', async () => {
    const s = await start();
    const archive = await indexRow(s, 'Archive');
    stubUploads(s);
    ui.answer('showOpenDialog', [A]);
    summaryOk();
    await run(COMMAND.addToIndex, archive);
    assert.deepEqual(ui.callsOf('createQuickPick'), []);
    assert.deepEqual(indexedInto(), [indexId('Archive')]);
  });

  const nothingSent = [
    [
      'the file dialog is cancelled',
      [],
      () => {
        ui.answer('showOpenDialog', undefined);
      },
    ],
    [
      'the index picker is closed',
      [vscode.Uri.file(A)],
      () => {
        ui.answer('createQuickPick', undefined);
      },
    ],
  ] as const;
  for (const [when, args, script] of nothingSent) {
    test(`nothing is sent when ${when}`, async () => {
      const s = await start();
      const calls = stubUploads(s);
      script();
      await run(COMMAND.addToIndex, ...args);
      assert.deepEqual(calls(), []);
      assert.deepEqual(ui.callsOf('withProgress'), []);
    });
  }

  test('a file that is not on this computer is refused in words, before anything is sent', async () => {
    const s = await start();
    const calls = stubUploads(s);
    ui.answer('showErrorMessage', undefined);
    const remote = vscode.Uri.from({ scheme: 'vscode-remote', path: '/home/me/a.mp4' });
    await run(COMMAND.addToIndex, remote, [remote]);
    assert.match(only('showErrorMessage').message, /^Only files on this computer can be uploaded, and “vscode-remote:/);
    assert.deepEqual(calls(), []);
  });

  test('the URL box explains what is wrong with an address, and accepts http(s) ones', () => {
    const cases: [string, string | undefined][] = [
      ['', 'Type the address of the video, starting with https://.'],
      ['video.mp4', 'This is not a web address. It should look like https://example.com/video.mp4.'],
      ['ftp://example.com/v.mp4', 'TwelveLabs fetches videos only from http:// and https:// addresses.'],
      ['file:///home/me/v.mp4', 'TwelveLabs fetches videos only from http:// and https:// addresses.'],
      [' https://example.com/v.mp4 ', undefined],
      ['http://example.com/v.mp4?x=1', undefined],
    ];
    assert.deepEqual(
      cases.map(([text]) => [text, urlProblem(text)]),
      cases,
    );
  });

  test('Add Video from URL on an index row: TwelveLabs is given the address, then it is indexed there', async () => {
    const s = await start();
    const clips = await indexRow(s, 'Clips');
    const calls = stubUploads(s);
    ui.answer('showInputBox', ' https://example.com/talk.mp4');
    summaryOk();
    await run(COMMAND.addVideoFromUrl, clips);
    assert.equal(only('showInputBox').options.title, 'Add Video from URL to “Clips”');
    assert.deepEqual(calls('addFromUrl')[0].slice(0, 3), ['addFromUrl', 'https://example.com/talk.mp4', undefined]);
    assert.deepEqual(indexedInto(), [indexId('Clips')]);
  });

  test('the notification follows the bytes, a few times however often they are reported, and says when it stops', async () => {
    const s = await start();
    stubUploads(s, {
      uploadFile: async (video: { size: number }, options: { onSent?: (n: number) => void }) => {
        for (let i = 0; i < 100; i++) options.onSent?.(video.size / 100);
        await new Promise((resolve) => setTimeout(resolve, 300)); // past the notification's pause
        return { _id: UPLOADED };
      },
    });
    ui.answer('createQuickPick', 'Clips');
    summaryOk();
    await run(COMMAND.addToIndex, vscode.Uri.file(B));
    const { reports } = only('withProgress') as { reports: { message?: string; increment?: number }[] };
    assert.ok(reports.length <= 6, `${reports.length} reports for 100 byte counts`);
    assert.ok(reports.some((r) => r.message?.includes('b.mov')));
    const moved = reports.reduce((sum, r) => sum + (r.increment ?? 0), 0);
    assert.ok(Math.abs(moved - 100) < 1e-6, `the bar moved ${moved}%`);

    ui.calls.length = 0;
    api.resetRequests();
    stubUploads(s, {
      uploadFile: (_video: never, options: { signal: AbortSignal }) => {
        ui.callsOf('withProgress')[0].cancel();
        assert.ok(options.signal.aborted, 'Cancel reaches the upload');
        throw new TwelveLabsError({ kind: 'cancelled', message: 'Cancelled.' });
      },
    });
    ui.answer('createQuickPick', 'Clips');
    ui.answer('showWarningMessage', undefined);
    await run(COMMAND.addToIndex, vscode.Uri.file(A));
    assert.equal(only('withProgress').reports.at(-1)?.message, 'Stopping… the uploads under way are being cancelled.');
    assert.deepEqual(only('showWarningMessage').items, ['Show Details']);
    assert.deepEqual(indexedInto(), []);
  });

  test('a failed file: the others go on, the summary warns, and Show Details opens the log that names it', async () => {
    const s = await start();
    stubUploads(s, {
      uploadFile: (video: { filename: string; size: number }) => {
        if (video.filename === 'b.mov') throw new TwelveLabsError({ kind: 'server', status: 500, message: 'Boom.' });
        return { _id: UPLOADED };
      },
    });
    ui.answer('createQuickPick', 'Clips');
    ui.answer('showWarningMessage', 'Show Details');
    await run(COMMAND.addToIndex, vscode.Uri.file(A), [vscode.Uri.file(A), vscode.Uri.file(B)]);
    assert.deepEqual(indexedInto(), [indexId('Clips')]);
    assert.deepEqual(only('showWarningMessage').items, ['Show Details']);
    assert.equal(ui.callsOf('showLog').length, 1);
    assert.ok(ui.log.some((line) => line.startsWith('[error]') && line.includes('b.mov')));
  });

  const session = (uploadId: string, totalSize: number): IncompleteUpload => ({
    uploadId,
    status: 'active',
    totalSize,
    chunkSize: 1000,
    totalChunks: Math.ceil(totalSize / 1000),
    createdAt: '2026-11-29T10:00:00Z',
  });
  const remembered = (uploadId: string, path: string, size: number): UnfinishedUpload => ({
    uploadId,
    path,
    filename: path.split('/').pop() ?? path,
    size,
    mtimeMs: statSync(path).mtimeMs,
    indexId: indexId('Archive'),
    indexName: 'Archive',
    startedAt: '2026-11-29T10:00:00Z',
  });

  test('Resume Uploads with none waiting says so, and forgets what TwelveLabs no longer lists', async () => {
    const s = await start();
    await s.services.uploads.remember(remembered('gone', A, 1000));
    stubUploads(s);
    ui.answer('showInformationMessage', undefined);
    await run(COMMAND.resumeUploads);
    assert.equal(only('showInformationMessage').message, 'No uploads are waiting to be resumed.');
    assert.deepEqual(s.services.uploads.list(), []);
  });

  test('Resume Uploads: a known one resumes from its file into its index; an unknown one asks for a file of its size', async () => {
    const s = await start();
    await s.services.uploads.remember(remembered('u-known', B, 3000));
    const calls = stubUploads(s, { listIncompleteUploads: () => [session('u-known', 3000), session('u-other', 1000)] });
    ui.answer('showQuickPick', 'b.mov');
    ui.answer('showWarningMessage', undefined);
    await run(COMMAND.resumeUploads);
    assert.deepEqual(
      only('showQuickPick').items.map((i) => i.label),
      ['b.mov', 'Upload u-other'],
    );
    assert.deepEqual(
      calls('uploadStatus').map(([, id]) => id),
      ['u-known'],
    );
    assert.equal(
      calls('listIncompleteUploads').length,
      1,
      'listed once: the resume takes the chunk size from the list',
    );
    assert.deepEqual(ui.callsOf('showOpenDialog'), []);

    ui.calls.length = 0;
    ui.answer('showQuickPick', 'Upload u-other');
    ui.answer('showOpenDialog', [B]); // 3000 bytes, not 1000
    ui.answer('showErrorMessage', undefined);
    await run(COMMAND.resumeUploads);
    assert.match(only('showErrorMessage').message, /is not the file of this upload: the upload is 1\.0 KB/);

    ui.calls.length = 0;
    ui.answer('showQuickPick', 'Upload u-other');
    ui.answer('showOpenDialog', [A]);
    ui.answer('createQuickPick', 'Clips');
    ui.answer('showWarningMessage', undefined);
    await run(COMMAND.resumeUploads);
    assert.deepEqual(
      calls('uploadStatus').map(([, id]) => id),
      ['u-known', 'u-other'],
    );
  });

  test('a summary that left a chunked upload unfinished offers Resume Uploads…, which lists them', async () => {
    const s = await start();
    const calls = stubUploads(s);
    ui.answer('showWarningMessage', 'Resume Uploads…');
    ui.answer('showInformationMessage', undefined);
    const target = { indexId: indexId('Clips'), indexName: 'Clips' };
    const source = { kind: 'file', path: B } as const;
    await reportAdded(s.services, target, [
      { source, name: 'b.mov', outcome: { kind: 'cancelled', step: 'uploading', uploadId: 'u-left' } },
    ]);
    assert.deepEqual(only('showWarningMessage').items, ['Resume Uploads…', 'Show Details']);
    assert.equal(calls('listIncompleteUploads').length, 1);
  });
});
