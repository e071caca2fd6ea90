/**
 * Pure request handlers of the fake TwelveLabs API: (context, method, path, query, body) -> reply; server.ts does
 * the I/O. The context's clock moves the assets a POST indexes along, so no timer runs.
 */
import { randomBytes } from 'node:crypto';
import { ASSET_STATUSES } from './types';
import type { FakeAccount, FakeAsset, FakeIndex, Query } from './types';

export interface Reply {
  status: number;
  /** JSON-serialisable body; absent for an empty body (e.g. 204). */
  body?: unknown;
}

export interface RouteContext {
  account: FakeAccount;
  origin: string;
  /** Epoch ms. */
  now: number;
  /** How long an asset indexed by a POST takes. */
  indexingMs: number;
}

const DOCS_URL = 'https://docs.twelvelabs.io/v1.3/api-reference/error-codes';

/** The official schemas give 404 and 409 bodies a docs_url and 400 bodies none. */
export function errorReply(status: number, code: string, message: string, withDocs = status === 404): Reply {
  return { status, body: withDocs ? { code, message, docs_url: DOCS_URL } : { code, message } };
}

export const routeNotFound = (): Reply => errorReply(404, 'not_found', 'The requested resource was not found.', false);

/**
 * Documented: 404 for retrieving an indexed asset or an uploaded one; 400 for every other call on a missing ID
 * (an index, its indexed assets, a delete, the indexed assets that use an uploaded asset).
 */
function resourceNotExist(id: string, status: 400 | 404): Reply {
  return errorReply(status, 'resource_not_exist', `Resource with id ${id} does not exist in the system.`);
}

