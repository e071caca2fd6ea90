import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import * as path from 'node:path';
import { Json, isJsonObject } from '../api/schemas';

// The deletion record: one JSON line before each DELETE is sent ("pending") and one after it
// settles ("outcome"), so a crash in between leaves a pending entry rather than a silent gap.
// The file may be edited by hand or cut short, so reading trusts nothing it finds.

/** What kind of operation a line belongs to. 'asset' = Delete Asset of uploaded assets (#11). */
export type OperationKind = 'single' | 'bulk' | 'allMatching' | 'asset';

export interface OperationInfo {
  id: string;
  kind: OperationKind;
  label: string; // built by the caller, e.g. 'Delete All Matching in “Support calls” (status failed)'
  startedAt: string;
}

/** What was deleted, as known before the DELETE was sent. Everything optional except kind. */
export interface DeletedThing {
  kind: 'indexedAsset' | 'asset';
  indexId?: string;
  indexName?: string;
  indexedAssetId?: string;
  assetId?: string;
  filename?: string;
  durationSec?: number;
  userMetadata?: Record<string, unknown>;
  userMetadataUnknown?: boolean; // user_metadata could not be read before the delete: a Restore would lack it
}

export type FinalOutcome = 'deleted' | 'alreadyGone' | 'failed' | 'cancelled';

export interface HistoryEntry extends DeletedThing {
  id: string;
  operation: OperationInfo;
  time: string;
  outcome: FinalOutcome | 'pending'; // 'pending' = no outcome line (e.g. a crash in between)
  outcomeTime?: string;
  error?: string;
  restored?: { time: string; indexedAssetId?: string }; // the latest restore
}

export interface RecordRead {
  entries: HistoryEntry[]; // newest first (by pending time)
  unreadableLines: number; // corrupt or foreign lines, skipped
}

/** A write that failed (disk full, no permission, a directory in the way...). message is human and says why. */
export class RecordWriteError extends Error {
  override name = 'RecordWriteError';
}

const OPERATION_KINDS: readonly string[] = ['single', 'bulk', 'allMatching', 'asset'] satisfies OperationKind[];
const THING_KINDS: readonly string[] = ['indexedAsset', 'asset'] satisfies DeletedThing['kind'][];
const OUTCOMES: readonly string[] = ['deleted', 'alreadyGone', 'failed', 'cancelled'] satisfies FinalOutcome[];

const isString = (value: unknown): value is string => typeof value === 'string';
const isOptionalString = (value: unknown) => value === undefined || isString(value);
const oneOf = (value: unknown, allowed: readonly string[]) => isString(value) && allowed.includes(value);
/** The optional fields of a DeletedThing, each with the check its value must pass. */
const THING_FIELDS: Record<Exclude<keyof DeletedThing, 'kind'>, (value: unknown) => boolean> = {
  indexId: isString,
  indexName: isString,
  indexedAssetId: isString,
  assetId: isString,
  filename: isString,
  durationSec: Number.isFinite,
  userMetadata: isJsonObject,
  userMetadataUnknown: (value) => typeof value === 'boolean',
};

/** The known fields of a thing. strict (reading): undefined if any has the wrong type; else those are left out. */
function pickThing(source: Json | DeletedThing, strict: boolean): DeletedThing | undefined {
  if (!oneOf(source.kind, THING_KINDS)) return undefined;
  const thing: Json = { kind: source.kind };
  for (const [key, valid] of Object.entries(THING_FIELDS)) {
    const value = (source as Json)[key];
    if (value === undefined) continue;
    if (valid(value)) thing[key] = value;
    else if (strict) return undefined;
  }
  return thing as unknown as DeletedThing;
}

function readOperation(value: unknown): OperationInfo | undefined {
  if (!isJsonObject(value) || !isString(value.id) || !isString(value.label) || !isString(value.startedAt))
    return undefined;
  if (!oneOf(value.kind, OPERATION_KINDS)) return undefined;
  return { id: value.id, kind: value.kind as OperationKind, label: value.label, startedAt: value.startedAt };
}

/** Why a file operation failed, in words; the code itself only when there are no better words. */
function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
  if (code === 'ENOSPC') return l10n.t('the disk is full');
  if (code === 'EACCES' || code === 'EPERM') return l10n.t('permission was denied');
  if (code === 'EROFS') return l10n.t('the disk is read-only');
  if (['ENOTDIR', 'EISDIR', 'EEXIST'].includes(code)) return l10n.t('a file or folder is in the way');
  return l10n.t('an unexpected error ({0})', code);
}

type OpenFile = { handle: FileHandle; size: number };
type QueuedLine = { text: string; bytes: number; settle: (error?: RecordWriteError) => void };

export class DeletionRecord {
  readonly filePath: string;
  private readonly rotatedPath: string;
  private readonly maxBytes: number;
  private readonly now: () => Date;
  private queue: QueuedLine[] = [];
  private flushing: Promise<void> | undefined;
  /** Open while lines keep coming, closed once they stop. size: as far as this record knows. */
  private file: OpenFile | undefined;

  /** `directory` = context.globalStorageUri.fsPath; created on first write. maxBytes default 10 MiB. */
  constructor(directory: string, options: { maxBytes?: number; now?: () => Date } = {}) {
    this.filePath = path.join(directory, 'deletion-history.jsonl');
    this.rotatedPath = path.join(directory, 'deletion-history.1.jsonl');
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.now = options.now ?? (() => new Date());
  }

  newOperation(kind: OperationKind, label: string): OperationInfo {
    return { id: randomUUID(), kind, label, startedAt: this.now().toISOString() };
  }

