import * as vscode from 'vscode';
import { sourceAssetName } from '../../core/presentAssets';
import { UploadSource } from '../../core/upload/addVideos';
import { VIDEO_EXTENSIONS } from '../../core/upload/limits';
import { Handler, Services } from '../services';
import { isIndexNode, isSourceAssetNode, selectedRows } from '../treeArguments';
import { chooseTarget, runUploads } from '../uploadRun';

/** The file dialog's filter: the extensions the Explorer offers the command on. */
export function videoFilters(): Record<string, string[]> {
  return { [vscode.l10n.t('Videos')]: [...VIDEO_EXTENSIONS] };
}

const isUri = (value: unknown): value is vscode.Uri =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Partial<vscode.Uri>).scheme === 'string' &&
  typeof (value as Partial<vscode.Uri>).fsPath === 'string';

/**
 * The files the Explorer passes: the clicked one and the whole selection, which holds it when
 * several are selected. Undefined when run from elsewhere.
 */
function explorerFiles(clicked: unknown, selected: unknown): vscode.Uri[] | undefined {
  const many = Array.isArray(selected) ? selected.filter(isUri) : [];
  if (many.length > 0) return many;
  return isUri(clicked) ? [clicked] : undefined;
}

/** The Assets view's selected rows: videos already uploaded, which only need indexing. */
function uploadedAssets(services: Services, clicked: unknown, selected: unknown): UploadSource[] {
  return selectedRows(clicked, selected, services.assetsView.selection)
    .filter(isSourceAssetNode)
    .map(({ asset }) => ({ kind: 'asset', assetId: asset._id, filename: sourceAssetName(asset) }));
}

/**
 * "Add to TwelveLabs Index…": from the Explorer, its selected files; from the Assets view, its
 * selected uploads; from an index row, files picked for that index; from the palette, files picked,
 * then the index.
 */
export const addToIndex =
  (services: Services): Handler =>
  async (clicked?: unknown, selected?: unknown) => {
    const title = vscode.l10n.t('Add to TwelveLabs Index');
    const assets = uploadedAssets(services, clicked, selected);
    if (assets.length > 0) {
      const target = await chooseTarget(services, undefined, title);
      if (target !== undefined) await runUploads(services, target, assets);
      return;
    }
    const files =
      (isIndexNode(clicked) ? undefined : explorerFiles(clicked, selected)) ??
      (await vscode.window.showOpenDialog({
        title,
        canSelectMany: true,
        openLabel: vscode.l10n.t('Add to Index'),
        filters: videoFilters(),
      }));
    if (files === undefined || files.length === 0) return;
    const remote = files.find((uri) => uri.scheme !== 'file');
    if (remote !== undefined) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Only files on this computer can be uploaded, and “{0}” is not one. Copy it to a local folder first.',
          remote.toString(),
        ),
      );
      return;
    }
    const target = await chooseTarget(services, clicked, title);
    if (target === undefined) return;
    await runUploads(
      services,
      target,
      files.map((uri) => ({ kind: 'file', path: uri.fsPath })),
    );
  };
