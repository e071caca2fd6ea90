// The contract with the official SDK (twelvelabs-js): each call we make sends the SDK's path, query and
// body, byte for byte (parameter and key order aside; a form as the fake reads it), and every body the fake
// answers parses under the SDK's schemas in strict mode, uploads included. The endpoints table of
// docs/api-conformance.md is generated from this run.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { TwelvelabsApi, TwelvelabsApiClient, TwelvelabsApiError } from 'twelvelabs-js';
import * as serializers from 'twelvelabs-js/serialization';
import type { SortOrder } from '../../src/core/api/client';
import type { FakeTwelveLabsApi } from '../fake-api/server';
import type { RecordedRequest } from '../fake-api/types';
import { REPO_ROOT } from '../support/manifest';
import { videoFile } from '../support/uploadServer';
import type {
  ChunkReport,
  IncompleteUpload,
  PresignedUrl,
  UploadSession,
  UploadStatus,
  UploadedAsset,
} from '../../src/core/api/uploadSchemas';
import { openLocalVideo } from '../../src/core/upload/localFile';
import { clientFor, rejectsWith, startFake } from './support';

const DOC = join(REPO_ROOT, 'docs', 'api-conformance.md');
const NO_RETRIES = { maxRetries: 0 };

/** What the SDK's own schemas say, strictly: the SDK itself parses leniently. */
const STRICT = {
  unrecognizedObjectKeys: 'fail',
  allowUnrecognizedUnionMembers: false,
  allowUnrecognizedEnumValues: false,
  skipValidation: false,
} as const;

type Parsed = { ok: true } | { ok: false; errors: { path: string[]; message: string }[] };
type Schema = { parse: (raw: unknown, options: typeof STRICT) => Parsed };

/**
 * Per operation: name, SDK call, request, the SDK's schema of its success (none: a 204 without body) and of
 * its documented errors other than 400 (the SDK reads any other error, even 401 or 429, as a 400's body).
 */
type Operation = [name: string, sdkCall: string, request: string, ok?: string, errors?: Record<number, string>];
const ASSETS = '/indexes/{index_id}/indexed-assets';
const UPLOADS = '/assets/multipart-uploads';
const NOT_FOUND = { 404: 'NotFoundErrorBody' };
const OPERATIONS = {
  listIndexes: ['List indexes', 'indexes.list', 'GET /indexes', 'IndexesListResponse'],
  retrieveIndex: ['Retrieve an index', 'indexes.retrieve', 'GET /indexes/{index_id}', 'IndexSchema'],
  listIndexedAssets: [
    'List indexed assets',
    'indexes.indexedAssets.list',
    `GET ${ASSETS}`,
    'indexes.IndexedAssetsListResponse',
  ],
  retrieveIndexedAsset: [
    'Retrieve an indexed asset',
    'indexes.indexedAssets.retrieve',
    `GET ${ASSETS}/{indexed_asset_id}`,
    'IndexedAssetDetailed',
    NOT_FOUND,
  ],
  createIndexedAsset: [
    'Index an uploaded asset',
    'indexes.indexedAssets.create',
    `POST ${ASSETS}`,
    'indexes.IndexedAssetsCreateResponse',
    NOT_FOUND,
  ],
  deleteIndexedAsset: [
    'Delete an indexed asset',
    'indexes.indexedAssets.delete',
    `DELETE ${ASSETS}/{indexed_asset_id}`,
  ],
  listAssets: ['List assets', 'assets.list', 'GET /assets', 'AssetsListResponse'],
  retrieveAsset: ['Retrieve an asset', 'assets.retrieve', 'GET /assets/{asset_id}', 'AssetDetail', NOT_FOUND],
  deleteAsset: [
    'Delete an asset',
    'assets.delete',
    'DELETE /assets/{asset_id}',
    undefined,
    { 409: 'ConflictErrorBody' },
  ],
  listAssetReferences: [
    'List the indexed assets that use an asset',
    'indexes.indexedAssets.listByAsset',
    'GET /assets/{asset_id}/indexed-assets',
    'indexes.IndexedAssetsListByAssetResponse',
  ],
  uploadAsset: ['Upload an asset: a file, or from a URL', 'assets.create', 'POST /assets', 'Asset'],
  startMultipart: [
    'Start a multipart upload',
    'multipartUpload.create',
    `POST ${UPLOADS}`,
    'CreateAssetUploadResponse',
  ],
  presignedUrls: [
    'More presigned URLs for chunks',
    'multipartUpload.getAdditionalPresignedUrls',
    `POST ${UPLOADS}/{upload_id}/presigned-urls`,
    'RequestAdditionalPresignedUrLsResponse',
    NOT_FOUND,
  ],
  reportChunks: [
    'Report uploaded chunks',
    'multipartUpload.reportChunkBatch',
    `POST ${UPLOADS}/{upload_id}`,
    'ReportChunkBatchResponse',
    NOT_FOUND,
  ],
  uploadStatus: [
    'The state of a multipart upload',
    'multipartUpload.getStatus',
    `GET ${UPLOADS}/{upload_id}`,
    'GetUploadStatusResponse',
    NOT_FOUND,
  ],
  listIncompleteUploads: [
    'List unfinished multipart uploads',
    'multipartUpload.listIncompleteUploads',
    `GET ${UPLOADS}`,
    'ListIncompleteUploadsResponse',
  ],
} satisfies Record<string, Operation>;
type OperationName = keyof typeof OPERATIONS;

