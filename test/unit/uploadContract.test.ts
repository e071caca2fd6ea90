// The uploads' contract with the official SDK (twelvelabs-js): the requests the SDK builds (the POST /assets form,
// the multipart upload sessions) are what the fake accepts, and every answer the fake gives them parses under the
// SDK's schemas in strict mode, where an unknown key or enum value fails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TwelvelabsApi, TwelvelabsApiClient, TwelvelabsApiError } from 'twelvelabs-js';
import * as serializers from 'twelvelabs-js/serialization';
import { startFake } from './support';

const NO_RETRIES = { maxRetries: 0 };
const STRICT = {
  unrecognizedObjectKeys: 'fail',
  allowUnrecognizedUnionMembers: false,
  allowUnrecognizedEnumValues: false,
  skipValidation: false,
} as const;
type Parsed = { ok: true } | { ok: false; errors: unknown[] };
type Schema = { parse: (raw: unknown, options: typeof STRICT) => Parsed };

/** The SDK's schema of each upload answer, by method and path (the first match wins); errors: see schemaOf. */
const SCHEMAS: [method: string, path: RegExp, schema: keyof typeof serializers][] = [
  ['POST', /^\/assets\/multipart-uploads$/, 'CreateAssetUploadResponse'],
  ['GET', /^\/assets\/multipart-uploads$/, 'ListIncompleteUploadsResponse'],
  ['POST', /^\/assets\/multipart-uploads\/[^/]+\/presigned-urls$/, 'RequestAdditionalPresignedUrLsResponse'],
  ['POST', /^\/assets\/multipart-uploads\/[^/]+$/, 'ReportChunkBatchResponse'],
  ['GET', /^\/assets\/multipart-uploads\/[^/]+$/, 'GetUploadStatusResponse'],
  ['POST', /^\/assets$/, 'Asset'],
  ['GET', /^\/assets\/[^/]+$/, 'AssetDetail'],
];

function schemaOf(method: string, path: string, status: number): keyof typeof serializers {
  if (status === 404) return 'NotFoundErrorBody';
  if (status >= 400) return 'BadRequestErrorBody'; // the SDK reads any other error as a 400's body
  const found = SCHEMAS.find(([m, p]) => m === method && p.test(path));
  return found?.[2] ?? assert.fail(`no schema for ${method} ${path}`);
}

