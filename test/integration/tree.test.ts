import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { COMMAND } from '../support/commands';
import { childrenOf, indexNode, labelOf, labelsUnder, nextTreeChange, treeItem, useHarness } from './harness';

describe('The Indexes tree', () => {
  const harness = useHarness();

  it('shows each index by its index_name, newest first, with one request', async () => {
    const expected = [...harness.fake.account.indexes]
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((index) => index.index_name);
    assert.deepEqual(await labelsUnder(harness), expected);
    assert.deepEqual(
      harness.fake.requests.map((request) => `${request.method} ${request.path}`),
      ['GET /indexes'],
    );
  });

  it('shows each asset by its filename, or its _id when it has none, and ends with "Load more"', async () => {
    const index = await indexNode(harness, 'Support calls 2026');
    const labels = await labelsUnder(harness, index);
    const indexId = harness.fake.account.indexes.find((i) => i.index_name === 'Support calls 2026')?._id;
    const expected = harness.fake.account.assets
      .filter((asset) => asset.index_id === indexId)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((asset) => asset.system_metadata.filename ?? asset._id);
    assert.equal(expected.length, 52);
    assert.deepEqual(labels.slice(0, 50), expected.slice(0, 50));
    assert.equal(labels.length, 51);
    assert.match(labels[50], /^Load more/);
    assert.ok(
      harness.fake.account.assets.some((asset) => !asset.system_metadata.filename && labels.includes(asset._id)),
      'an asset with no filename is shown by its _id',
    );
  });

  it('loads the next page through the "Load more" row, and then stops offering it', async () => {
    const index = await indexNode(harness, 'Support calls 2026');
    const first = await childrenOf(harness, index);
    const loadMore = first[first.length - 1];
    const command = treeItem(harness, loadMore).command;
    assert.equal(command?.command, COMMAND.loadMore);
    harness.fake.resetRequests();

    const changed = nextTreeChange(harness);
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
    assert.equal(await changed, index, 'only the index is redrawn');
    const labels = await labelsUnder(harness, index);
    assert.equal(labels.length, 52);
    assert.ok(!labels.some((label) => label.startsWith('Load more')));
    assert.deepEqual(
      harness.fake.requests.map((request) => request.query.page?.[0]),
      ['2'],
      'one request, for page 2',
    );
  });

  it('shows an error row when the API fails, and its click retries', async () => {
    harness.fake.inject({ path: '/indexes', status: 503, body: '<html>Service Unavailable</html>', times: 1 });
    await vscode.commands.executeCommand(COMMAND.refresh);
    const [row] = await childrenOf(harness);
    const item = treeItem(harness, row);
    assert.equal(labelOf(harness, row), 'Could not load your indexes. Click to retry.');
    assert.match(String(item.description), /HTTP 503/);
    assert.equal(item.command?.command, COMMAND.loadMore);

    await vscode.commands.executeCommand(item.command.command, ...((item.command.arguments ?? []) as unknown[]));
    assert.equal((await childrenOf(harness)).length, harness.fake.account.indexes.length);
  });

  it('guides to Set API Key when TwelveLabs answers 401', async () => {
    harness.fake.inject({
      path: '/indexes',
      status: 401,
      body: { code: 'api_key_invalid', message: 'The API key you provided is not valid.' },
    });
    await vscode.commands.executeCommand(COMMAND.refresh);
    const [row] = await childrenOf(harness);
    const item = treeItem(harness, row);
    assert.equal(labelOf(harness, row), 'The API key was rejected. Click to set a new one.');
    assert.equal(item.command?.command, COMMAND.setApiKey);
  });

  it('refreshes everything from the API on Refresh', async () => {
    await childrenOf(harness);
    harness.fake.account.indexes.push({
      ...harness.fake.account.indexes[0],
      _id: 'a'.repeat(24),
      index_name: 'Added elsewhere',
    });
    const changed = nextTreeChange(harness);
    await vscode.commands.executeCommand(COMMAND.refresh);
    assert.equal(await changed, undefined, 'the whole tree is redrawn');
    assert.ok((await labelsUnder(harness)).includes('Added elsewhere'));
  });
});
