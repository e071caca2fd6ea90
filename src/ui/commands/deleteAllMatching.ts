import * as vscode from 'vscode';
import { AssetFilter, TwelveLabsClient } from '../../core/api/client';
import { messageOf } from '../../core/api/errors';
import { MatchingAssets, MatchingCount, countMatching } from '../../core/matchingAssets';
import { indexName } from '../../core/present';
import { allMatchingConfirmation, allMatchingLabel, allMatchingNotes, isTheCount } from '../../core/presentRuns';
import { VIEW_ID } from '../contributions';
import { askInModal, deleteIndexedAssets, reportIndexedAssets, withProgressAndCancel } from '../deleteRun';
import { showError } from '../notify';
import { pickIndex } from '../pickers';
import { Handler, Services } from '../services';
import { isIndexNode } from '../treeArguments';
import { askAndApplyFilter } from './filter';

interface Chosen {
  index: { id: string; name: string };
  filter: AssetFilter;
}

/**
 * Deletes everything an index's filter matches, from a filtered index's context menu or the
 * palette (pick an index; one without a filter is filtered first). The server counts; the modal
 * names the count; above 100 the user types it; then the matches are deleted as they are listed.
 */
export function deleteAllMatching(services: Services): Handler {
  return async (clicked?: unknown) => {
    let client: TwelveLabsClient;
    try {
      client = await services.connection.client();
    } catch (error) {
      await showError(services.log, vscode.l10n.t('Nothing was deleted. {0}', messageOf(error)), error);
      return;
    }
    const chosen = await choose(client, clicked, services);
    if (chosen === undefined) {
      return;
    }
    // One Delete All Matching per index at a time; single deletes meanwhile find their assets gone.
    const claim = services.inFlight.claim([{ indexId: chosen.index.id, assetId: '*' }]);
    if (claim.targets.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('A Delete All Matching is already running in “{0}”.', chosen.index.name),
      );
      return;
    }
    try {
      await confirmAndRun(client, chosen, services);
    } finally {
      claim.release();
    }
  };
}

async function choose(client: TwelveLabsClient, clicked: unknown, services: Services): Promise<Chosen | undefined> {
  let index: { id: string; name: string } | undefined;
  if (isIndexNode(clicked)) {
    index = { id: clicked.index._id, name: indexName(clicked.index) };
  } else {
    try {
      const picked = await pickIndex(client, vscode.l10n.t('Delete All Matching: choose the index'));
      index = picked && { id: picked._id, name: indexName(picked) };
    } catch (error) {
      await showError(services.log, vscode.l10n.t('Could not list your indexes. {0}', messageOf(error)), error);
      return undefined;
    }
  }
  if (index === undefined) {
    return undefined;
  }
  // Everything in an index is not what this command is for: without a filter, ask for one first.
  const filter = services.model.assetFilterOf(index.id) ?? (await askAndApplyFilter(index, services));
  return filter && { index, filter };
}

async function confirmAndRun(client: TwelveLabsClient, { index, filter }: Chosen, services: Services): Promise<void> {
  let count: MatchingCount;
  try {
    count = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
      countMatching(client, index.id, filter),
    );
  } catch (error) {
    await showError(
      services.log,
      vscode.l10n.t('Nothing was deleted: the matching assets could not be counted. {0}', messageOf(error)),
      error,
    );
    return;
  }
  const { total } = count;
  if (total === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Nothing in “{0}” matches the filter, so nothing was deleted.', index.name),
    );
    return;
  }
  const confirmation = allMatchingConfirmation(index.name, filter, total);
  const choice = await askInModal(confirmation.message, confirmation.detail, [confirmation.confirmLabel]);
  if (choice !== confirmation.confirmLabel || !(await typedTheCount(confirmation.typeTheCount, total))) {
    return;
  }
  const run = await withProgressAndCancel(total, async (control) => {
    const matching = new MatchingAssets(client, index, filter, { count, signal: control.signal });
    const label = allMatchingLabel(index.name, filter);
    const results = await deleteIndexedAssets(client, matching, services, control, { kind: 'allMatching', label });
    // A stop at the record's modal leaves its item cancelled; a Cancel between items, only the signal.
    const cancelled = control.signal?.aborted === true || results.some(({ outcome }) => outcome.kind === 'cancelled');
    return { results, matching, cancelled };
  });
  const { results, matching, cancelled } = run;
  const notes = allMatchingNotes({
    confirmed: total,
    taken: results.length,
    beyondLimit: matching.beyondLimit,
    cancelled,
    listError: matching.error?.message,
  });
  if (matching.error !== undefined) {
    services.log.error(`Delete All Matching in “${index.name}” stopped: ${messageOf(matching.error)}`);
  }
  services.log.info(
    `Delete All Matching in “${index.name}”: ${results.length} taken of ${total}, ${matching.listRequests} list requests.`,
  );
  await reportIndexedAssets(results, services, notes);
}

/** Above the threshold, the second step: the user types the count. */
async function typedTheCount(prompt: string | undefined, total: number): Promise<boolean> {
  if (prompt === undefined) {
    return true;
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Delete All Matching'),
    prompt,
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' || isTheCount(value, total) ? undefined : vscode.l10n.t('Type {0} to confirm.', total),
  });
  return typed !== undefined && isTheCount(typed, total);
}