export function paramInvalid(name: string, detail: string): Reply {
  return errorReply(400, 'parameter_invalid', `The ${name} parameter is invalid. ${detail}`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Routes a request whose path is already relative to the base path ("/indexes/..."). */
export function route(ctx: RouteContext, method: string, path: string, query: Query, body?: unknown): Reply {
  const segs = path.split('/').slice(1);
  if (!path.startsWith('/') || segs.includes('')) return routeNotFound();
  advanceIndexing(ctx);
  if (segs[0] === 'assets') return routeSourceAssets(ctx, method.toUpperCase(), segs.slice(1).map(decode), query);
  if (segs[0] !== 'indexes') return routeNotFound();
  const [indexId, assetId] = [decode(segs[1] ?? ''), decode(segs[3] ?? '')];
  const get = method.toUpperCase() === 'GET';
  if (segs.length === 1) return get ? listIndexes(ctx, query) : routeNotFound();
  if (segs.length === 2) return get ? getIndex(ctx, indexId) : routeNotFound();
  if (segs[2] !== 'indexed-assets' || segs.length > 4) return routeNotFound();
  if (segs.length === 3) {
    if (get) return listAssets(ctx, indexId, query);
    return method.toUpperCase() === 'POST' ? createAsset(ctx, indexId, body) : routeNotFound();
  }
  if (get) return getAsset(ctx, indexId, assetId);
  return method.toUpperCase() === 'DELETE' ? deleteAsset(ctx, indexId, assetId) : routeNotFound();
}

export interface Paging {
  page: number;
  limit: number;
  sortBy: 'created_at' | 'updated_at';
  asc: boolean;
}

const isCount = (v: string, max = Infinity) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max;
const PAGING: [name: string, fallback: string, valid: (value: string) => boolean, rule: string][] = [
  ['page', '1', (v) => isCount(v), 'an integer greater than or equal to 1'],
  ['page_limit', '10', (v) => isCount(v, 50), 'an integer between 1 and 50'],
  ['sort_by', 'created_at', (v) => v === 'created_at' || v === 'updated_at', 'one of: created_at, updated_at'],
  ['sort_option', 'desc', (v) => v === 'desc' || v === 'asc', 'one of: desc, asc'],
];

/** Reads page, page_limit, sort_by and sort_option; a Reply for the first invalid one. */
export function parsePaging(query: Query): Paging | Reply {
  const values = PAGING.map(([name, fallback]) => query[name]?.[0] ?? fallback);
  const bad = PAGING.findIndex(([, , valid], i) => !valid(values[i]));
  if (bad >= 0) return paramInvalid(PAGING[bad][0], `It must be ${PAGING[bad][3]}.`);
  const [page, limit, sortBy, sortOption] = values;
  return { page: Number(page), limit: Number(limit), sortBy: sortBy as Paging['sortBy'], asc: sortOption === 'asc' };
}

/** One page of `items` (sorted, ties by _id) as the list endpoints answer it, each item shown by `view`. */
function pageOf<T extends { _id: string; created_at: string; updated_at?: string }>(
  items: T[],
  paging: Paging | Reply,
  view: (item: T) => unknown,
): Reply {
  if ('status' in paging) return paging;
  const { page, limit, sortBy, asc } = paging;
  const time = (item: T) => Date.parse(item[sortBy] ?? item.created_at);
  const sorted = [...items].sort((a, b) => {
    const c = time(a) - time(b) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
    return asc ? c : -c;
  });
  const data = sorted.slice((page - 1) * limit, page * limit).map(view);
  const total = sorted.length;
  const pageInfo = { limit_per_page: limit, page, total_page: Math.ceil(total / limit), total_results: total };
  return { status: 200, body: { data, page_info: pageInfo } };
}

function indexView(ctx: RouteContext, index: FakeIndex): FakeIndex & { video_count: number; total_duration: number } {
  const assets = ctx.account.assets.filter((a) => a.index_id === index._id);
  const total = assets.reduce((sum, a) => sum + (a.system_metadata.duration ?? 0), 0);
  return { ...index, video_count: assets.length, total_duration: Math.round(total * 1000) / 1000 };
}

function listIndexes(ctx: RouteContext, query: Query): Reply {
  const name = query.index_name?.[0]?.toLowerCase();
  const matching = ctx.account.indexes.filter((i) => name === undefined || i.index_name.toLowerCase().includes(name));
  return pageOf(matching, parsePaging(query), (i) => indexView(ctx, i));
}

const findIndex = (ctx: RouteContext, id: string) => ctx.account.indexes.find((i) => i._id === id);

function getIndex(ctx: RouteContext, id: string): Reply {
  const index = findIndex(ctx, id);
  return index ? { status: 200, body: indexView(ctx, index) } : resourceNotExist(id, 400);
}

/** An asset as the list answers it: no index_id or user_metadata, keys in the API's order. */
function assetListItem({ _id, asset_id, status, system_metadata, created_at, updated_at, indexed_at }: FakeAsset) {
  return { _id, asset_id, status, system_metadata: { ...system_metadata }, created_at, updated_at, indexed_at };
}

function listAssets(ctx: RouteContext, indexId: string, query: Query): Reply {
  if (!findIndex(ctx, indexId)) return resourceNotExist(indexId, 400);
  const paging = parsePaging(query);
  const statuses = query.status ?? [];
  if ('status' in paging) return paging;
  if (statuses.some((s) => !(ASSET_STATUSES as readonly string[]).includes(s))) {
    return paramInvalid('status', `It must be one of: ${ASSET_STATUSES.join(', ')}.`);
  }
  const filename = query.filename?.[0]?.toLowerCase();
  const matching = ctx.account.assets.filter(
    (a) =>
      a.index_id === indexId &&
      (statuses.length === 0 || statuses.includes(a.status)) &&
      (filename === undefined || (a.system_metadata.filename?.toLowerCase().includes(filename) ?? false)),
  );
  return pageOf(matching, paging, assetListItem);
}

function findAsset(ctx: RouteContext, indexId: string, assetId: string, documented: 400 | 404): FakeAsset | Reply {
  if (!findIndex(ctx, indexId)) return resourceNotExist(indexId, documented);
  const asset = ctx.account.assets.find((a) => a._id === assetId && a.index_id === indexId);
  return asset ?? resourceNotExist(assetId, documented);
}

function getAsset(ctx: RouteContext, indexId: string, assetId: string): Reply {
  const asset = findAsset(ctx, indexId, assetId, 404);
  if (!('_id' in asset)) return asset;
  const media = `${ctx.origin}/media/${asset._id}`;
  const hls = { video_url: `${media}/stream.m3u8`, thumbnail_urls: [`${media}/thumbnail-0.jpg`], status: 'COMPLETE' };
  const user_metadata = asset.user_metadata && { ...asset.user_metadata };
  const body = { ...assetListItem(asset), user_metadata, hls: asset.status === 'ready' ? hls : undefined };
  return { status: 200, body };
}

function deleteAsset(ctx: RouteContext, indexId: string, assetId: string): Reply {
  const asset = findAsset(ctx, indexId, assetId, 400);
  if (!('_id' in asset)) return asset;
  ctx.account.assets.splice(ctx.account.assets.indexOf(asset), 1);
  return { status: 204 };
}

/** ObjectId-like: the creation second in hex, then random hex. */
export function newId(ms: number): string {
  const seconds = Math.floor(ms / 1000).toString(16);
  return seconds.padStart(8, '0') + randomBytes(8).toString('hex');
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const isMetadata = (value: unknown): value is Record<string, string | number | boolean> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => ['string', 'number', 'boolean'].includes(typeof v));

/**
 * Indexes an upload again: 202 (documented) with `{_id, asset_id}`, and the new asset advances by itself. A missing
 * index or upload: 404 resource_not_exist (the endpoint documents a 404, not which IDs it covers). An upload that
 * is not ready: 400 parameter_invalid (the docs say it must be ready, not what the answer is otherwise).
 */
function createAsset(ctx: RouteContext, indexId: string, body: unknown): Reply {
  if (!findIndex(ctx, indexId)) return resourceNotExist(indexId, 404);
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { asset_id: id, enable_video_stream: stream } = fields;
  const metadata = fields.user_metadata ?? undefined; // the SDK sends null for an undefined userMetadata
  if (id === undefined) return errorReply(400, 'parameter_not_provided', 'The asset_id parameter is required.');
  if (typeof id !== 'string' || id === '') return paramInvalid('asset_id', 'It must be a non-empty string.');
  if (stream !== undefined && typeof stream !== 'boolean') {
    return paramInvalid('enable_video_stream', 'It must be a boolean.');
  }
  if (metadata !== undefined && !isMetadata(metadata)) {
    return paramInvalid('user_metadata', 'It must map keys to strings, numbers or booleans.');
  }
  const upload = findSourceAsset(ctx, id);
  if (!upload) return resourceNotExist(id, 404);
  if (upload.status !== 'ready') return paramInvalid('asset_id', 'The asset status must be ready.');
  const _id = newId(ctx.now);
  const { filename, duration, size } = upload;
  ctx.account.assets.push({
    _id,
    index_id: indexId,
    asset_id: id,
    status: 'pending',
    system_metadata: { filename, duration, size },
    created_at: iso(ctx.now),
    updated_at: iso(ctx.now),
    user_metadata: metadata,
    indexing: { since: ctx.now, ms: ctx.indexingMs },
  });
  advanceIndexing(ctx);
  return { status: 202, body: { _id, asset_id: id } };
}

/** Moves the assets a POST made on by the time since: pending, indexing from half-way, then ready. No timers. */
function advanceIndexing({ account, now }: RouteContext): void {
  for (const asset of account.assets) {
    if (asset.indexing === undefined) continue;
    const { since, ms } = asset.indexing;
    if (now < since + ms / 2) continue;
    const ready = now >= since + ms;
    asset.status = ready ? 'ready' : 'indexing';
    asset.updated_at = iso(ready ? since + ms : since + ms / 2);
    if (ready) {
      asset.indexed_at = asset.updated_at;
      delete asset.indexing;
    }
  }
}

// The uploaded source assets: /assets, /assets/{id} and /assets/{id}/indexed-assets. A FakeSourceAsset is
// stored as the API answers it (an AssetDetail without hls or thumbnail, which nothing here reads).

/** What each asset_types value matches, by MIME type. */
const ASSET_TYPES: Record<string, string[]> = {
  image: ['image/'],
  video: ['video/'],
  audio: ['audio/'],
  document: ['application/', 'text/'],
};

function routeSourceAssets(ctx: RouteContext, method: string, segs: string[], query: Query): Reply {
  const [id, sub] = segs;
  if (segs.length > 2 || (segs.length === 2 && sub !== 'indexed-assets')) return routeNotFound();
  if (segs.length === 0) return method === 'GET' ? listSourceAssets(ctx, query) : routeNotFound();
  if (segs.length === 2) return method === 'GET' ? listUsers(ctx, id, query) : routeNotFound();
  if (method === 'GET') return getSourceAsset(ctx, id);
  return method === 'DELETE' ? deleteSourceAsset(ctx, id, query) : routeNotFound();
}

/** Paging without sort parameters: these lists are always newest first. */
const newestFirst = (query: Query) => parsePaging({ page: query.page, page_limit: query.page_limit });

function listSourceAssets(ctx: RouteContext, query: Query): Reply {
  const paging = newestFirst(query);
  if ('status' in paging) return paging;
  const types = query.asset_types ?? [];
  if (types.some((type) => !Object.hasOwn(ASSET_TYPES, type))) {
    return paramInvalid('asset_types', `It must be one of: ${Object.keys(ASSET_TYPES).join(', ')}.`);
  }
  const prefixes = types.flatMap((type) => ASSET_TYPES[type]);
  const ids = query.asset_ids;
  const filename = query.filename?.[0]?.toLowerCase();
  const matching = (ctx.account.sourceAssets ?? []).filter(
    (a) =>
      (prefixes.length === 0 || prefixes.some((prefix) => a.file_type.startsWith(prefix))) &&
      (ids === undefined || ids.includes(a._id)) &&
      (filename === undefined || (a.filename?.toLowerCase().includes(filename) ?? false)),
  );
  return pageOf(matching, paging, (asset) => asset);
}

const findSourceAsset = (ctx: RouteContext, id: string) => ctx.account.sourceAssets?.find((a) => a._id === id);
const usersOf = (ctx: RouteContext, id: string) => ctx.account.assets.filter((a) => a.asset_id === id);

function getSourceAsset(ctx: RouteContext, id: string): Reply {
  const asset = findSourceAsset(ctx, id);
  return asset ? { status: 200, body: asset } : resourceNotExist(id, 404);
}

/** The indexed assets made from an uploaded asset, in every index (the SDK's IndexedAssetSummary). */
function listUsers(ctx: RouteContext, id: string, query: Query): Reply {
  if (!findSourceAsset(ctx, id)) return resourceNotExist(id, 400);
  const indexName = (indexId: string) => findIndex(ctx, indexId)?.index_name;
  return pageOf(usersOf(ctx, id), newestFirst(query), (a) => ({
    _id: a._id,
    index: { _id: a.index_id, name: indexName(a.index_id) },
  }));
}

/**
 * A 409 while an indexed asset uses it, unless force=true (documented). The code `asset_in_use` is our guess:
 * the SDK names none. What force does to those indexed assets is undocumented: here they stay, asset_id and all.
 */
function deleteSourceAsset(ctx: RouteContext, id: string, query: Query): Reply {
  const asset = findSourceAsset(ctx, id);
  if (!asset) return resourceNotExist(id, 400);
  const users = usersOf(ctx, id).length;
  if (users > 0 && query.force?.[0] !== 'true') {
    const message = `The asset ${id} is used by ${users} indexed asset(s). Delete them first, or set force to true.`;
    return errorReply(409, 'asset_in_use', message, true);
  }
  ctx.account.sourceAssets?.splice(ctx.account.sourceAssets.indexOf(asset), 1);
  return { status: 204 };
}
