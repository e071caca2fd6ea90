import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { IncompleteUpload } from '../../core/api/uploadSchemas';
import { formatDate } from '../../core/present';
import { formatSize } from '../../core/presentAssets';
import { UnfinishedUpload } from '../../core/upload/unfinishedUploads';
import { pickOrExplain } from '../deleteRun';
import { Handler, Services } from '../services';
import { chooseTarget, runUploads } from '../uploadRun';
import { videoFilters } from './addToIndex';

type SessionItem = vscode.QuickPickItem & { session: IncompleteUpload; known?: UnfinishedUpload };

/**
 * "Resume Uploads…": the chunked uploads TwelveLabs holds unfinished, named from this machine's
 * memory of them; the one chosen sends only the chunks TwelveLabs lacks.
 */
export const resumeUploads =
  (services: Services): Handler =>
  async () => {
    const sessions = await pickOrExplain(
      services,
      (client) => client.uploads.listIncompleteUploads(),
      (reason) => vscode.l10n.t('Could not list the unfinished uploads: {0}', reason),
    );
    if (sessions === undefined) return;
    const remembered = services.uploads.list();
    // Sessions TwelveLabs no longer lists (finished, expired) cannot be resumed.
    for (const { uploadId } of remembered.filter((u) => !sessions.some((s) => s.uploadId === u.uploadId))) {
      await services.uploads.forget(uploadId);
    }
    if (sessions.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No uploads are waiting to be resumed.'));
      return;
    }
    const items = sessions.map((session) => sessionItem(session, remembered));
    const chosen = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Resume Uploads'),
      placeHolder: vscode.l10n.t('Choose the upload to resume'),
    });
    if (chosen === undefined) return;
    const { session, known } = chosen;
    const path = known?.path ?? (await askForFile(session));
    if (path === undefined) return;
    const target = known
      ? { indexId: known.indexId, indexName: known.indexName }
      : await chooseTarget(services, undefined, vscode.l10n.t('Resume Upload into…'));
    if (target === undefined) return;
    await runUploads(services, target, [{ kind: 'resume', uploadId: session.uploadId, path, listed: session }]);
  };

function sessionItem(session: IncompleteUpload, remembered: readonly UnfinishedUpload[]): SessionItem {
  const known = remembered.find((u) => u.uploadId === session.uploadId);
  const size = formatSize(session.totalSize) ?? '';
  const started = formatDate(session.createdAt ?? known?.startedAt);
  return {
    label: known?.filename ?? vscode.l10n.t('Upload {0}', session.uploadId),
    description: known
      ? vscode.l10n.t('{0} · to “{1}”', size, known.indexName)
      : vscode.l10n.t('{0} · not started on this machine: you will be asked for the file', size),
    detail: started === undefined ? undefined : vscode.l10n.t('Started {0}', started),
    session,
    known,
  };
}

/** The file of a session this machine does not know, checked to have the session's size; undefined on Cancel. */
async function askForFile(session: IncompleteUpload): Promise<string | undefined> {
  const chosen = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Choose the file of this upload ({0})', formatSize(session.totalSize) ?? ''),
    canSelectMany: false,
    filters: videoFilters(),
  });
  const file = chosen?.at(0);
  if (file === undefined) return undefined;
  const size =
    file.scheme === 'file'
      ? await stat(file.fsPath).then(
          (s) => s.size,
          () => undefined,
        )
      : undefined;
  if (size !== session.totalSize) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        '“{0}” is not the file of this upload: the upload is {1}. Choose the same file it was started with.',
        file.toString(),
        formatSize(session.totalSize) ?? '',
      ),
    );
    return undefined;
  }
  return file.fsPath;
}
