import * as vscode from 'vscode';
import { AssetFilter } from '../../core/api/client';
import { messageOf } from '../../core/api/errors';
import { ASSET_STATUSES } from '../../core/api/schemas';
import { indexName } from '../../core/present';
import { saveFilters } from '../filterMemory';
import { showError } from '../notify';
import { pickIndex } from '../pickers';
import { Handler, Services } from '../services';
import { isIndexNode } from '../treeArguments';

export function filterAssets(services: Services): Handler {
  return async (node?: unknown) => {
    const index = isIndexNode(node)
      ? { id: node.index._id, name: indexName(node.index) }
      : await pickIndexToFilter(services);
    if (!index) {
      return;
    }
    await askAndApplyFilter(index, services);
  };
}

/**
 * Asks for an index's filter in two steps (statuses, then filename) and shows it in the tree.
 * Resolves with the filter as the tree keeps it, or undefined when the user backed out.
 */
export async function askAndApplyFilter(
  index: { id: string; name: string },
  { model, state }: Services,
): Promise<AssetFilter | undefined> {
  const current = model.assetFilterOf(index.id);
  const statuses = await askStatuses(index.name, current?.statuses ?? []);
  if (statuses === undefined) {
    return undefined;
  }
  const filename = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter “{0}” (2/2)', index.name),
    prompt: vscode.l10n.t(
      'The filename to filter by; TwelveLabs decides which filenames match it. Leave empty for any filename.',
    ),
    value: current?.filename ?? '',
  });
  if (filename === undefined) {
    return undefined;
  }
  model.filterAssets(index.id, { filename, statuses });
  await saveFilters(model, state);
  return model.assetFilterOf(index.id);
}

export function clearAssetFilter({ model, state }: Services): Handler {
  return async (node?: unknown) => {
    if (isIndexNode(node)) {
      model.filterAssets(node.index._id, undefined);
      await saveFilters(model, state);
    }
  };
}

export function filterIndexes({ model, state }: Services): Handler {
  return async () => {
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter Indexes by Name'),
      prompt: vscode.l10n.t(
        'The index name to filter by; TwelveLabs decides which names match it. Leave empty to show all.',
      ),
      value: model.indexNameFilter ?? '',
    });
    if (name !== undefined) {
      model.filterIndexes(name);
      await saveFilters(model, state);
    }
  };
}

export function clearIndexFilter({ model, state }: Services): Handler {
  return async () => {
    model.filterIndexes(undefined);
    await saveFilters(model, state);
  };
}

async function askStatuses(name: string, checked: readonly string[]): Promise<string[] | undefined> {
  const items = ASSET_STATUSES.map((status) => ({ label: status, picked: checked.includes(status) }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Filter “{0}” (1/2)', name),
    placeHolder: vscode.l10n.t('Show only indexed assets with these statuses. Check none for any status.'),
    canPickMany: true,
  });
  return picked?.map((item) => item.label);
}

async function pickIndexToFilter(services: Services): Promise<{ id: string; name: string } | undefined> {
  try {
    const index = await pickIndex(await services.connection.client(), vscode.l10n.t('Filter Indexed Assets'));
    return index && { id: index._id, name: indexName(index) };
  } catch (error) {
    await showError(services.log, vscode.l10n.t('Could not list your indexes. {0}', messageOf(error)), error);
    return undefined;
  }
}