describe('the SDK’s uploads against the fake', async () => {
  const fake = await startFake({ chunkBytes: 1024, assetProcessingMs: 0 });
  const sdk = new TwelvelabsApiClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  /** Each answer of the fake to the SDK, as "METHOD path → status Schema", once it parsed strictly. */
  const conformed: string[] = [];
  const realFetch = globalThis.fetch;
  before(() => {
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.href.startsWith(fake.baseUrl)) return response;
      const method = init?.method ?? 'GET';
      const path = url.pathname.slice(new URL(fake.baseUrl).pathname.length);
      const schema = schemaOf(method, path, response.status);
      const parsed = (serializers[schema] as Schema).parse(await response.clone().json(), STRICT);
      const where = `${method} ${path} → ${response.status} ${schema}`;
      assert.ok(parsed.ok, `${where}: ${JSON.stringify(parsed.ok ? [] : parsed.errors)}`);
      conformed.push(where.replace(/[0-9a-f]{24}/g, '{id}'));
      return response;
    };
  });
  after(() => (globalThis.fetch = realFetch));
  const taken = () => conformed.splice(0);

  test('direct: a file with and without a filename field; the form the fake read; the asset once ready', async () => {
    const file = new File([Buffer.alloc(3000, 7)], 'clip.mp4', { type: 'video/mp4' });
    const renamed = await sdk.assets.create({ method: 'direct', file, filename: 'renamed.mp4' }, NO_RETRIES);
    assert.deepEqual(fake.requests.at(-1)?.body, {
      method: 'direct',
      filename: 'renamed.mp4',
      file: { filename: 'clip.mp4', contentType: 'video/mp4', bytes: 3000 },
    });
    const plain = await sdk.assets.create({ method: 'direct', file }, NO_RETRIES);
    const detail = await sdk.assets.retrieve(plain.id ?? '', NO_RETRIES);
    assert.deepEqual(
      [renamed.filename, renamed.method, plain.filename, detail.status, detail.size],
      ['renamed.mp4', 'direct', 'clip.mp4', 'ready', 3000],
    );
    assert.deepEqual(taken(), [
      'POST /assets → 201 Asset',
      'POST /assets → 201 Asset',
      'GET /assets/{id} → 200 AssetDetail',
    ]);
  });

  test('url: with a filename, or named after the URL; refusals: a text file (415), no URL, no file', async () => {
    const url = 'https://media.example.com/talks/keynote%202026.mov';
    const named = await sdk.assets.create({ method: 'url', url, filename: 'keynote.mov' }, NO_RETRIES);
    const unnamed = await sdk.assets.create({ method: 'url', url }, NO_RETRIES);
    assert.deepEqual([named.filename, unnamed.filename, unnamed.method], ['keynote.mov', 'keynote 2026.mov', 'url']);
    const text = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    const refusals: [TwelvelabsApi.AssetsCreateRequest, number][] = [
      [{ method: 'direct', file: text }, 415],
      [{ method: 'url' }, 400],
      [{ method: 'direct' }, 400],
    ];
    for (const [request, status] of refusals) {
      await assert.rejects(sdk.assets.create(request, NO_RETRIES), (error) => {
        assert.ok(error instanceof TwelvelabsApiError);
        return error.statusCode === status;
      });
    }
    assert.deepEqual(taken().slice(2), [
      'POST /assets → 415 BadRequestErrorBody',
      'POST /assets → 400 BadRequestErrorBody',
      'POST /assets → 400 BadRequestErrorBody',
    ]);
  });

  test('multipart: create, more URLs, chunks PUT, reported in two batches with a duplicate, status, lists', async () => {
    const size = 60 * 1024 + 100; // 61 chunks: the first answer has 50 URLs
    const bytes = Buffer.alloc(size, 3);
    const session = await sdk.multipartUpload.create({ filename: 'long.mp4', type: 'video', totalSize: size });
    const { uploadId = '', uploadUrls = [] } = session;
    assert.deepEqual([session.chunkSize, session.totalChunks, uploadUrls.length], [1024, 61, 50]);
    const more = await sdk.multipartUpload.getAdditionalPresignedUrls(uploadId, { start: 51, count: 50 });
    assert.deepEqual([more.startIndex, more.count], [51, 11]);
    const chunks: TwelvelabsApi.CompletedChunk[] = [];
    for (const { chunkIndex = 0, url = '' } of [...uploadUrls, ...(more.uploadUrls ?? [])]) {
      const body = bytes.subarray((chunkIndex - 1) * 1024, chunkIndex * 1024);
      const put = await realFetch(url, { method: 'PUT', body });
      const proof = (put.headers.get('etag') ?? '').replaceAll('"', '');
      chunks.push({ chunkIndex, proof, proofType: 'etag', chunkSize: body.length });
    }
    const unfinished = await sdk.multipartUpload.listIncompleteUploads({ pageLimit: 50 });
    assert.deepEqual(
      unfinished.data.map((u) => [u.uploadId, u.status, u.totalChunks]),
      [[uploadId, 'active', 61]],
    );
    const first = await sdk.multipartUpload.reportChunkBatch(uploadId, { completedChunks: chunks.slice(0, 40) });
    const statuses = [];
    for await (const chunk of await sdk.multipartUpload.getStatus(uploadId, { pageLimit: 25 })) statuses.push(chunk);
    assert.deepEqual(
      statuses.map((c) => c.index),
      chunks.slice(0, 40).map((c) => c.chunkIndex),
    );
    const last = await sdk.multipartUpload.reportChunkBatch(uploadId, { completedChunks: chunks.slice(39) });
    assert.deepEqual(
      [first.totalCompleted, first.assetId, last.processedChunks, last.duplicateChunks, last.totalCompleted],
      [40, undefined, 21, 1, 61],
    );
    const asset = await sdk.assets.retrieve(last.assetId ?? '');
    assert.deepEqual([asset.id, asset.method, asset.status, asset.size], [session.assetId, 'multipart', 'ready', size]);
    assert.equal((await sdk.multipartUpload.listIncompleteUploads()).data.length, 0);
    const wrongProof = { ...chunks[0], proof: 'd41d8cd98f00b204e9800998ecf8427e' };
    await assert.rejects(
      sdk.multipartUpload.reportChunkBatch(uploadId, { completedChunks: [wrongProof] }, NO_RETRIES),
      TwelvelabsApi.BadRequestError,
    );
    await assert.rejects(sdk.multipartUpload.getStatus('0123456789abcdef01234567', {}, NO_RETRIES));
    assert.deepEqual(
      new Set(taken()),
      new Set([
        'POST /assets/multipart-uploads → 201 CreateAssetUploadResponse',
        'POST /assets/multipart-uploads/{id}/presigned-urls → 200 RequestAdditionalPresignedUrLsResponse',
        'GET /assets/multipart-uploads → 200 ListIncompleteUploadsResponse',
        'POST /assets/multipart-uploads/{id} → 200 ReportChunkBatchResponse',
        'GET /assets/multipart-uploads/{id} → 200 GetUploadStatusResponse',
        'GET /assets/{id} → 200 AssetDetail',
        'POST /assets/multipart-uploads/{id} → 400 BadRequestErrorBody',
        'GET /assets/multipart-uploads/{id} → 404 NotFoundErrorBody',
      ]),
    );
  });
});
