import * as vscode from 'vscode';
import { SourceAsset } from '../../core/api/assetSchemas';
import { messageOf } from '../../core/api/errors';
import { withReferences } from '../../core/assetUsage';
import { DeleteTarget } from '../../core/present';
import { assetDeleteConfirmation, referenceIndexName, sourceAssetName } from '../../core/presentAssets';
import { SourceAssetJob, SourceAssetResult } from '../../core/sourceAssetDelete';
import { ASSETS_VIEW_ID } from '../contributions';
import {
  RunControl,
  askInModal,
  recordAs,
  pickOrExplain,
  deleteIndexedAssets,
  deleteUploadedAssets,
  reportUploadedAssets,
  withProgressAndCancel,
} from '../deleteRun';
import { showError } from '../notify';
import { pickSourceAssetsToDelete } from '../pickers';
import { Handler, Services } from '../services';
import { isSourceAssetNode, selectedRows } from '../treeArguments';

interface Picked {
  assetId: string;
  assetName: string;
}

const pickedOf = (asset: SourceAsset): Picked => ({ assetId: asset._id, assetName: sourceAssetName(asset) });

/** From the Assets view's context menu or Delete key, or the palette, where the user checks assets in a list. */
export function deleteAsset(services: Services): Handler {
  return async (clicked?: unknown, selection?: unknown) => {
    if (clicked === undefined) {
      const picked = await pickOrExplain(services, pickSourceAssetsToDelete, (reason) =>
        vscode.l10n.t('Could not list your assets. {0}', reason),
      );
      if (picked !== undefined && picked.length > 0) {
        await deleteAssets(picked.map(pickedOf), 0, services);
      }
      return;
    }
    const rows = selectedRows(clicked, selection, services.assetsView.selection);
    const assets = rows.filter(isSourceAssetNode);
    if (assets.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select one or more uploaded assets to delete.'));
      return;
    }
    await deleteAssets(
      assets.map((node) => pickedOf(node.asset)),
      rows.length - assets.length,
      services,
    );
  };
}

/**
 * Top to bottom: claim the assets, get the client, ask TwelveLabs which indexed assets use each,
 * ask in the modal, delete, release the claim, then report. "Delete" deletes the assets nothing uses and keeps the others;
 * "Delete Asset and Its Indexed Assets" first deletes those indexed assets, each through the
 * indexed-asset DELETE, then each asset whose indexed assets are all gone.
 */
async function deleteAssets(picked: Picked[], ignored: number, services: Services): Promise<void> {
  const claim = services.inFlight.claim(picked);
  if (claim.targets.length === 0) {
    return; // each is in a delete already open, which will report on it
  }
  let results: SourceAssetResult[] | undefined;
  let failure: { error: unknown } | undefined;
  try {
    const client = await services.connection.client();
    const jobs = await vscode.window.withProgress({ location: { viewId: ASSETS_VIEW_ID } }, () =>
      withReferences(client, claim.targets),
    );
    const { message, detail, confirmLabel, withIndexedAssetsLabel } = assetDeleteConfirmation(jobs, ignored);
    const choice = await askInModal(
      message,
      detail,
      withIndexedAssetsLabel ? [confirmLabel, withIndexedAssetsLabel] : [confirmLabel],
    );
    if (choice !== undefined) {
      const references = choice === withIndexedAssetsLabel ? jobs.flatMap(referenceTargets) : [];
      const run = async (control: RunControl) => {
        const referenceResults = await deleteIndexedAssets(client, references, services, control, recordAs(references));
        return deleteUploadedAssets(client, jobs, referenceResults, services, control);
      };
      const total = references.length + jobs.length;
      results = total === 1 ? await run({}) : await withProgressAndCancel(total, run);
    }
  } catch (error) {
    failure = { error }; // no key, or the indexed assets that use them could not be listed: before any delete
  } finally {
    claim.release();
  }
  // After the release: a notification left open must not hold the assets.
  if (failure !== undefined) {
    await showError(services.log, vscode.l10n.t('Nothing was deleted. {0}', messageOf(failure.error)), failure.error);
  } else if (results !== undefined) {
    await reportUploadedAssets(results, services);
  }
}

/** The indexed assets that use an asset, as the indexed-asset delete takes them. */
function referenceTargets(job: SourceAssetJob): DeleteTarget[] {
  return job.references.map((reference) => ({
    indexId: reference.indexId,
    indexName: referenceIndexName(reference),
    assetId: reference._id,
    assetName: job.assetName,
    sourceAssetId: job.assetId,
  }));
}
