import * as vscode from 'vscode';
import { TwelveLabsClient } from '../core/api/client';
import { messageOf } from '../core/api/errors';
import { DEFAULT_CONCURRENCY, DeleteJob, ItemOutcome, ItemResult, RunOptions, isGone } from '../core/bulkDelete';
import { DeletedThing } from '../core/history/deletionRecord';
import { IndexedAssetJob, deleteIndexedAssetJobs, recordedIndexedAsset, recordedUpload } from '../core/deletionFacts';
import { JobSource } from '../core/jobSource';
import { tally } from '../core/deleteFlow';
import { DeleteTarget, deleteResultMessage, deleteSummary } from '../core/present';
import { indexedAssetsLabel, progressText, uploadsLabel } from '../core/presentRuns';
import { assetDeleteSummary, assetOutcomeText } from '../core/presentAssets';
import { SentUpload, SourceAssetJob, SourceAssetResult, deleteSourceAssets } from '../core/sourceAssetDelete';
import { deleteConcurrencySetting } from './connection';
import { reportSummary, showError } from './notify';
import { RecordAs, RunRecorder } from './recording';
import { Services } from './services';

const concurrency = (): number => deleteConcurrencySetting() ?? DEFAULT_CONCURRENCY;

// What every delete shares, for indexed assets and uploaded assets alike: the modal, the progress
// notification with Cancel, and the runs that take each row out of the views as TwelveLabs confirms it.

/** What a progress notification may do to a running delete: cancel it, and hear of each item. */
export interface RunControl {
  signal?: AbortSignal;
  onSettled?: () => void;
}

/**
 * What a delete run passes to its runner: the deletion record's line before each DELETE and after
 * it, a stop of its own (when the record cannot be written and the user stops) joined to Cancel,
 * and `onGone` for each item as TwelveLabs confirms it gone.
 */
function recordedRun<T extends DeleteJob>(
  services: Services,
  control: RunControl,
  recordAs: RecordAs,
  describe: (job: T) => DeletedThing,
  onGone: (job: T, outcome: ItemOutcome) => void,
): { options: RunOptions<T>; recorder: RunRecorder<T> } {
  const own = new AbortController();
  const recorder = new RunRecorder(services, recordAs, describe, () => {
    own.abort();
  });
  const options: RunOptions<T> = {
    concurrency: concurrency(),
    signal: control.signal ? AbortSignal.any([control.signal, own.signal]) : own.signal,
    beforeDelete: recorder.beforeDelete,
    onSettled: ({ job, outcome }) => {
      recorder.settled(job, outcome);
      if (isGone(outcome)) {
        onGone(job, outcome);
      }
      control.onSettled?.();
    },
  };
  return { options, recorder };
}

/** Runs a palette picker with the current client; a failure is shown in `failureText`'s words, and gives undefined. */
export async function pickOrExplain<T>(
  services: Services,
  pick: (client: TwelveLabsClient) => Promise<T | undefined>,
  failureText: (reason: string) => string,
): Promise<T | undefined> {
  try {
    return await pick(await services.connection.client());
  } catch (error) {
    await showError(services.log, failureText(messageOf(error)), error);
    return undefined;
  }
}

/** The button chosen in a modal warning; Escape and Cancel give undefined. */
export async function askInModal(message: string, detail: string, buttons: string[]): Promise<string | undefined> {
  return vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
}

/** Runs `run` under a progress notification titled TwelveLabs whose Cancel button aborts `signal`. */
export function withCancellableProgress<T>(
  run: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('TwelveLabs'), cancellable: true },
      (progress, token) => {
        const cancel = new AbortController();
        const subscription = token.onCancellationRequested(() => {
          cancel.abort();
        });
        return run(progress, cancel.signal).finally(() => {
          subscription.dispose();
        });
      },
    ),
  );
}

/**
 * Runs `run` under a cancellable progress notification that counts settled items out of `total`;
 * `working` says how far it is (deleting, with the time left, unless the caller says otherwise).
 */
export function withProgressAndCancel<T>(
  total: number,
  run: (control: RunControl) => Promise<T>,
  working: (settled: number, total: number, elapsedMs: number | undefined) => string = progressText,
): Promise<T> {
  return withCancellableProgress((progress, signal) => {
    let settled = 0;
    const started = Date.now();
    progress.report({ message: working(0, total, undefined) });
    return run({
      signal,
      onSettled: () => {
        settled++;
        progress.report({
          message: signal.aborted
            ? vscode.l10n.t('Cancelling… {0} of {1} settled', settled, total)
            : working(settled, total, Date.now() - started),
          increment: 100 / total,
        });
      },
    });
  });
}

/** How a delete of these indexed assets is named in the deletion record. */
export function recordAs(targets: readonly DeleteTarget[]): RecordAs {
  return { kind: targets.length === 1 ? 'single' : 'bulk', label: indexedAssetsLabel(targets) };
}

