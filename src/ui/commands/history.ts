import * as os from 'node:os';
import * as vscode from 'vscode';
import { isTwelveLabsError, messageOf } from '../../core/api/errors';
import { HistoryEntry, RecordRead } from '../../core/history/deletionRecord';
import { historyAsCsv, historyAsJson } from '../../core/history/exportHistory';
import {
  entryItem,
  entryName,
  groupByOperation,
  isRestorable,
  nothingToRestore,
  operationHeading,
  restoreConfirmation,
  restoreFailedText,
  restoreSummary,
} from '../../core/history/presentHistory';
import { RestoreResult, checkUploads, restoreAll } from '../../core/history/restore';
import { RunControl, askInModal, withProgressAndCancel } from '../deleteRun';
import { reportSummary, showError } from '../notify';
import { Handler, Services } from '../services';

// Show Deletion History, Restore and Export Deletion History…: the deletion record (src/core/history)
// read back, shown grouped by operation, indexed again on request, or written to a file.

/** The record's entries newest first, grouped by operation; check some and press Enter, or a row's button, to restore. */
export function showDeletionHistory(services: Services): Handler {
  return () => pickAndAct(services);
}

/** With entries (from another command or a test) restores those; from the palette, opens the history to pick them. */
export function restore(services: Services): Handler {
  return async (entries?: unknown) => {
    const given = Array.isArray(entries) ? entries.filter(looksLikeEntry) : [];
    await (given.length > 0 ? restoreEntries(given, services) : pickAndAct(services));
  };
}

export function exportDeletionHistory(services: Services): Handler {
  return async () => {
    const read = await readRecord(services);
    if (read === undefined) return;
    if (read.entries.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The deletion history is empty: there is nothing to export.'),
      );
      return;
    }
    const now = new Date();
    const today = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const uri = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Deletion History'),
      defaultUri: vscode.Uri.joinPath(folder, `deletion-history-${today}.json`),
      filters: { JSON: ['json'], CSV: ['csv'] },
    });
    if (uri === undefined) return;
    const text = uri.path.toLowerCase().endsWith('.csv') ? historyAsCsv(read.entries) : historyAsJson(read.entries);
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (error) {
      await showError(services.log, vscode.l10n.t('Could not export the deletion history. {0}', reasonOf(error)));
      return;
    }
    const open = vscode.l10n.t('Open');
    const file = uri.path.split('/').pop() ?? '';
    const done =
      read.entries.length === 1
        ? vscode.l10n.t('Exported 1 entry of the deletion history to {0}.', file)
        : vscode.l10n.t('Exported {0} entries of the deletion history to {1}.', read.entries.length, file);
    if ((await vscode.window.showInformationMessage(done, open)) === open) {
      await vscode.commands.executeCommand('vscode.open', uri);
    }
  };
}

const looksLikeEntry = (value: unknown): value is HistoryEntry =>
  typeof value === 'object' && value !== null && typeof (value as HistoryEntry).id === 'string';

/** Not only API errors: the record is a file, whose errors say what went wrong with it. */
const reasonOf = (error: unknown): string =>
  !isTwelveLabsError(error) && error instanceof Error ? error.message : messageOf(error);

async function readRecord(services: Services): Promise<RecordRead | undefined> {
  try {
    return await services.record.read();
  } catch (error) {
    await showError(services.log, vscode.l10n.t('Could not read the deletion history. {0}', reasonOf(error)));
    return undefined;
  }
}

async function pickAndAct(services: Services): Promise<void> {
  // The picker opens at once, busy, so that what the user types while the record is read is kept.
  const pick = vscode.window.createQuickPick<EntryItem>();
  pick.title = vscode.l10n.t('Deletion History');
  pick.placeholder = vscode.l10n.t('Search by filename, index or ID; check entries to restore, then press Enter.');
  pick.busy = true;
  let closed = false as boolean; // set by the listener below, which the compiler cannot see
  const closing = pick.onDidHide(() => {
    closed = true;
  });
  pick.show();
  const read = await readRecord(services);
  closing.dispose();
  pick.busy = false;
  if (closed || read === undefined || read.entries.length === 0) {
    pick.dispose();
    if (!closed && read !== undefined) {
      void vscode.window.showInformationMessage(
        read.unreadableLines > 0
          ? vscode.l10n.t('The deletion history holds no entry that can be read. See the log.')
          : vscode.l10n.t('No deletes have been recorded yet.'),
      );
    }
    return;
  }
  if (read.unreadableLines > 0) {
    services.log.warn(
      `The deletion history has ${read.unreadableLines} unreadable lines, left out: ${services.record.filePath}`,
    );
  }
  const choice = await pickEntries(pick, read);
  if (choice === 'export') {
    await exportDeletionHistory(services)();
  } else if (choice !== undefined) {
    await restoreEntries(choice, services);
  }
}

type EntryItem = vscode.QuickPickItem & { entry?: HistoryEntry };

