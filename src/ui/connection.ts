import * as vscode from 'vscode';
import { ListedKind, MAX_PAGE_LIMIT, TwelveLabsClient } from '../core/api/client';
import { ListSettings } from '../core/accountTree';
import { TwelveLabsError } from '../core/api/errors';
import { RequestRecord, formatRequestRecord } from '../core/api/http';
import { Unreadable } from '../core/api/schemas';
import { ApiKeyStore } from './apiKeyStore';
import { SETTING } from './contributions';

/**
 * The base URL setting. In an untrusted workspace VS Code drops the workspace's value
 * (restrictedConfigurations in package.json), so a workspace cannot send the key elsewhere.
 */
export function baseUrlSetting(): string | undefined {
  return vscode.workspace.getConfiguration().get<string>(SETTING.apiBaseUrl);
}

/** Page size and sort order of the tree's lists. */
export function listSettings(): ListSettings {
  const configuration = vscode.workspace.getConfiguration();
  const pageSize = configuration.get<number>(SETTING.pageSize) ?? MAX_PAGE_LIMIT;
  const sort = configuration.get<string>(SETTING.sortOrder);
  return {
    pageLimit: Math.min(MAX_PAGE_LIMIT, Math.max(10, Math.round(pageSize) || MAX_PAGE_LIMIT)),
    sort: sort === 'oldest' || sort === 'recentlyUpdated' ? sort : 'newest',
  };
}

/** Seconds between live status rounds; 0 turns them off. */
export function liveStatusIntervalMs(): number {
  const seconds = vscode.workspace.getConfiguration().get<number>(SETTING.liveStatusInterval) ?? 10;
  return seconds > 0 ? Math.max(5, seconds) * 1000 : 0;
}

/** How many deletes may be in flight at once; the runner clamps it. */
export function deleteConcurrencySetting(): number | undefined {
  return vscode.workspace.getConfiguration().get<number>(SETTING.deleteConcurrency);
}

/** Builds the API client from the stored key and the base URL setting. */
export class Connection {
  constructor(
    private readonly keyStore: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Method, path, status, time and request ID at debug level; never headers or bodies. */
  readonly logRequest = (record: RequestRecord): void => {
    this.log.debug(formatRequestRecord(record));
  };

  /** A list item left out of the view, with what is wrong and the item as sent. */
  readonly logUnreadable = (what: ListedKind, item: Unreadable): void => {
    // Every kind starts with a vowel: "an index", "an asset reference".
    this.log.warn(`TwelveLabs sent an ${what} this extension could not read (${item.problem}): ${item.json}`);
  };

  /** The client for the current key and setting. Throws TwelveLabsError: `noKey`, or `config` for an unusable setting. */
  async client(): Promise<TwelveLabsClient> {
    const apiKey = await this.keyStore.get();
    if (apiKey === undefined) {
      throw new TwelveLabsError({
        kind: 'noKey',
        message: vscode.l10n.t('No TwelveLabs API key is set. Run “TwelveLabs: Set API Key...” first.'),
      });
    }
    return new TwelveLabsClient({
      baseUrl: baseUrlSetting(),
      apiKey,
      onRequest: this.logRequest,
      onUnreadable: this.logUnreadable,
    });
  }
}
