/**
 * Pure request handlers of the fake TwelveLabs API: (account, method, path, query) -> reply.
 * No I/O here; server.ts does recording, faults, the key check and the writing.
 */
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
  /** Forces one status for every resource_not_exist; by default each endpoint answers as documented. */
  notFoundStatus?: 404 | 400;
}

const DOCS_URL = 'https://docs.twelvelabs.io/v1.3/api-reference/error-codes';

/** The official schemas give 404 bodies a docs_url and 400 bodies none. */
export function errorReply(status: number, code: string, message: string, withDocs = status === 404): Reply {
  return { status, body: withDocs ? { code, message, docs_url: DOCS_URL } : { code, message } };
}

export function routeNotFound(): Reply {
  return errorReply(404, 'not_found', 'The requested resource was not found.', false);
}

/**
 * The API reference documents 400 resource_not_exist for retrieving an index, listing its indexed
 * assets and deleting one, and 404 only for retrieving an indexed asset.
 */
function resourceNotExist(ctx: RouteContext, id: string, documented: 400 | 404): Reply {
  return errorReply(
    ctx.notFoundStatus ?? documented,
    'resource_not_exist',
    `Resource with id ${id} does not exist in the system.`,
  );
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
  const m = method.toUpperCase();
  if (segs.length === 1) return m === 'GET' ? listIndexes(ctx, query) : routeNotFound();
  const indexId = decode(segs[1]);
  if (segs.length === 2) return m === 'GET' ? getIndex(ctx, indexId) : routeNotFound();
  if (segs[2] !== 'indexed-assets' || segs.length > 4) return routeNotFound();
  if (segs.length === 3) return m === 'GET' ? listAssets(ctx, indexId, query) : routeNotFound();
  const assetId = decode(segs[3]);
  if (m === 'GET') return getAsset(ctx, indexId, assetId);
  if (m === 'DELETE') return deleteAsset(ctx, indexId, assetId);
  return routeNotFound();
}

interface Paging {
  page: number;
  limit: number;
  sortBy: 'created_at' | 'updated_at';
  asc: boolean;
}

function first(query: Query, name: string): string | undefined {
  return query[name]?.[0];
}

function parsePaging(query: Query): Paging | Reply {
  const pageRaw = first(query, 'page') ?? '1';
  if (!/^\d+$/.test(pageRaw) || Number(pageRaw) < 1) {
    return paramInvalid('page', 'It must be an integer greater than or equal to 1.');
  }
  const limitRaw = first(query, 'page_limit') ?? '10';
  if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 50) {
    return paramInvalid('page_limit', 'It must be an integer between 1 and 50.');
  }
  const sortBy = first(query, 'sort_by') ?? 'created_at';
  if (sortBy !== 'created_at' && sortBy !== 'updated_at') {
    return paramInvalid('sort_by', 'It must be one of: created_at, updated_at.');
  }
  const sortOption = first(query, 'sort_option') ?? 'desc';
  if (sortOption !== 'desc' && sortOption !== 'asc') {
    return paramInvalid('sort_option', 'It must be one of: desc, asc.');
  }
  return { page: Number(pageRaw), limit: Number(limitRaw), sortBy, asc: sortOption === 'asc' };
}

function isReply(x: Paging | Reply): x is Reply {
  return 'status' in x;
}

function pageOf<T extends { _id: string; created_at: string; updated_at: string }>(
  items: T[],
  p: Paging,
): { data: T[]; page_info: object } {
  const sorted = [...items].sort((a, b) => {
    const ta = Date.parse(a[p.sortBy]);
    const tb = Date.parse(b[p.sortBy]);
    const c = ta !== tb ? ta - tb : a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
    return p.asc ? c : -c;
  });
  const start = (p.page - 1) * p.limit;
  return {
    data: sorted.slice(start, start + p.limit),
    page_info: {
      limit_per_page: p.limit,
      page: p.page,
      total_page: Math.ceil(sorted.length / p.limit),
      total_results: sorted.length,
    },
  };
}

