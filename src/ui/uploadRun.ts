import * as vscode from 'vscode';
import { messageOf } from '../core/api/errors';
import { indexName } from '../core/present';
import {
  AddEvents,
  AddResult,
  AddTarget,
  UploadSource,
  UploadStep,
  addVideos,
  prepareUploads,
} from '../core/upload/addVideos';
import { Throughput, addProblems, addSummary, uploadProgressText } from '../core/upload/presentUploads';
import { commandId } from './contributions';
import { pickOrExplain, withCancellableProgress } from './deleteRun';
import { reportSummary, showError } from './notify';
import { pickIndex } from './pickers';
import { Services } from './services';
import { isIndexNode } from './treeArguments';

/** The notification's text changes at most this often: a fast upload reports bytes thousands of times a second. */
const REPORT_EVERY_MS = 250;

/** The index a command acts on: the row it was run on, or the one the user picks (undefined when they close the picker). */
export async function chooseTarget(
  services: Services,
  clicked: unknown,
  title: string,
): Promise<AddTarget | undefined> {
  const index = isIndexNode(clicked)
    ? clicked.index
    : await pickOrExplain(
        services,
        (client) => pickIndex(client, title),
        (reason) => vscode.l10n.t('Could not list the indexes: {0}', reason),
      );
  return index && { indexId: index._id, indexName: indexName(index) };
}

/**
 * Uploads `sources` into `target` under one cancellable progress notification; each video's row shows
 * as soon as it is indexed. Ends with a summary whose problems are in the log.
 */
export async function runUploads(
  services: Services,
  target: AddTarget,
  sources: readonly UploadSource[],
): Promise<void> {
  let client;
  try {
    client = await services.connection.client();
  } catch (error) {
    await showError(services.log, messageOf(error), error);
    return;
  }
  const { ready, refused, totalBytes } = await prepareUploads(sources);
  const added =
    ready.length === 0
      ? []
      : await withUploadProgress(totalBytes, ready.length, (events, signal) =>
          addVideos(client, target, ready, {
            ...events,
            signal,
            memory: services.uploads,
            onIndexed: ({ indexId }) => {
              services.model.reloadAssets(indexId, 1);
            },
          }),
        );
  if (added.some(({ outcome }) => outcome.assetId !== undefined)) {
    services.assets.refresh(); // the Assets view lists the new uploads
  }
  await reportAdded(services, target, [...refused, ...added]);
}

/** The summary of a run; when a chunked upload was left unfinished, it offers to resume it. */
export async function reportAdded(services: Services, target: AddTarget, results: readonly AddResult[]): Promise<void> {
  // A session is left after Cancel, and after a failure the rest of the upload may get past (a network loss).
  const leftForResume = results.some(({ outcome }) => 'uploadId' in outcome && outcome.uploadId !== undefined);
  const resume = vscode.l10n.t('Resume Uploads…');
  const choice = await reportSummary(
    services.log,
    addSummary(target, results),
    addProblems(results),
    undefined,
    leftForResume ? [resume] : [],
  );
  if (choice === resume) {
    await vscode.commands.executeCommand(commandId('resumeUploads'));
  }
}

/**
 * One notification for the whole run: bytes sent of the total, the speed and the time left; its bar
 * moves by bytes (by videos when there are no local bytes, as for URLs). Cancel stops every upload.
 */
function withUploadProgress<T>(
  totalBytes: number,
  total: number,
  run: (events: AddEvents, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return withCancellableProgress((progress, signal) => {
    const throughput = new Throughput();
    const state = { sentBytes: 0, totalBytes, done: 0, total, current: undefined as string | undefined };
    let step: UploadStep | undefined;
    let shownAt = -Infinity;
    let shownPercent = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const show = (): void => {
      clearTimeout(pending);
      pending = undefined;
      shownAt = Date.now();
      const fraction = totalBytes > 0 ? state.sentBytes / totalBytes : state.done / total;
      // The bar cannot move back: bytes taken back after a failed attempt wait until they are sent again.
      const percent = Math.max(shownPercent, Math.min(100, fraction * 100));
      progress.report({
        message: signal.aborted
          ? vscode.l10n.t('Stopping… the uploads under way are being cancelled.')
          : uploadProgressText({ ...state, step, bytesPerSecond: throughput.bytesPerSecond() }),
        increment: percent - shownPercent,
      });
      shownPercent = percent;
    };
    const update = (): void => {
      const wait = shownAt + REPORT_EVERY_MS - Date.now();
      if (wait <= 0) show();
      else pending ??= setTimeout(show, wait);
    };
    signal.addEventListener('abort', show);
    show();
    const events: AddEvents = {
      onSent: (bytes) => {
        state.sentBytes += bytes;
        throughput.add(bytes);
        update();
      },
      onStep: (name, now) => {
        state.current = name;
        step = now;
        update();
      },
      onSettled: () => {
        state.done++;
        update();
      },
    };
    return run(events, signal).finally(() => {
      clearTimeout(pending);
      signal.removeEventListener('abort', show);
    });
  });
}
