import * as l10n from '@vscode/l10n';
import { mayHaveBeenDone } from '../api/errors';
import { displayText } from '../present';
import { formatSize } from '../presentAssets';
import { countText, durationText, failedAndCancelled } from '../presentRuns';
import { AddResult, AddTarget, UploadStep } from './addVideos';

// The words of adding videos: the progress while they upload, the summary at the end, and what
// went wrong with each. File and index names are shown literally, made safe by displayText.

/** How far back the speed looks: long enough to smooth chunk bursts, short enough to follow a change. */
const SPEED_WINDOW_MS = 5000;
/** Less than this since the first bytes says nothing reliable about the speed. */
const SPEED_AFTER_MS = 1000;

/** The upload speed over the last few seconds. */
export class Throughput {
  private readonly sent: { at: number; bytes: number }[] = [];
  private startedAt: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Bytes sent just now; negative when a failed attempt's bytes are taken back. */
  add(bytes: number): void {
    const at = this.now();
    this.startedAt ??= at;
    this.sent.push({ at, bytes });
  }

  /** Undefined until a second has passed since the first bytes. */
  bytesPerSecond(): number | undefined {
    const now = this.now();
    while (this.sent.length > 0 && this.sent[0].at <= now - SPEED_WINDOW_MS) {
      this.sent.shift();
    }
    if (this.startedAt === undefined || now - this.startedAt < SPEED_AFTER_MS) {
      return undefined;
    }
    const bytes = this.sent.reduce((sum, { bytes }) => sum + bytes, 0);
    return Math.max(0, bytes) / (Math.min(now - this.startedAt, SPEED_WINDOW_MS) / 1000);
  }
}

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
  bytesPerSecond?: number;
  /** The file whose step changed last. */
  current?: string;
  step?: UploadStep;
  /** Files settled, of all. */
  done: number;
  total: number;
}

/** “Uploading “a.mp4” · 120 MB of 1.2 GB · 35 MB/s · about 30 s left”; “Waiting for TwelveLabs to process 2 videos…”. */
export function uploadProgressText(p: UploadProgress): string {
  const left = Math.max(1, p.total - p.done);
  const name = p.current === undefined ? undefined : displayText(p.current);
  if (p.sentBytes < p.totalBytes) {
    const speed = p.bytesPerSecond !== undefined && p.bytesPerSecond > 0 ? p.bytesPerSecond : undefined;
    return [
      name !== undefined && (p.step === undefined || p.step === 'uploading')
        ? l10n.t('Uploading “{0}”', name)
        : left === 1
          ? l10n.t('Uploading 1 video')
          : l10n.t('Uploading {0} videos', countText(left)),
      l10n.t('{0} of {1}', formatSize(p.sentBytes) ?? '', formatSize(p.totalBytes) ?? ''),
      speed === undefined ? undefined : l10n.t('{0}/s', formatSize(speed) ?? ''),
      speed === undefined
        ? undefined
        : l10n.t('about {0} left', durationText(((p.totalBytes - p.sentBytes) / speed) * 1000)),
    ]
      .filter(Boolean)
      .join(' · ');
  }
  if (name !== undefined && p.step === 'indexing') {
    return l10n.t('Indexing “{0}”…', name);
  }
  if (name !== undefined && p.step === 'uploading') {
    // A video from a URL: TwelveLabs fetches it, nothing goes out from here.
    return l10n.t('Adding “{0}”…', name);
  }
  if (left === 1) {
    return name === undefined
      ? l10n.t('Waiting for TwelveLabs to process 1 video…')
      : l10n.t('Waiting for TwelveLabs to process “{0}”…', name);
  }
  return l10n.t('Waiting for TwelveLabs to process {0} videos…', countText(left));
}

/** A step as the problems name it: “upload failed”. */
export function stepText(step: UploadStep): string {
  switch (step) {
    case 'reading':
      return l10n.t('reading the file');
    case 'uploading':
      return l10n.t('upload');
    case 'processing':
      return l10n.t('processing');
    case 'indexing':
      return l10n.t('indexing');
  }
}

/** The end of a run: “Added 2 videos to “Support calls 2026”. They are being indexed.” */
export function addSummary(target: AddTarget, results: readonly AddResult[]): string {
  const count = (kind: string) => results.filter(({ outcome }) => outcome.kind === kind).length;
  const [added, failed, cancelled, already] = [
    count('indexed'),
    count('failed'),
    count('cancelled'),
    count('alreadyIn'),
  ];
  const total = results.length;
  const index = displayText(target.indexName);
  const resumable = results.filter(({ outcome }) => 'uploadId' in outcome && outcome.uploadId).length;
  const one = total === 1 ? displayText(results[0].name) : undefined;
  return [
    one !== undefined
      ? added === 1
        ? l10n.t('Added “{0}” to “{1}”.', one, index)
        : already === 1
          ? l10n.t('“{0}” is already in “{1}”, so it was not added again.', one, index)
          : l10n.t('Did not add “{0}” to “{1}”.', one, index)
      : already === total
        ? l10n.t('The {0} videos are already in “{1}”, so they were not added again.', countText(total), index)
        : added === total
          ? l10n.t('Added {0} videos to “{1}”.', countText(total), index)
          : l10n.t('Added {0} of {1} videos to “{2}”.', countText(added), countText(total), index),
    added === 0 ? undefined : added === 1 ? l10n.t('It is being indexed.') : l10n.t('They are being indexed.'),
    one !== undefined || already === 0 || already === total
      ? undefined
      : already === 1
        ? l10n.t('1 was already in it.')
        : l10n.t('{0} were already in it.', countText(already)),
    ...(one === undefined ? failedAndCancelled(failed, cancelled) : []),
    resumable === 0
      ? undefined
      : resumable === 1
        ? l10n.t('Resume Uploads… can finish 1 upload.')
        : l10n.t('Resume Uploads… can finish {0} uploads.', countText(resumable)),
  ]
    .filter(Boolean)
    .join(' ');
}

/** One line for each video that was not added, naming the file and the step; error for the log's details. */
export function addProblems(results: readonly AddResult[]): { text: string; error?: unknown }[] {
  return results.flatMap(({ name, outcome }) => {
    const file = displayText(name);
    switch (outcome.kind) {
      case 'indexed':
      case 'alreadyIn':
        return [];
      case 'failed': {
        const { step, error } = outcome;
        // The error's own words may end in "Try again", which could index or upload the video twice: not here.
        const text = !mayHaveBeenDone(error)
          ? l10n.t('“{0}”: {1} failed. {2}', file, stepText(step), error.message)
          : step === 'indexing'
            ? l10n.t(
                '“{0}”: the answer to the request to index it was lost, so it may be indexed anyway. Look at the index before adding it again.',
                file,
              )
            : step === 'uploading' && outcome.uploadId === undefined
              ? l10n.t(
                  '“{0}”: the answer to the upload was lost, so TwelveLabs may have the file anyway. Look in the Assets view before adding it again.',
                  file,
                )
              : l10n.t('“{0}”: {1} failed. {2}', file, stepText(step), error.message);
        return [{ text: outcome.uploadId ? `${text} ${l10n.t('Resume Uploads… can finish it.')}` : text, error }];
      }
      case 'cancelled':
        return [
          {
            text: outcome.uploadId
              ? l10n.t('“{0}”: cancelled during the upload. Resume Uploads… can finish it.', file)
              : outcome.assetId
                ? l10n.t('“{0}”: cancelled after the upload; it is in the Assets view but not in the index.', file)
                : l10n.t('“{0}”: cancelled before it was uploaded.', file),
          },
        ];
    }
  });
}