function schemaFor(name: OperationName, status: number): string | undefined {
  const [, , , ok, errors] = OPERATIONS[name] as Operation;
  if (status < 300) return ok;
  return errors?.[status] ?? 'BadRequestErrorBody';
}

/** Calls compared with the SDK's per operation, and bodies checked per operation and status, for the document. */
const compared = new Map<string, number>();
const checked = new Map<string, number>();
const count = (tally: Map<string, number>, key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

/** One parameter as sent: `name=value`, still percent-encoded. */
const sentPairs = (request: RecordedRequest) => (request.rawQuery === '' ? [] : request.rawQuery.split('&').sort());

function lastRequest(fake: FakeTwelveLabsApi): RecordedRequest {
  const request = fake.requests.at(-1);
  assert.ok(request, 'no request reached the fake');
  return request;
}

/** What must match: a form's boundary and the order of query parameters aside. */
const asCompared = (request: RecordedRequest) => ({
  method: request.method,
  path: request.path,
  query: sentPairs(request),
  body: request.body,
  contentType: request.headers['content-type']?.toString().replace(/;\s*boundary=.*$/, ''),
  length: request.headers['content-length'] === undefined ? request.headers['transfer-encoding'] : 'known',
});

/** Sends the same call through our client and the SDK; both must reach the fake identically, page by page. */
async function sameRequests(
  fake: FakeTwelveLabsApi,
  name: OperationName,
  ours: () => Promise<unknown>,
  sdk: () => Promise<unknown>,
): Promise<RecordedRequest> {
  count(compared, name);
  const start = fake.requests.length;
  await ours();
  const mine = fake.requests.slice(start);
  await sdk();
  const official = fake.requests.slice(start + mine.length);
  assert.ok(mine.length > 0 && official.length > 0, 'a call sent nothing');
  assert.deepEqual(mine.map(asCompared), official.map(asCompared));
  return mine[mine.length - 1];
}

/** The operation of an answer: the one whose request matches with the fewest {placeholders}. */
function operationOf(method: string, path: string): OperationName {
  const candidates = (Object.entries(OPERATIONS) as [OperationName, Operation][]).flatMap(([name, operation]) => {
    const [verb, template] = operation[2].split(' ');
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
    return verb === method && pattern.test(path) ? [[template.split('{').length, name] as const] : [];
  });
  return candidates.sort(([a], [b]) => a - b)[0]?.[1] ?? assert.fail(`no operation for ${method} ${path}`);
}

/** Parses an answer under the SDK's schema for its operation and status, strictly, and counts it. */
function answerConforms(name: OperationName, status: number, text: string, where: string): void {
  const schemaName = schemaFor(name, status);
  // A delete answers 204, and a 429 is documented with only the X-Ratelimit-* headers: no body.
  if (status === 204 || status === 429 || schemaName === undefined) {
    assert.equal(text, '', `${where}: a body where none is defined`);
  } else {
    const schema = schemaName.split('.').reduce<unknown>((scope, part) => (scope as never)[part], serializers);
    assert.ok(schema, `twelvelabs-js/serialization has no ${schemaName}`);
    const parsed = (schema as Schema).parse(JSON.parse(text), STRICT);
    assert.ok(parsed.ok, `${where} is not a strict ${schemaName}: ${JSON.stringify(parsed.ok ? [] : parsed.errors)}`);
  }
  count(checked, `${name} ${status}`);
}

const SORTS: { ours: SortOrder; sortBy: 'created_at' | 'updated_at'; sortOption: 'asc' | 'desc' }[] = [
  { ours: 'newest', sortBy: 'created_at', sortOption: 'desc' },
  { ours: 'oldest', sortBy: 'created_at', sortOption: 'asc' },
  { ours: 'recentlyUpdated', sortBy: 'updated_at', sortOption: 'desc' },
];

const STATUS_SETS: (('ready' | 'failed' | 'indexing')[] | undefined)[] = [
  undefined,
  ['failed'],
  ['ready', 'indexing', 'failed'],
];

/** A filter text with everything encoders disagree on: a space, +, *, (), !, ', ~, non-ASCII. */
const AWKWARD = "my clip (1)+2*3 it's ~ü!";

describe('our requests are the SDK’s requests', async () => {
  const fake = await startFake();
  const ours = clientFor(fake);
  const sdk = new TwelvelabsApiClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  const index = fake.account.indexes.find((candidate) => candidate.index_name === 'Support calls 2026');
  assert.ok(index);
  const assets = fake.account.assets.filter((candidate) => candidate.index_id === index._id);

  const sameRequest = (name: OperationName, ours: () => Promise<unknown>, sdk: () => Promise<unknown>) =>
    sameRequests(fake, name, ours, sdk);

  test('list indexes: every sort, paging, and the name filter', async () => {
    for (const { ours: sort, sortBy, sortOption } of SORTS) {
      for (const name of [undefined, 'Support', AWKWARD]) {
        await sameRequest(
          'listIndexes',
          () => ours.listIndexes({ page: 2, pageLimit: 7, sort }, { name }),
          () => sdk.indexes.list({ page: 2, pageLimit: 7, sortBy, sortOption, indexName: name }, NO_RETRIES),
        );
      }
    }
  });

  test('list indexed assets: filename, one or several statuses, every sort, paging', async () => {
    for (const { ours: sort, sortBy, sortOption } of SORTS) {
      for (const statuses of STATUS_SETS) {
        for (const filename of [undefined, AWKWARD]) {
          const sent = await sameRequest(
            'listIndexedAssets',
            () => ours.listIndexedAssets(index._id, { page: 3, pageLimit: 50, sort }, { filename, statuses }),
            () =>
              sdk.indexes.indexedAssets.list(
                index._id,
                { page: 3, pageLimit: 50, sortBy, sortOption, filename, status: statuses },
                NO_RETRIES,
              ),
          );
          const encoded = 'filename=my%20clip%20%281%29%2B2%2A3%20it%27s%20~%C3%BC%21';
          assert.equal(sent.rawQuery.includes(encoded), filename !== undefined, sent.rawQuery);
        }
      }
    }
  });

  test('retrieve an index and an indexed asset', async () => {
    await sameRequest(
      'retrieveIndex',
      () => ours.getIndex(index._id),
      () => sdk.indexes.retrieve(index._id, NO_RETRIES),
    );
    await sameRequest(
      'retrieveIndexedAsset',
      () => ours.getIndexedAsset(index._id, assets[0]._id),
      () => sdk.indexes.indexedAssets.retrieve(index._id, assets[0]._id, {}, NO_RETRIES),
    );
  });

  test('uploaded assets: list (paging, filename), retrieve, the indexed assets that use one, delete', async () => {
    for (const filename of [undefined, AWKWARD]) {
      await sameRequest(
        'listAssets',
        () => ours.listAssets({ page: 2, pageLimit: 50 }, { filename }),
        () => sdk.assets.list({ page: 2, pageLimit: 50, filename }, NO_RETRIES),
      );
    }
    const used = assets[0].asset_id ?? '';
    await sameRequest(
      'retrieveAsset',
      () => ours.getAsset(used),
      () => sdk.assets.retrieve(used, NO_RETRIES),
    );
    await sameRequest(
      'listAssetReferences',
      () => ours.listAssetReferences(used, { page: 1, pageLimit: 50 }),
      () => sdk.indexes.indexedAssets.listByAsset(used, { page: 1, pageLimit: 50 }, NO_RETRIES),
    );
    // In use: both get the 409, as the SDK's ConflictError and our `conflict`, and nothing is deleted.
    const sent = await sameRequest(
      'deleteAsset',
      () => rejectsWith(ours.deleteAsset(used), 'conflict'),
      () => assert.rejects(sdk.assets.delete(used, {}, NO_RETRIES), TwelvelabsApi.ConflictError),
    );
    assert.deepEqual([sent.method, sent.rawQuery], ['DELETE', '']);
  });

  test('index an uploaded asset: with and without user_metadata, and an upload that does not exist', async () => {
    const upload = fake.account.sourceAssets?.find((candidate) => candidate.status === 'ready')?._id ?? '';
    for (const userMetadata of [{ customer: 'acme', minutes: 12.5, escalated: true }, undefined]) {
      await sameRequest(
        'createIndexedAsset',
        () => ours.createIndexedAsset(index._id, upload, userMetadata),
        // Given undefined, the SDK would send user_metadata: null.
        () =>
          sdk.indexes.indexedAssets.create(
            index._id,
            { assetId: upload, ...(userMetadata && { userMetadata }) },
            NO_RETRIES,
          ),
      );
    }
    const missing = '0123456789abcdef01234567';
    await sameRequest(
      'createIndexedAsset',
      () => rejectsWith(ours.createIndexedAsset(index._id, missing), 'notFound'),
      () =>
        assert.rejects(
          sdk.indexes.indexedAssets.create(index._id, { assetId: missing }, NO_RETRIES),
          TwelvelabsApi.NotFoundError,
        ),
    );
  });

  test('delete an indexed asset (two different ones: a second delete is answered resource_not_exist)', async () => {
    const [first, second] = assets.slice(-2);
    await ours.deleteIndexedAsset(index._id, first._id);
    const mine = lastRequest(fake);
    await sdk.indexes.indexedAssets.delete(index._id, second._id, NO_RETRIES);
    const official = lastRequest(fake);
    count(compared, 'deleteIndexedAsset');
    assert.deepEqual([mine.method, official.method], ['DELETE', 'DELETE']);
    assert.equal(mine.path.replace(first._id, '‹id›'), official.path.replace(second._id, '‹id›'));
    assert.deepEqual([mine.rawQuery, official.rawQuery], ['', '']);
  });
});

/** Fetches `path` from the fake and parses the answer under the SDK's schema for it; returns the status. */
async function conforms(
  fake: FakeTwelveLabsApi,
  name: OperationName,
  path: string,
  method = 'GET',
  key = fake.apiKey,
  body?: object,
) {
  const headers = { 'x-api-key': key, ...(body && { 'content-type': 'application/json' }) };
  const response = await fetch(`${fake.baseUrl}${path}`, { method, headers, body: body && JSON.stringify(body) });
  answerConforms(name, response.status, await response.text(), `${method} ${path} → ${response.status}`);
  return response.status;
}

describe('every answer of the fake parses under the SDK’s schemas, strictly', async () => {
  const fake = await startFake();
  const { indexes, assets } = fake.account;
  const missing = '0123456789abcdef01234567';
  const expect = async (name: OperationName, paths: Record<string, number>, method?: string, key?: string) => {
    for (const [path, status] of Object.entries(paths))
      assert.equal(await conforms(fake, name, path, method, key), status);
  };

  test('list indexes: every sort, page size and page, past the end, and the name filter', async () => {
    for (const { sortBy, sortOption } of SORTS) {
      for (const limit of [1, 2, 50]) {
        for (let page = 1; page <= Math.ceil(indexes.length / limit) + 1; page++) {
          const query = `page=${page}&page_limit=${limit}&sort_by=${sortBy}&sort_option=${sortOption}`;
          await expect('listIndexes', { [`/indexes?${query}`]: 200 });
        }
      }
    }
    await expect('listIndexes', {
      '/indexes?index_name=Support': 200,
      '/indexes?index_name=no%20such%20index': 200,
      '/indexes?page_limit=51': 400,
    });
    await expect('listIndexes', { '/indexes': 401 }, 'GET', 'tlk_wrong');
  });

  test('retrieve every index, and one that does not exist', async () => {
    await expect('retrieveIndex', Object.fromEntries(indexes.map((index) => [`/indexes/${index._id}`, 200])));
    await expect('retrieveIndex', { [`/indexes/${missing}`]: 400 });
  });

  test('list every index’s indexed assets: each status, page sizes, the filename filter, bad input', async () => {
    for (const index of indexes) {
      const base = `/indexes/${index._id}/indexed-assets`;
      const paths: Record<string, number> = {};
      for (const limit of [1, 50]) {
        const pages = Math.ceil(assets.filter((asset) => asset.index_id === index._id).length / limit) + 1;
        for (let page = 1; page <= pages; page++) paths[`${base}?page=${page}&page_limit=${limit}`] = 200;
      }
      for (const status of ['ready', 'pending', 'queued', 'indexing', 'failed']) {
        paths[`${base}?page_limit=50&status=${status}`] = 200;
      }
      await expect('listIndexedAssets', { ...paths, [`${base}?filename=support%20call`]: 200 });
      await expect('listIndexedAssets', { [`${base}?status=processing`]: 400 });
    }
    await expect('listIndexedAssets', { [`/indexes/${missing}/indexed-assets`]: 400 });
  });

  test('retrieve every indexed asset, and one that does not exist', async () => {
    const paths = assets.map((asset) => [`/indexes/${asset.index_id}/indexed-assets/${asset._id}`, 200] as const);
    await expect('retrieveIndexedAsset', Object.fromEntries(paths));
    await expect('retrieveIndexedAsset', { [`/indexes/${indexes[0]._id}/indexed-assets/${missing}`]: 404 });
  });

  test('delete an indexed asset, then again', async () => {
    const path = `/indexes/${assets[0].index_id}/indexed-assets/${assets[0]._id}`;
    assert.equal(await conforms(fake, 'deleteIndexedAsset', path, 'DELETE'), 204);
    assert.equal(await conforms(fake, 'deleteIndexedAsset', path, 'DELETE'), 400);
  });

  test('uploaded assets: pages, types, filters, bad input; each asset and the indexed assets that use it', async () => {
    const ids = (fake.account.sourceAssets ?? []).map((upload) => upload._id);
    const queries = [1, 2, 3].map((page) => `page=${page}&page_limit=50`);
    queries.push(...['image', 'video', 'audio', 'document'].map((type) => `asset_types=${type}`));
    queries.push(`filename=podcast&asset_ids=${ids[0]}&asset_ids=${missing}`);
    const all = (paths: string[], status = 200) => Object.fromEntries(paths.map((path) => [path, status]));
    await expect('listAssets', all(queries.map((query) => `/assets?${query}`)));
    await expect('listAssets', all(['/assets?page_limit=51', '/assets?asset_types=pdf'], 400));
    await expect('retrieveAsset', { ...all(ids.map((id) => `/assets/${id}`)), [`/assets/${missing}`]: 404 });
    const references = all(ids.map((id) => `/assets/${id}/indexed-assets`));
    await expect('listAssetReferences', { ...references, [`/assets/${missing}/indexed-assets`]: 400 });
  });

  test('delete an asset: in use, unused, again, and in use with force=true', async () => {
    const used = assets.find((asset) => asset.asset_id)?.asset_id;
    const unused = fake.account.sourceAssets?.find((u) => !assets.some((asset) => asset.asset_id === u._id))?._id;
    const del = (path: string) => conforms(fake, 'deleteAsset', path, 'DELETE');
    const answers = [await del(`/assets/${used}`), await del(`/assets/${unused}`), await del(`/assets/${unused}`)];
    answers.push(await del(`/assets/${used}?force=true`));
    assert.deepEqual(answers, [409, 204, 400, 204]);
  });

  test('index an uploaded asset: with user_metadata or not, bad input, a missing index or upload; the new asset', async () => {
    const upload = fake.account.sourceAssets?.find((candidate) => candidate.status === 'ready')?._id;
    const create = (indexId: string, body: object) =>
      conforms(fake, 'createIndexedAsset', `/indexes/${indexId}/indexed-assets`, 'POST', fake.apiKey, body);
    const bodies: object[] = [{ asset_id: upload, user_metadata: { topic: 'billing', take: 2 } }, { asset_id: upload }];
    bodies.push({ asset_id: upload, user_metadata: null }, {}, { asset_id: 42 }, { asset_id: missing });
    const answers = [];
    for (const body of bodies) answers.push(await create(indexes[0]._id, body));
    answers.push(await create(missing, { asset_id: upload }));
    assert.deepEqual(answers, [202, 202, 202, 400, 400, 404, 404]);
    const made = assets.at(-1);
    await expect('retrieveIndexedAsset', { [`/indexes/${made?.index_id}/indexed-assets/${made?._id}`]: 200 });
    await expect('listIndexedAssets', { [`/indexes/${made?.index_id}/indexed-assets?status=pending`]: 200 });
  });

  test('multipart uploads: a session, refused bodies and paging, unknown sessions', async () => {
    const call = (method: string, path: string, body?: object) =>
      conforms(fake, operationOf(method, path.split('?')[0]), path, method, fake.apiKey, body);
    const good = { filename: 'a.mp4', type: 'video', total_size: 100 };
    const answers = [await call('POST', UPLOADS, good)];
    const session = `${UPLOADS}/${[...fake.uploads.keys()].at(-1)}`;
    for (const body of [{}, { ...good, type: 'document' }, { ...good, total_size: 11 * 1024 ** 3 }]) {
      answers.push(await call('POST', UPLOADS, body));
    }
    for (const body of [
      { start: 1, count: 1 },
      { start: 1, count: 51 },
      { start: 2, count: 1 },
    ]) {
      answers.push(await call('POST', `${session}/presigned-urls`, body));
    }
    answers.push(
      await call('POST', session, {}),
      await call('POST', session, { completed_chunks: [{ chunk_index: 1 }] }),
    );
    for (const query of ['page=1&page_limit=50', 'page=2&page_limit=1', 'page_limit=51']) {
      answers.push(await call('GET', `${session}?${query}`), await call('GET', `${UPLOADS}?${query}`));
    }
    answers.push(await call('POST', `${UPLOADS}/${missing}/presigned-urls`, { start: 1, count: 1 }));
    answers.push(await call('POST', `${UPLOADS}/${missing}`, { completed_chunks: [] }));
    assert.deepEqual(answers, [201, 400, 400, 400, 200, 400, 400, 400, 400, 200, 200, 200, 200, 400, 400, 404, 404]);
  });

  test('a rate-limited answer', async () => {
    // A clock that stands still, so the window cannot end between the requests.
    const limited = await startFake({ rateLimit: { requests: 1 }, now: () => Date.parse('2027-01-15T08:00:30Z') });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push(await conforms(limited, 'listIndexes', '/indexes'));
    assert.deepEqual(statuses, [200, 429, 429]);
  });
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('uploads: our requests are the SDK’s, and every answer the SDK gets parses strictly', async () => {
  const fake = await startFake({ chunkBytes: 1024, assetProcessingMs: 0 });
  const ours = clientFor(fake).uploads;
  const sdk = new TwelvelabsApiClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  const sameRequest = (name: OperationName, ours: () => Promise<unknown>, sdk: () => Promise<unknown>) =>
    sameRequests(fake, name, ours, sdk);
  // The SDK fetches with the global fetch: each answer is parsed on its way. A failure is kept for afterEach,
  // as the SDK would turn it into an error of its own.
  const realFetch = globalThis.fetch;
  let broken: Error | undefined;
  before(() => {
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.href.startsWith(fake.baseUrl)) return response;
      const method = init?.method ?? 'GET';
      const path = url.pathname.slice(new URL(fake.baseUrl).pathname.length);
      const where = `${method} ${path} → ${response.status}`;
      try {
        answerConforms(operationOf(method, path), response.status, await response.clone().text(), where);
      } catch (error) {
        broken ??= error as Error;
      }
      return response;
    };
  });
  after(() => (globalThis.fetch = realFetch));
  afterEach(() => {
    if (broken !== undefined) throw broken;
  });

  test('direct: the same form from both; without a filename field the asset is named after the file', async () => {
    const path = videoFile('clip.mp4', 3000);
    const file = new File([readFileSync(path)], 'clip.mp4', { type: 'video/mp4' });
    const video = await openLocalVideo(path);
    const sent = await sameRequest(
      'uploadAsset',
      () => ours.uploadFile(video),
      () => sdk.assets.create({ method: 'direct', file, filename: 'clip.mp4' }, NO_RETRIES),
    );
    assert.deepEqual(sent.body, {
      method: 'direct',
      filename: 'clip.mp4',
      file: { filename: 'clip.mp4', contentType: 'video/mp4', bytes: 3000 },
    });
    const plain = await sdk.assets.create({ method: 'direct', file }, NO_RETRIES);
    let asset: UploadedAsset | undefined;
    await sameRequest(
      'retrieveAsset',
      async () => (asset = await ours.getUploadedAsset(plain.id ?? '')),
      () => sdk.assets.retrieve(plain.id ?? '', NO_RETRIES),
    );
    assert.deepEqual(asset, { _id: plain.id, status: 'ready', filename: 'clip.mp4', size: 3000 });
  });

  test('url: with a filename, without, a blank one; the SDK’s refusals: a text file (415), no URL, no file', async () => {
    const url = 'https://media.example.com/talks/keynote%202026.mov';
    const names: (string | undefined)[] = [];
    for (const filename of ['keynote.mov', undefined, '  ']) {
      const given = filename?.trim() ? { filename } : {};
      const sent = await sameRequest(
        'uploadAsset',
        async () => names.push((await ours.addFromUrl(url, filename)).filename),
        () => sdk.assets.create({ method: 'url', url, ...given }, NO_RETRIES),
      );
      assert.deepEqual(sent.body, { method: 'url', url, ...given });
    }
    assert.deepEqual(names, ['keynote.mov', 'keynote 2026.mov', 'keynote 2026.mov']);
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
  });

  test('multipart: start, more URLs, two reports (one chunk twice), status of two pages, unfinished, refusals', async () => {
    const size = 60 * 1024 + 100; // 61 chunks of 1 KiB: the first answer has 50 URLs
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i >> 10) & 0xff)); // a different fill per chunk
    let session: UploadSession | undefined;
    await sameRequest(
      'startMultipart',
      async () => (session = await ours.startMultipart({ filename: 'long.mp4', size })),
      () => sdk.multipartUpload.create({ filename: 'long.mp4', type: 'video', totalSize: size }, NO_RETRIES),
    );
    const { uploadId, assetId, chunkSize, totalChunks, urls } = session ?? assert.fail('no session');
    assert.deepEqual([chunkSize, totalChunks, urls.length], [1024, 61, 50]);
    let more: PresignedUrl[] = [];
    await sameRequest(
      'presignedUrls',
      async () => (more = await ours.presignedUrls(uploadId, 51, 50)),
      () => sdk.multipartUpload.getAdditionalPresignedUrls(uploadId, { start: 51, count: 50 }, NO_RETRIES),
    );
    assert.deepEqual(
      more.map((url) => url.chunkIndex),
      range(51, 61),
    );
    const chunks: ChunkReport[] = [];
    for (const { chunkIndex, url } of [...urls, ...more]) {
      const body = bytes.subarray((chunkIndex - 1) * 1024, chunkIndex * 1024);
      const put = await fetch(url, { method: 'PUT', body });
      chunks.push({ chunkIndex, etag: (put.headers.get('etag') ?? '').replaceAll('"', ''), size: body.length });
    }
    const asSdk = (batch: ChunkReport[]) =>
      batch.map((c) => ({ chunkIndex: c.chunkIndex, proof: c.etag, proofType: 'etag' as const, chunkSize: c.size }));
    let unfinished: IncompleteUpload[] = [];
    await sameRequest(
      'listIncompleteUploads',
      async () => (unfinished = await ours.listIncompleteUploads()),
      () => sdk.multipartUpload.listIncompleteUploads({ page: 1, pageLimit: 50 }, NO_RETRIES),
    );
    assert.ok(unfinished.some((u) => u.uploadId === uploadId && u.status === 'active' && u.totalChunks === 61));
    const reported: unknown[] = [];
    for (const batch of [chunks.slice(0, 40), chunks.slice(39)]) {
      await sameRequest(
        'reportChunks',
        async () => reported.push(await ours.reportChunks(uploadId, batch)),
        () => sdk.multipartUpload.reportChunkBatch(uploadId, { completedChunks: asSdk(batch) }, NO_RETRIES),
      );
    }
    assert.deepEqual(reported, [
      { assetId: undefined, totalCompleted: 40 },
      { assetId, totalCompleted: 61 },
    ]);
    let status: UploadStatus | undefined;
    await sameRequest(
      'uploadStatus',
      async () => (status = await ours.uploadStatus(uploadId)),
      async () => {
        for (const page of [1, 2]) await sdk.multipartUpload.getStatus(uploadId, { page, pageLimit: 50 }, NO_RETRIES);
      },
    );
    assert.deepEqual([status?.status, status?.completedChunks], ['completed', range(1, 61)]);
    let asset: UploadedAsset | undefined;
    let detail: TwelvelabsApi.AssetDetail | undefined;
    await sameRequest(
      'retrieveAsset',
      async () => (asset = await ours.getUploadedAsset(assetId ?? '')),
      async () => (detail = await sdk.assets.retrieve(assetId ?? '', NO_RETRIES)),
    );
    assert.deepEqual(
      [asset, detail?.method],
      [{ _id: assetId, status: 'ready', filename: 'long.mp4', size }, 'multipart'],
    );
    const wrongProof = [{ ...chunks[0], etag: 'd41d8cd98f00b204e9800998ecf8427e' }];
    await sameRequest(
      'reportChunks',
      () => rejectsWith(ours.reportChunks(uploadId, wrongProof), 'badRequest'),
      () =>
        assert.rejects(
          sdk.multipartUpload.reportChunkBatch(uploadId, { completedChunks: asSdk(wrongProof) }, NO_RETRIES),
          TwelvelabsApi.BadRequestError,
        ),
    );
    const missing = '0123456789abcdef01234567';
    await sameRequest(
      'uploadStatus',
      () => rejectsWith(ours.uploadStatus(missing), 'notFound'),
      () =>
        assert.rejects(
          sdk.multipartUpload.getStatus(missing, { page: 1, pageLimit: 50 }, NO_RETRIES),
          TwelvelabsApi.NotFoundError,
        ),
    );
  });
});

