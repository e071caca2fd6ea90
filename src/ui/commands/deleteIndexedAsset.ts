import * as vscode from 'vscode';
import { AssetNode } from '../../core/accountTree';
import { TwelveLabsClient } from '../../core/api/client';
import { messageOf } from '../../core/api/errors';
import { sourcesLeftUnused } from '../../core/assetUsage';
import { ItemResult } from '../../core/bulkDelete';
import { IndexedAssetJob, indexedAssetJob } from '../../core/deletionFacts';
import { DeleteTarget, deleteConfirmation, indexName } from '../../core/present';
import { sourcesLeftUnusedNote } from '../../core/presentAssets';
import { SourceAssetJob, SourceAssetResult } from '../../core/sourceAssetDelete';
import { VIEW_ID } from '../contributions';
import {
  RunControl,
  askInModal,
  recordAs,
  pickOrExplain,
  deleteIndexedAssets,
  deleteUploadedAssets,
  reportIndexedAssets,
  reportUploadedAssets,
  withProgressAndCancel,
} from '../deleteRun';
import { pickAssetsToDelete } from '../pickers';
import { Handler, Services } from '../services';
import { showError } from '../notify';
import { isAssetNode, selectedRows } from '../treeArguments';

const targetOf = ({ parent, asset }: AssetNode): IndexedAssetJob =>
  indexedAssetJob({ id: parent.index._id, name: indexName(parent.index) }, asset);

/**
 * Three ways in: the context menu passes the clicked row and the selection (both are deleted),
 * the Delete key passes FROM_SELECTION (the view's selection is deleted), and the palette passes
 * nothing (the user picks an index, then one or more assets).
 */
export function deleteIndexedAsset(services: Services): Handler {
  return async (clicked?: unknown, selection?: unknown) => {
    if (clicked === undefined) {
      const picked = await pickOrExplain(services, pickAssetsToDelete, (reason) =>
        vscode.l10n.t('Could not list your indexed assets. {0}', reason),
      );
      if (picked !== undefined) {
        await deleteTargets(picked, 0, services);
      }
      return;
    }
    const rows = selectedRows(clicked, selection, services.view.selection);
    const assets = rows.filter(isAssetNode);
    if (assets.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select one or more indexed assets to delete.'));
      return;
    }
    await deleteTargets(assets.map(targetOf), rows.length - assets.length, services);
  };
}

/**
 * The whole delete, top to bottom: claim the assets, get the client, find the source assets the
 * delete would leave unused, ask in the modal, run the deletes (with progress when there are
 * several), release the claim, then report. The report comes after the release: a notification
 * left open must not hold the assets.
 */
async function deleteTargets(targets: IndexedAssetJob[], ignored: number, services: Services): Promise<void> {
  const claim = services.inFlight.claim(targets);
  if (claim.targets.length === 0) {
    return; // each is in a delete already open, which will report on it
  }
  let outcome:
    { results: ItemResult<DeleteTarget>[]; sources: SourceAssetResult[] } | { noClient: unknown } | undefined;
  try {
    let client: TwelveLabsClient | undefined;
    try {
      // No key or an unusable setting: say so rather than ask for a confirmation that could not be acted on.
      client = await services.connection.client();
    } catch (error) {
      outcome = { noClient: error };
    }
    if (client !== undefined) {
      const sources = await sourcesWithoutOtherUsers(client, claim.targets, services);
      const { message, detail, confirmLabel } = deleteConfirmation(claim.targets, ignored);
      const note = sources.length > 0 ? sourcesLeftUnusedNote(sources) : undefined;
      const buttons = note ? [confirmLabel, note.buttonLabel] : [confirmLabel];
      const choice = await askInModal(message, note ? `${detail}\n\n${note.detail}` : detail, buttons);
      if (choice !== undefined) {
        const withSources = choice === note?.buttonLabel ? sources : [];
        const run = async (control: RunControl) => {
          const results = await deleteIndexedAssets(client, claim.targets, services, control, recordAs(claim.targets));
          return { results, sources: await deleteUploadedAssets(client, withSources, results, services, control) };
        };
        const total = claim.targets.length + withSources.length;
        outcome = total === 1 ? await run({}) : await withProgressAndCancel(total, run);
      }
    }
  } finally {
    claim.release();
  }
  if (outcome === undefined) {
    return; // Escape and Cancel send nothing
  }
  if ('noClient' in outcome) {
    await showError(
      services.log,
      vscode.l10n.t('Nothing was deleted. {0}', messageOf(outcome.noClient)),
      outcome.noClient,
    );
    return;
  }
  const { results, sources } = outcome;
  await reportIndexedAssets(results, services);
  if (sources.length > 0) {
    await reportUploadedAssets(sources, services);
  }
}

/**
 * The source assets that nothing but these indexed assets uses, for the modal's second button.
 * When that cannot be found out, the delete goes on without offering it, and the log says why.
 */
async function sourcesWithoutOtherUsers(
  client: TwelveLabsClient,
  targets: DeleteTarget[],
  services: Services,
): Promise<SourceAssetJob[]> {
  if (!targets.some((target) => target.sourceAssetId !== undefined)) {
    return [];
  }
  try {
    return await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
      sourcesLeftUnused(client, targets),
    );
  } catch (error) {
    services.log.warn(`Could not check which source assets the delete would leave unused: ${messageOf(error)}`);
    return [];
  }
}
