import * as vscode from 'vscode';
import { ItemOutcome } from '../core/bulkDelete';
import { DeletedThing, OperationKind } from '../core/history/deletionRecord';
import { Services } from './services';

// The deletion record's side of one delete run: the pending line is written before each DELETE is
// sent and the outcome after it, so a crash in between leaves a pending entry, never a gap. When
// the record cannot be written, the user decides once for the run: go on without it, or stop.

export interface RecordAs {
  kind: OperationKind;
  /** The operation's name in the history, e.g. “Delete All Matching in “Support calls””. */
  label: string;
}

export class RunRecorder<T> {
  private readonly operation;
  private readonly entries = new Map<T, string>();
  /** The user's answer once a write failed; asked once per run, however many workers hit it. */
  private decision: Promise<boolean> | undefined;
  private outcomeWarned = false;
  private readonly outcomeWrites = new Set<Promise<void>>();

  constructor(
    private readonly services: Pick<Services, 'record' | 'log'>,
    recordAs: RecordAs,
    private readonly describe: (job: T) => DeletedThing,
    /** Stops the run: the user chose not to delete without a record. */
    private readonly stop: () => void,
  ) {
    this.operation = services.record.newOperation(recordAs.kind, recordAs.label);
  }

  /** Writes the pending line; false when the user chose to stop because it could not be written. */
  readonly beforeDelete = async (job: T): Promise<boolean> => {
    if (this.decision !== undefined) {
      return this.decision;
    }
    try {
      this.entries.set(job, await this.services.record.writePending(this.operation, this.describe(job)));
      return true;
    } catch (error) {
      this.decision ??= this.askToGoOn(error);
      return this.decision;
    }
  };

  /** Writes the outcome line of a job whose pending line was written; a failure is told once. */
  readonly settled = (job: T, outcome: ItemOutcome): void => {
    const entry = this.entries.get(job);
    if (entry === undefined) {
      return;
    }
    this.entries.delete(job);
    const error = outcome.kind === 'failed' ? outcome.error.message : undefined;
    const write = this.services.record.writeOutcome(entry, outcome.kind, error).catch((failure: unknown) => {
      this.services.log.warn(`Deletion record: ${failure instanceof Error ? failure.message : String(failure)}`);
      if (!this.outcomeWarned) {
        this.outcomeWarned = true;
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'The outcome of a delete could not be written to the deletion record, so the history shows it as pending. {0}',
            failure instanceof Error ? failure.message : String(failure),
          ),
        );
      }
    });
    this.outcomeWrites.add(write);
    void write.finally(() => this.outcomeWrites.delete(write));
  };

  /** Resolves once every outcome line is written (or failed): the summary comes after the record. */
  async flush(): Promise<void> {
    await Promise.all([...this.outcomeWrites]);
  }

  private async askToGoOn(error: unknown): Promise<boolean> {
    const reason = error instanceof Error ? error.message : String(error);
    this.services.log.warn(`Deletion record: ${reason}`);
    const goOn = vscode.l10n.t('Go On Without Record');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The deletion record could not be written. Go on deleting without it?'),
      {
        modal: true,
        detail: vscode.l10n.t(
          '{0}\n\nWhat is deleted from now on will not be in the deletion history and cannot be restored from it. Cancel stops here: nothing more is deleted.',
          reason,
        ),
      },
      goOn,
    );
    if (choice !== goOn) {
      this.stop();
      return false;
    }
    return true;
  }
}
