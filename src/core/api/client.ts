import * as l10n from '@vscode/l10n';
import { normalizeApiKey, withoutKey } from '../apiKey';
import { idSegment } from '../ids';
import { parseBaseUrl } from './baseUrl';
import { TwelveLabsError } from './errors';
import { HttpConfig, RequestRecord, send } from './http';
import { RateLimit } from './rateLimit';
import { UploadCalls } from './uploadCalls';
import {
  Index,
  IndexedAsset,
  Page,
  Retrieved,
  Unreadable,
  parseIndexPage,
  parseIndexedAssetPage,
  parseRetrieved,
} from './schemas';
import {
  AssetReference,
  SourceAsset,
  parseCreatedIndexedAsset,
  parseReferencePage,
  parseSourceAssetPage,
} from './assetSchemas';

/** The API refuses a larger page_limit with 400 parameter_invalid. */
export const MAX_PAGE_LIMIT = 50;
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ClientOptions {
  /** The twelvelabs.apiBaseUrl setting as the user wrote it; empty means the default. */
  baseUrl: string | undefined;
  apiKey: string;
  timeoutMs?: number;
  onRequest?: (record: RequestRecord) => void;
  /** Told of each list item that could not be read and was left out, e.g. to log it. */
  onUnreadable?: (what: ListedKind, item: Unreadable) => void;
}

/** What a list holds, for the log line about an item that could not be read. */
export type ListedKind = 'index' | 'indexed asset' | 'asset' | 'asset reference';

export type SortOrder = 'newest' | 'oldest' | 'recentlyUpdated';

const SORT_QUERY: Record<SortOrder, { sort_by: string; sort_option: string }> = {
  newest: { sort_by: 'created_at', sort_option: 'desc' },
  oldest: { sort_by: 'created_at', sort_option: 'asc' },
  recentlyUpdated: { sort_by: 'updated_at', sort_option: 'desc' },
};

export interface PageRequest {
  /** 1-based. */
  page: number;
  pageLimit: number;
  /** Default newest first. */
  sort?: SortOrder;
  signal?: AbortSignal;
}

export interface IndexFilter {
  /** Part of the index name (the API's `index_name`). */
  name?: string;
}

export interface AssetFilter {
  /** Part of the filename (the API's `filename`). */
  filename?: string;
  /** Any of these statuses (the API's repeated `status`). */
  statuses?: readonly string[];
}

/** The calls this extension makes to TwelveLabs API v1.3. Throws only TwelveLabsError. */
export class TwelveLabsClient {
  private readonly config: HttpConfig;
  private readonly onUnreadable: ClientOptions['onUnreadable'];
  /** Uploads, with the same base URL, key and log as every other call. */
  readonly uploads: UploadCalls;

  /** Throws a `config` or `invalidInput` error when the setting or the key cannot be used. */
  constructor(options: ClientOptions) {
    this.config = {
      baseUrl: parseBaseUrl(options.baseUrl),
      apiKey: normalizeApiKey(options.apiKey),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onRequest: options.onRequest,
    };
    this.onUnreadable = options.onUnreadable;
    this.uploads = new UploadCalls(this.config);
  }

  get origin(): string {
    return this.config.baseUrl.origin;
  }

  async listIndexes(request: PageRequest, filter: IndexFilter = {}): Promise<Page<Index>> {
    const response = await send(this.config, {
      method: 'GET',
      path: '/indexes',
      query: { ...pageQuery(request), ...SORT_QUERY[request.sort ?? 'newest'], index_name: nonEmpty(filter.name) },
      signal: request.signal,
    });
    return this.reported('index', parseIndexPage(response.body, request));
  }

  async listIndexedAssets(
    indexId: string,
    request: PageRequest,
    filter: AssetFilter = {},
  ): Promise<Page<IndexedAsset>> {
    const response = await send(this.config, {
      method: 'GET',
      path: `/indexes/${idSegment(indexId, 'index')}/indexed-assets`,
      query: {
        ...pageQuery(request),
        ...SORT_QUERY[request.sort ?? 'newest'],
        filename: nonEmpty(filter.filename),
        status: filter.statuses && filter.statuses.length > 0 ? filter.statuses : undefined,
      },
      signal: request.signal,
    });
    return this.reported('indexed asset', parseIndexedAssetPage(response.body, request));
  }

  /** One index as the API describes it (`GET /indexes/{id}`). */
  async getIndex(indexId: string, signal?: AbortSignal): Promise<Retrieved> {
    const response = await send(this.config, {
      method: 'GET',
      path: `/indexes/${idSegment(indexId, 'index')}`,
      signal,
    });
    return parseRetrieved(response.body, 'an index');
  }

