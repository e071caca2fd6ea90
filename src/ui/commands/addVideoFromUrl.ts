import * as vscode from 'vscode';
import { Handler, Services } from '../services';
import { chooseTarget, runUploads } from '../uploadRun';

/** What is wrong with the typed address, in words; undefined when TwelveLabs can be asked to fetch it. */
export function urlProblem(text: string): string | undefined {
  const typed = text.trim();
  if (typed === '') {
    return vscode.l10n.t('Type the address of the video, starting with https://.');
  }
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return vscode.l10n.t('This is not a web address. It should look like https://example.com/video.mp4.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return vscode.l10n.t('TwelveLabs fetches videos only from http:// and https:// addresses.');
  }
  return undefined;
}

/** "Add Video from URL…": TwelveLabs downloads the video itself; then it is indexed like an uploaded file. */
export const addVideoFromUrl =
  (services: Services): Handler =>
  async (clicked?: unknown) => {
    const title = vscode.l10n.t('Add Video from URL');
    const target = await chooseTarget(services, clicked, title);
    if (target === undefined) return;
    const url = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Video from URL to “{0}”', target.indexName),
      prompt: vscode.l10n.t('The address of a video TwelveLabs can download without signing in.'),
      placeHolder: 'https://example.com/video.mp4',
      ignoreFocusOut: true,
      validateInput: urlProblem,
    });
    if (url === undefined) return;
    await runUploads(services, target, [{ kind: 'url', url: url.trim() }]);
  };
