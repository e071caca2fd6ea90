import * as vscode from 'vscode';
import { DetailsTarget, detailsJson, detailsPath, parseDetailsPath } from '../core/details';
import { Connection } from './connection';

export const DETAILS_SCHEME = 'twelvelabs';

/**
 * Read-only JSON documents of what the API answers for an index, an indexed asset or an uploaded
 * asset, e.g. `twelvelabs:/indexes/<id>.json`: VS Code offers no way to edit what a content provider gives.
 */
export class DetailsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Text fetched by load(), handed out once: a document opened later (e.g. reopened) is fetched afresh. */
  private readonly loaded = new Map<string, string>();

  constructor(private readonly connection: Connection) {}

  /**
   * Fetches the details before anything is opened, so a failure opens nothing. Throws
   * TwelveLabsError. Resolves with the URI to open; a document already open shows the new text.
   */
  async load(target: DetailsTarget): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: detailsPath(target) });
    this.loaded.set(uri.toString(), await this.fetch(uri));
    this.changed.fire(uri);
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    const text = this.loaded.get(key);
    this.loaded.delete(key);
    return text ?? this.fetch(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async fetch(uri: vscode.Uri): Promise<string> {
    const target = parseDetailsPath(uri.path);
    const client = await this.connection.client();
    if ('uploadId' in target) {
      return detailsJson(await client.getAsset(target.uploadId));
    }
    const { indexId, assetId } = target;
    return detailsJson(
      assetId === undefined ? await client.getIndex(indexId) : await client.getIndexedAsset(indexId, assetId),
    );
  }
}