/** The endpoints table of docs/api-conformance.md, from this run's counts; the rest of it is prose. */
function endpointsTable(): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rows = (Object.entries(OPERATIONS) as [OperationName, Operation][]).map(([key, [name, sdkCall, request]]) => {
    const answers = [...checked]
      .filter(([tally]) => tally.startsWith(`${key} `))
      .sort(([a], [b]) => Number(a.split(' ')[1]) - Number(b.split(' ')[1]))
      .map(([tally, n]) => {
        const status = Number(tally.split(' ')[1]);
        const schema = schemaFor(key, status);
        return `${status} ${status === 204 || status === 429 || !schema ? 'empty body' : `\`${schema}\``} × ${n}`;
      });
    const cells = [name, `\`${request}\``, `\`${sdkCall}\``, String(compared.get(key) ?? 0), answers.join('; ')];
    return line(cells);
  });
  const head = ['Operation', 'Request', 'SDK call', "Calls compared with the SDK's"];
  const header = [...head, 'Answers parsed strictly (status, schema × bodies)'];
  return [line(header), line(header.map(() => '---')), ...rows].join('\n');
}

// Runs last: the suites above run in order and fill in the counts.
test('docs/api-conformance.md is what this run checks', () => {
  const doc = readFileSync(DOC, 'utf8');
  const table = /^\| Operation \|.*\n(?:\|.*\n)*/m;
  assert.match(doc, table, 'docs/api-conformance.md has no endpoints table');
  const generated = doc.replace(table, `${endpointsTable()}\n`);
  if (process.env.UPDATE_CONFORMANCE) writeFileSync(DOC, generated);
  else assert.equal(doc, generated, 'docs/api-conformance.md is stale: run `npm run conformance`');
});