function indexView(ctx: RouteContext, index: FakeIndex): FakeIndex & { video_count: number; total_duration: number } {
  const assets = ctx.account.assets.filter((a) => a.index_id === index._id);
  const total = assets.reduce((sum, a) => sum + (a.system_metadata.duration ?? 0), 0);
  return { ...index, video_count: assets.length, total_duration: Math.round(total * 1000) / 1000 };
}

function listIndexes(ctx: RouteContext, query: Query): Reply {
  const paging = parsePaging(query);
  if (isReply(paging)) return paging;
  const name = first(query, 'index_name')?.toLowerCase();
  const matching = ctx.account.indexes.filter((i) => name === undefined || i.index_name.toLowerCase().includes(name));
  const page = pageOf(matching, paging);
  return { status: 200, body: { data: page.data.map((i) => indexView(ctx, i)), page_info: page.page_info } };
}

function findIndex(ctx: RouteContext, id: string): FakeIndex | undefined {
  return ctx.account.indexes.find((i) => i._id === id);
}

function getIndex(ctx: RouteContext, id: string): Reply {
  const index = findIndex(ctx, id);
  return index ? { status: 200, body: indexView(ctx, index) } : resourceNotExist(ctx, id, 400);
}

function assetListItem(a: FakeAsset): Record<string, unknown> {
  const item: Record<string, unknown> = { _id: a._id };
  if (a.asset_id !== undefined) item.asset_id = a.asset_id;
  item.status = a.status;
  item.system_metadata = { ...a.system_metadata };
  item.created_at = a.created_at;
  item.updated_at = a.updated_at;
  if (a.indexed_at !== undefined) item.indexed_at = a.indexed_at;
  return item;
}

function listAssets(ctx: RouteContext, indexId: string, query: Query): Reply {
  if (!findIndex(ctx, indexId)) return resourceNotExist(ctx, indexId, 400);
  const paging = parsePaging(query);
  if (isReply(paging)) return paging;
  const statuses = query.status ?? [];
  const bad = statuses.find((s) => !(ASSET_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined) return paramInvalid('status', `It must be one of: ${ASSET_STATUSES.join(', ')}.`);
  const filename = first(query, 'filename')?.toLowerCase();
  const matching = ctx.account.assets.filter(
    (a) =>
      a.index_id === indexId &&
      (statuses.length === 0 || statuses.includes(a.status)) &&
      (filename === undefined || (a.system_metadata.filename?.toLowerCase().includes(filename) ?? false)),
  );
  const page = pageOf(matching, paging);
  return { status: 200, body: { data: page.data.map(assetListItem), page_info: page.page_info } };
}

function findAsset(
  ctx: RouteContext,
  indexId: string,
  assetId: string,
  documented: 400 | 404,
): { asset: FakeAsset } | { error: Reply } {
  if (!findIndex(ctx, indexId)) return { error: resourceNotExist(ctx, indexId, documented) };
  const asset = ctx.account.assets.find((a) => a._id === assetId && a.index_id === indexId);
  return asset ? { asset } : { error: resourceNotExist(ctx, assetId, documented) };
}

function getAsset(ctx: RouteContext, indexId: string, assetId: string): Reply {
  const found = findAsset(ctx, indexId, assetId, 404);
  if ('error' in found) return found.error;
  const asset = found.asset;
  const body = assetListItem(asset);
  if (asset.user_metadata !== undefined) body.user_metadata = { ...asset.user_metadata };
  if (asset.status === 'ready') {
    const media = `${ctx.origin}/media/${asset._id}`;
    body.hls = {
      video_url: `${media}/stream.m3u8`,
      thumbnail_urls: [`${media}/thumbnail-0.jpg`],
      status: 'COMPLETE',
    };
  }
  return { status: 200, body };
}

function deleteAsset(ctx: RouteContext, indexId: string, assetId: string): Reply {
  const found = findAsset(ctx, indexId, assetId, 400);
  if ('error' in found) return found.error;
  const i = ctx.account.assets.indexOf(found.asset);
  ctx.account.assets.splice(i, 1);
  return { status: 204 };
}