/** The entries the user chose to restore, 'export' for the title's Export button, undefined when closed. */
function pickEntries(
  pick: vscode.QuickPick<EntryItem>,
  { entries, unreadableLines }: RecordRead,
): Promise<HistoryEntry[] | 'export' | undefined> {
  const restoreButton = { iconPath: new vscode.ThemeIcon('discard'), tooltip: vscode.l10n.t('Restore') };
  if (unreadableLines > 0) {
    pick.title = vscode.l10n.t('Deletion History ({0} unreadable lines left out: see the log)', unreadableLines);
  }
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.buttons = [{ iconPath: new vscode.ThemeIcon('save'), tooltip: vscode.l10n.t('Export Deletion History…') }];
  pick.items = groupByOperation(entries).flatMap(({ operation, entries: group }) => [
    { kind: vscode.QuickPickItemKind.Separator, label: operationHeading(operation, group) },
    ...group.map((entry) => ({ ...entryItem(entry), entry, buttons: isRestorable(entry) ? [restoreButton] : [] })),
  ]);
  return new Promise((resolve) => {
    const finish = (choice: HistoryEntry[] | 'export' | undefined): void => {
      resolve(choice);
      pick.dispose();
    };
    pick.onDidTriggerButton(() => {
      finish('export');
    });
    pick.onDidTriggerItemButton(({ item }) => {
      finish(item.entry && [item.entry]);
    });
    pick.onDidAccept(() => {
      // Enter with nothing checked takes the highlighted entry.
      const chosen = pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems;
      finish(chosen.flatMap((item) => (item.entry ? [item.entry] : [])));
    });
    pick.onDidHide(() => {
      finish(undefined);
    });
  });
}

/**
 * Restore, top to bottom: keep the entries that can be restored, get the client, ask TwelveLabs
 * whether each upload still exists, ask in the modal, POST under progress, note each restore in
 * the record, show the new rows, report.
 */
async function restoreEntries(chosen: HistoryEntry[], services: Services): Promise<void> {
  if (!chosen.some(isRestorable)) {
    void vscode.window.showInformationMessage(nothingToRestore(chosen));
    return;
  }
  // An entry in a restore still open (its modal, or its POST) is left out: never indexed twice at once.
  const claim = services.inFlight.claim(
    chosen.filter(isRestorable).map((entry) => ({ indexId: 'restore', assetId: entry.id, entry })),
  );
  try {
    if (claim.targets.length > 0) {
      await restoreClaimed(
        chosen,
        claim.targets.map(({ entry }) => entry),
        services,
      );
    }
  } finally {
    claim.release();
  }
}

async function restoreClaimed(chosen: HistoryEntry[], restorable: HistoryEntry[], services: Services): Promise<void> {
  let client;
  try {
    client = await services.connection.client();
  } catch (error) {
    await showError(services.log, vscode.l10n.t('Nothing was restored. {0}', messageOf(error)), error);
    return;
  }
  const checks = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking the uploaded assets…') },
    () => checkUploads(client, restorable),
  );
  for (const { entry, error } of checks.unchecked) {
    services.log.warn(
      `Could not check the uploaded asset ${entry.assetId} of “${entryName(entry)}”: ${messageOf(error)}`,
    );
  }
  const { message, detail, confirmLabel } = restoreConfirmation({
    ...checks,
    unchecked: checks.unchecked.map(({ entry }) => entry),
    notRestorable: chosen.length - restorable.length,
  });
  const choice = await askInModal(message, detail, confirmLabel === undefined ? [] : [confirmLabel]);
  if (choice === undefined) return;

  /** Each write's failure, or undefined once written. */
  const noted: Promise<string | undefined>[] = [];
  const run = ({ signal, onSettled }: RunControl) =>
    restoreAll(client, checks.ready, {
      signal,
      onSettled: ({ entry, outcome }) => {
        // Noted as each one is restored, so that a window closed midway keeps what was done.
        if (outcome.kind === 'restored') {
          const write = services.record.writeRestored(entry.id, outcome.indexedAssetId);
          noted.push(write.then(() => undefined, reasonOf));
        }
        onSettled?.();
      },
    });
  const results =
    checks.ready.length === 1
      ? await run({})
      : await withProgressAndCancel(checks.ready.length, run, (settled, of) =>
          vscode.l10n.t('Restoring {0} of {1}…', Math.min(settled + 1, of), of),
        );
  const restored = results.filter(({ outcome }) => outcome.kind === 'restored');
  const perhaps = results.filter(({ outcome }) => outcome.kind === 'failed' && outcome.mayHaveStarted);
  for (const indexId of new Set([...restored, ...perhaps].map(({ entry }) => entry.indexId ?? ''))) {
    // The new rows show as pending, and live status follows them; a POST whose answer was lost is not counted.
    services.model.reloadAssets(indexId, restored.filter(({ entry }) => entry.indexId === indexId).length);
  }
  if (restored.length > 0) {
    services.assets.refresh(); // their uploads are used again
  }
  const unnoted = (await Promise.all(noted)).find((failure) => failure !== undefined);
  if (unnoted !== undefined) {
    const text = vscode.l10n.t(
      'The restore stands, but the deletion history could not note it, so it still offers Restore. {0}',
      unnoted,
    );
    void showError(services.log, text, undefined, { warning: true });
  }
  await reportRestore(results, services);
}

async function reportRestore(results: RestoreResult[], services: Services): Promise<void> {
  if (results.length === 1) {
    const [{ entry, outcome }] = results;
    if (outcome.kind === 'restored') {
      const text = vscode.l10n.t('Restored “{0}”: TwelveLabs is indexing it again.', entryName(entry));
      vscode.window.setStatusBarMessage(text, 5000);
    } else if (outcome.kind === 'failed') {
      await showError(services.log, restoreFailedText(entry, outcome), outcome.error);
    }
    return;
  }
  const count = (kind: string) => results.filter(({ outcome }) => outcome.kind === kind).length;
  const problems = results.flatMap(({ entry, outcome }) =>
    outcome.kind === 'failed'
      ? [
          {
            text: `${restoreFailedText(entry, outcome)} (asset ${entry.assetId}, index ${entry.indexId})`,
            error: outcome.error,
          },
        ]
      : outcome.kind === 'cancelled'
        ? [{ text: `Cancelled before restoring “${entryName(entry)}” (asset ${entry.assetId}).` }]
        : [],
  );
  await reportSummary(services.log, restoreSummary(count('restored'), count('failed'), count('cancelled')), problems);
}