  /** One indexed asset in full, with `user_metadata` and `hls` when present. */
  async getIndexedAsset(indexId: string, assetId: string, signal?: AbortSignal): Promise<Retrieved> {
    const response = await send(this.config, {
      method: 'GET',
      path: `/indexes/${idSegment(indexId, 'index')}/indexed-assets/${idSegment(assetId, 'indexed asset')}`,
      signal,
    });
    return parseRetrieved(response.body, 'an indexed asset');
  }

  /**
   * Resolves when TwelveLabs confirms the delete, with the account's request budget when the
   * answer said; a missing asset is a `notFound` error.
   */
  async deleteIndexedAsset(indexId: string, assetId: string, signal?: AbortSignal): Promise<RateLimit | undefined> {
    const response = await send(this.config, {
      method: 'DELETE',
      path: `/indexes/${idSegment(indexId, 'index')}/indexed-assets/${idSegment(assetId, 'indexed asset')}`,
      signal,
    });
    return response.rateLimit;
  }

  /** POST /indexes/{indexId}/indexed-assets {asset_id, user_metadata?}: indexes an uploaded asset again. */
  async createIndexedAsset(
    indexId: string,
    assetId: string,
    userMetadata?: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ indexedAssetId: string | undefined }> {
    const path = `/indexes/${idSegment(indexId, 'index')}/indexed-assets`;
    idSegment(assetId, 'asset'); // checked as the path's IDs are: an implausible one is refused before sending
    // JSON leaves out a user_metadata that is undefined.
    const body = { asset_id: assetId, user_metadata: userMetadata };
    const response = await send(this.config, { method: 'POST', path, body, signal });
    return parseCreatedIndexedAsset(response.body);
  }

  /** Uploaded source assets, newest first (the API offers no other order). */
  async listAssets(request: PageRequest, filter: { filename?: string } = {}): Promise<Page<SourceAsset>> {
    const response = await send(this.config, {
      method: 'GET',
      path: '/assets',
      query: { ...pageQuery(request), filename: nonEmpty(filter.filename) },
      signal: request.signal,
    });
    return this.reported('asset', parseSourceAssetPage(response.body, request));
  }

  /** One uploaded asset as the API describes it (`GET /assets/{id}`). */
  async getAsset(assetId: string, signal?: AbortSignal): Promise<Retrieved> {
    const response = await send(this.config, { method: 'GET', path: `/assets/${idSegment(assetId, 'asset')}`, signal });
    return parseRetrieved(response.body, 'an asset');
  }

  /** The indexed assets that use an uploaded asset, in every index: what keeps it from being deleted. */
  async listAssetReferences(assetId: string, request: PageRequest): Promise<Page<AssetReference>> {
    const response = await send(this.config, {
      method: 'GET',
      path: `/assets/${idSegment(assetId, 'asset')}/indexed-assets`,
      query: pageQuery(request),
      signal: request.signal,
    });
    return this.reported('asset reference', parseReferencePage(response.body, request));
  }

  /**
   * Deletes an uploaded asset that no indexed asset uses; while one does, TwelveLabs answers 409, a
   * `conflict` error. Never sends `force=true`: what it does to the indexed assets is undocumented.
   */
  async deleteAsset(assetId: string, signal?: AbortSignal): Promise<RateLimit | undefined> {
    const response = await send(this.config, {
      method: 'DELETE',
      path: `/assets/${idSegment(assetId, 'asset')}`,
      signal,
    });
    return response.rateLimit;
  }

  private reported<T>(what: ListedKind, page: Page<T>): Page<T> {
    const { apiKey } = this.config;
    for (const { problem, json } of page.unreadable) {
      // What the server sent goes to the log, so an echoed key is taken out first.
      this.onUnreadable?.(what, { problem, json: withoutKey(json, apiKey) });
    }
    return page;
  }

  /** The cheapest authenticated call: resolves when the key works. */
  async checkKey(signal?: AbortSignal): Promise<void> {
    await this.listIndexes({ page: 1, pageLimit: 1, signal });
  }
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function pageQuery({ page, pageLimit }: PageRequest): { page: number; page_limit: number } {
  if (
    !Number.isInteger(page) ||
    page < 1 ||
    !Number.isInteger(pageLimit) ||
    pageLimit < 1 ||
    pageLimit > MAX_PAGE_LIMIT
  ) {
    throw new TwelveLabsError({
      kind: 'invalidInput',
      message: l10n.t('Pages are numbered from 1 and hold 1 to {0} items.', MAX_PAGE_LIMIT),
    });
  }
  return { page, page_limit: pageLimit };
}