  /** Appends the pending line; resolves with the entry id once it is written. Rejects only with RecordWriteError. */
  async writePending(operation: OperationInfo, thing: DeletedThing): Promise<string> {
    const id = randomUUID();
    await this.append({ type: 'pending', id, operation: readOperation(operation), thing: pickThing(thing, false) });
    return id;
  }

  writeOutcome(entryId: string, outcome: FinalOutcome, error?: string): Promise<void> {
    return this.append({ type: 'outcome', id: entryId, outcome, error });
  }

  writeRestored(entryId: string, newIndexedAssetId: string | undefined): Promise<void> {
    return this.append({ type: 'restored', id: entryId, indexedAssetId: newIndexedAssetId });
  }

  /** A missing file = no entries; never throws for corrupt content. Waits for the writes already asked for. */
  async read(): Promise<RecordRead> {
    await this.flushing;
    const byId = new Map<string, HistoryEntry>();
    let unreadableLines = 0;
    for (const file of [this.rotatedPath, this.filePath]) {
      const lines = (await this.readText(file)).split('\n');
      if (lines.at(-1) === '') lines.pop(); // what follows the last newline: nothing, or half a line
      for (const line of lines) if (!fold(byId, line)) unreadableLines++;
    }
    const entries = [...byId.values()].reverse(); // a stable sort keeps the later of two equal times first
    entries.sort((a, b) => (a.time === b.time ? 0 : a.time < b.time ? 1 : -1));
    return { entries, unreadableLines };
  }

  private readText(file: string): Promise<string> {
    return readFile(file, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      const message = l10n.t('The deletion record could not be read: {0} ({1}).', describeFailure(error), file);
      throw new Error(message, { cause: error });
    });
  }

  private append(line: Json): Promise<void> {
    const text = JSON.stringify({ v: 1, ...line, time: this.now().toISOString() }) + '\n';
    return new Promise((resolve, reject) => {
      const settle = (error?: RecordWriteError) => {
        if (error) reject(error);
        else resolve();
      };
      this.queue.push({ text, bytes: Buffer.byteLength(text), settle });
      this.flushing ??= this.flush();
    });
  }

  /** Writes what is queued, many lines at a time, one write at a time; a failed write fails only its own lines. */
  private async flush(): Promise<void> {
    do {
      while (this.queue.length > 0) {
        await this.writeNextChunk();
        // The callers just answered queue their next lines now: they go in the next write, before the file is closed.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await this.closeFile();
    } while (this.queue.length > 0);
    this.flushing = undefined;
  }

  private async writeNextChunk(): Promise<void> {
    let bytes = this.queue[0].bytes;
    let count = 1;
    while (count < this.queue.length && bytes + this.queue[count].bytes <= this.maxBytes) {
      bytes += this.queue[count++].bytes;
    }
    const chunk = this.queue.splice(0, count);
    try {
      this.file ??= await this.openFile();
      if (this.file.size > 0 && this.file.size + bytes > this.maxBytes) {
        await this.closeFile();
        await rename(this.filePath, this.rotatedPath);
        this.file = await this.openFile();
      }
      await writeAll(this.file.handle, Buffer.from(chunk.map((line) => line.text).join('')));
      this.file.size += bytes;
    } catch (error) {
      await this.closeFile();
      const reason = describeFailure(error);
      const message = l10n.t('The deletion record could not be written: {0} ({1}).', reason, this.filePath);
      for (const line of chunk) line.settle(new RecordWriteError(message, { cause: error }));
      return;
    }
    for (const line of chunk) line.settle();
  }

  private async openFile(): Promise<OpenFile> {
    await mkdir(path.dirname(this.filePath), { recursive: true });
    const handle = await open(this.filePath, 'a+');
    try {
      let { size } = await handle.stat();
      // A crash or a failed write may have left half a line at the end: the next line must not join it.
      const last = Buffer.alloc(1);
      if (size > 0 && (await handle.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a) {
        await handle.appendFile('\n');
        size++;
      }
      return { handle, size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private async closeFile(): Promise<void> {
    const handle = this.file?.handle;
    this.file = undefined;
    // What was written stays written, and the next write opens the file again.
    await handle?.close().catch(() => undefined);
  }
}

/** Appends all of data: a write may take only part of it. */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let written = 0; written < data.length;) written += (await handle.write(data, written)).bytesWritten;
}

/** Folds one line into the entries; false when the line is unreadable or names no known entry. */
function fold(byId: Map<string, HistoryEntry>, text: string): boolean {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isJsonObject(line) || line.v !== 1 || !isString(line.id) || !isString(line.time)) return false;
  const { id, time } = line;
  if (line.type === 'pending') {
    const operation = readOperation(line.operation);
    const thing = isJsonObject(line.thing) ? pickThing(line.thing, true) : undefined;
    if (!operation || !thing || byId.has(id)) return false;
    byId.set(id, { ...thing, id, operation, time, outcome: 'pending' });
    return true;
  }
  const entry = byId.get(id);
  if (!entry) return false;
  if (line.type === 'outcome' && oneOf(line.outcome, OUTCOMES) && isOptionalString(line.error)) {
    entry.outcome = line.outcome as FinalOutcome;
    entry.outcomeTime = time;
    if (isString(line.error)) entry.error = line.error;
    else delete entry.error;
    return true;
  }
  if (line.type === 'restored' && isOptionalString(line.indexedAssetId)) {
    entry.restored = isString(line.indexedAssetId) ? { time, indexedAssetId: line.indexedAssetId } : { time };
    return true;
  }
  return false;
}
