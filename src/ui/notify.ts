import * as vscode from 'vscode';
import { errorDetails, isTwelveLabsError } from '../core/api/errors';
import { commandId } from './contributions';

export interface ShowErrorOptions {
  /** Buttons of the caller's own, shown first; the one chosen is returned. */
  actions?: string[];
  /** A warning instead of an error, for a problem the user may choose to go past. */
  warning?: boolean;
}

/**
 * A summary of what went partly wrong, whose Show Details opens the log that lists each item. The
 * caller's own `actions` come first; the one chosen is returned.
 */
export async function warnWithDetails(
  log: vscode.LogOutputChannel,
  summary: string,
  actions: readonly string[] = [],
): Promise<string | undefined> {
  const showDetails = vscode.l10n.t('Show Details');
  const choice = await vscode.window.showWarningMessage(summary, ...actions, showDetails);
  if (choice === showDetails) {
    log.show(true);
  }
  return choice;
}

/** One item that did not go as asked, for the log: what happened to it, and the error when there was one. */
export interface ItemProblem {
  text: string;
  error?: unknown;
}

/**
 * The end of a run over several items: the summary goes to the log, then to an information
 * message when all went well; otherwise each problem goes to the log (an error with its details,
 * or a warning) and the summary to a warning whose Show Details opens it, after the caller's
 * `actions`; the action chosen is returned.
 */
export async function reportSummary(
  log: vscode.LogOutputChannel,
  summary: string,
  problems: readonly ItemProblem[],
  allWell = problems.length === 0,
  actions: readonly string[] = [],
): Promise<string | undefined> {
  log.info(summary);
  if (allWell) {
    void vscode.window.showInformationMessage(summary);
    return undefined;
  }
  for (const { text, error } of problems) {
    const details = errorDetails(error);
    const line = details === undefined ? text : `${text} (${details})`;
    if (error === undefined) log.warn(line);
    else log.error(line);
  }
  return warnWithDetails(log, summary, actions);
}

/**
 * Shows an error notification and records it in the TwelveLabs log. The buttons offer the way
 * out: "Set API Key..." when the key is the problem, otherwise "Show Log" when the log holds more
 * than the message (the HTTP status, the API's code, the request ID for support).
 */
export async function showError(
  log: vscode.LogOutputChannel,
  text: string,
  error?: unknown,
  { actions = [], warning = false }: ShowErrorOptions = {},
): Promise<string | undefined> {
  const details = errorDetails(error);
  const logged = details === undefined ? text : `${text} (${details})`;
  if (warning) {
    log.warn(logged);
  } else {
    log.error(logged);
  }
  const keyProblem = isTwelveLabsError(error, 'invalidKey') || isTwelveLabsError(error, 'noKey');
  const setApiKey = vscode.l10n.t('Set API Key...');
  const showLog = vscode.l10n.t('Show Log');
  const buttons = [...actions, ...(keyProblem ? [setApiKey] : details !== undefined ? [showLog] : [])];
  const show = warning ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(text, ...buttons);
  if (choice === setApiKey) {
    await vscode.commands.executeCommand(commandId('setApiKey'));
  } else if (choice === showLog) {
    log.show(true);
  }
  return choice;
}
