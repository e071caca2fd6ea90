/** Pure request handlers of the fake TwelveLabs API: (account, method, path, query) -> reply; server.ts does the I/O. */
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
}

const DOCS_URL = 'https://docs.twelvelabs.io/v1.3/api-reference/error-codes';

/** The official schemas give 404 bodies a docs_url and 400 bodies none. */
export function errorReply(status: number, code: string, message: string, withDocs = status === 404): Reply {
  return { status, body: withDocs ? { code, message, docs_url: DOCS_URL } : { code, message } };
}

export const routeNotFound = (): Reply => errorReply(404, 'not_found', 'The requested resource was not found.', false);

/** Documented: 400 for retrieving an index, listing its assets and deleting one; 404 for retrieving an asset. */
function resourceNotExist(id: string, status: 400 | 404): Reply {
  return errorReply(status, 'resource_not_exist', `Resource with id ${id} does not exist in the system.`);
}

function paramInvalid(name: string, detail: string): Reply {
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
export function route(ctx: RouteContext, method: string, path: string, query: Query): Reply {
  const segs = path.split('/').slice(1);
  if (!path.startsWith('/') || segs[0] !== 'indexes' || segs.includes('')) return routeNotFound();
  const [indexId, assetId] = [decode(segs[1] ?? ''), decode(segs[3] ?? '')];
  const get = method.toUpperCase() === 'GET';
  if (segs.length === 1) return get ? listIndexes(ctx, query) : routeNotFound();
  if (segs.length === 2) return get ? getIndex(ctx, indexId) : routeNotFound();
  if (segs[2] !== 'indexed-assets' || segs.length > 4) return routeNotFound();
  if (segs.length === 3) return get ? listAssets(ctx, indexId, query) : routeNotFound();
  if (get) return getAsset(ctx, indexId, assetId);
  return method.toUpperCase() === 'DELETE' ? deleteAsset(ctx, indexId, assetId) : routeNotFound();
}

interface Paging {
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
function parsePaging(query: Query): Paging | Reply {
  const values = PAGING.map(([name, fallback]) => query[name]?.[0] ?? fallback);
  const bad = PAGING.findIndex(([, , valid], i) => !valid(values[i]));
  if (bad >= 0) return paramInvalid(PAGING[bad][0], `It must be ${PAGING[bad][3]}.`);
  const [page, limit, sortBy, sortOption] = values;
  return { page: Number(page), limit: Number(limit), sortBy: sortBy as Paging['sortBy'], asc: sortOption === 'asc' };
}

/** One page of `items` (sorted, ties by _id) as the list endpoints answer it, each item shown by `view`. */
function pageOf<T extends FakeIndex | FakeAsset>(
  items: T[],
  paging: Paging | Reply,
  view: (item: T) => unknown,
): Reply {
  if ('status' in paging) return paging;
  const { page, limit, sortBy, asc } = paging;
  const sorted = [...items].sort((a, b) => {
    const c = Date.parse(a[sortBy]) - Date.parse(b[sortBy]) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
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