/**
 * Deletes indexed assets, from a list or pages read meanwhile; each row leaves both views as soon
 * as TwelveLabs confirms it, not at the end. Each is in the deletion record, with the user_metadata
 * read just ahead of its DELETE.
 */
export async function deleteIndexedAssets(
  client: TwelveLabsClient,
  jobs: readonly IndexedAssetJob[] | JobSource<IndexedAssetJob>,
  services: Services,
  control: RunControl,
  recordAs: RecordAs,
): Promise<ItemResult<IndexedAssetJob>[]> {
  const { model, assets } = services;
  const { options, recorder } = recordedRun(services, control, recordAs, recordedIndexedAsset, (job, outcome) => {
    model.removeAsset(job.indexId, job.assetId, outcome.kind === 'deleted');
  });
  const results = await deleteIndexedAssetJobs(client, jobs, options);
  await recorder.flush();
  const gone = results.filter(({ outcome }) => isGone(outcome));
  assets.referencesDeleted(new Set(gone.map(({ job }) => job.assetId)));
  return results;
}

/** Deletes the uploaded assets whose every indexed asset `referenceResults` saw go; keeps the others. */
export async function deleteUploadedAssets(
  client: TwelveLabsClient,
  jobs: readonly SourceAssetJob[],
  referenceResults: readonly ItemResult<{ assetId: string }>[],
  services: Services,
  control: RunControl,
): Promise<SourceAssetResult[]> {
  const recordAs = { kind: 'asset', label: uploadsLabel(jobs) } as const;
  const describe = ({ job }: SentUpload) => recordedUpload(job);
  const { options, recorder } = recordedRun<SentUpload>(services, control, recordAs, describe, ({ job }) => {
    services.assets.assetDeleted(job.assetId);
  });
  const results = await deleteSourceAssets(client, jobs, referenceResults, options);
  await recorder.flush();
  return results;
}

/**
 * Tells how a delete of uploaded assets ended: one asset deleted is a status-bar note; anything
 * else is a notification, with each asset kept, failed or cancelled in the log behind Show Details.
 */
export async function reportUploadedAssets(results: readonly SourceAssetResult[], services: Services): Promise<void> {
  const done = results.every(({ outcome }) => isGone(outcome));
  if (results.length === 1) {
    const [{ outcome }] = results;
    const text = assetOutcomeText(results[0]);
    const error = outcome.kind === 'failed' || outcome.kind === 'kept' ? outcome.error : undefined;
    if (error !== undefined) {
      await showError(services.log, text, error); // a 409 too: the user asked for a delete that did not happen
    } else if (outcome.kind === 'deleted') {
      vscode.window.setStatusBarMessage(text, 5000);
    } else if (outcome.kind !== 'cancelled') {
      services.log.info(text);
      void vscode.window.showInformationMessage(text);
    }
    return;
  }
  const problems = results.flatMap(({ job, outcome }) =>
    isGone(outcome)
      ? []
      : [
          {
            text: `${assetOutcomeText({ job, outcome })} (${job.assetId})`,
            error: outcome.kind === 'failed' ? outcome.error : undefined,
          },
        ],
  );
  await reportSummary(services.log, assetDeleteSummary(results), problems, done);
}

/**
 * Tells how a delete of indexed assets ended: one asset in its own words, several in a summary
 * (with `notes` after it) whose failures are in the log behind Show Details.
 */
export async function reportIndexedAssets(
  results: readonly ItemResult<DeleteTarget>[],
  services: Services,
  notes: readonly string[] = [],
): Promise<void> {
  await (results.length === 1 && notes.length === 0
    ? reportOne(results[0], services)
    : reportMany(results, services, notes));
}

async function reportOne({ job, outcome }: ItemResult<DeleteTarget>, services: Services): Promise<void> {
  const message = deleteResultMessage(job, outcome);
  if (message?.tone === 'status') {
    vscode.window.setStatusBarMessage(message.text, 5000);
  } else if (message?.tone === 'information') {
    void vscode.window.showInformationMessage(message.text);
  } else if (message?.tone === 'error') {
    await showError(services.log, message.text, message.error);
  }
}

async function reportMany(
  results: readonly ItemResult<DeleteTarget>[],
  services: Services,
  notes: readonly string[],
): Promise<void> {
  const counts = tally(results);
  const problems = results.flatMap(({ job, outcome }) =>
    outcome.kind === 'failed'
      ? [
          {
            text: `Could not delete “${job.assetName}” (${job.assetId}) from “${job.indexName}”: ${outcome.error.message}`,
            error: outcome.error,
          },
        ]
      : outcome.kind === 'cancelled'
        ? [{ text: `Cancelled before deleting “${job.assetName}” (${job.assetId}) from “${job.indexName}”.` }]
        : [],
  );
  const summary = [deleteSummary(counts), ...notes].join(' ');
  await reportSummary(services.log, summary, problems, problems.length === 0 && notes.length === 0);
}
