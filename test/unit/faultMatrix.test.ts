// The fault matrix through the real client, tree model and delete flow. Per case: the user sees what it
// says, nothing crashed (only TwelveLabsErrors), nothing unconfirmed was deleted, the key leaked nowhere,
// and the tree shows the truth once the fault is gone. docs/reliability.md must be this run's.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AccountTree, IndexNode, TreeNode } from '../../src/core/accountTree';
import { TwelveLabsClient } from '../../src/core/api/client';
import { isTwelveLabsError } from '../../src/core/api/errors';
import { formatRequestRecord } from '../../src/core/api/http';
import { DeletesInFlight } from '../../src/core/deleteFlow';
import { runDeletes } from '../../src/core/bulkDelete';
import {
  DeleteTarget,
  assetDescription,
  assetName,
  assetTooltip,
  deleteResultMessage,
  indexDescription,
  indexName,
  indexTooltip,
  loadMoreLabel,
} from '../../src/core/present';
import { FAULT_CASES, FaultCase, MATRIX_TIMEOUT_MS, SUPPORT, deleteTarget, supportIndex } from '../fault-matrix/cases';
import { FakeTwelveLabsApi, sampleAccount } from '../fake-api/server';
import { REPO_ROOT } from '../support/manifest';
import { resetFake, startFake } from './support';

const DOC = join(REPO_ROOT, 'docs', 'reliability.md');

/** Every line a row puts on screen: label, description, tooltip. */
function rowLines(node: TreeNode): string[] {
  switch (node.kind) {
    case 'index':
      return [indexName(node.index), indexDescription(node.index), indexTooltip(node.index)];
    case 'asset':
      return [assetName(node.asset), assetDescription(node.asset), assetTooltip(node.asset)];
    case 'loadMore':
      return [loadMoreLabel(node.shown, node.total)];
    case 'message':
      return [node.text, node.reason ?? '', node.detail ?? ''];
  }
}

/** Expands an index and follows "Load more" to the end, as a user clicking it would. */
async function expandToEnd(model: AccountTree, indexId: string): Promise<TreeNode[]> {
  const index = (await model.children()).find(
    (node): node is IndexNode => node.kind === 'index' && node.index._id === indexId,
  );
  assert.ok(index, 'the index is listed');
  for (let clicks = 0; ; clicks++) {
    const rows = await model.children(index);
    const last = rows.at(-1);
    if (last?.kind !== 'loadMore' || clicks > 5) return rows;
    await model.loadMore(last);
  }
}

type CaseResult = {
  testCase: FaultCase;
  seen: string;
  problems: string[];
  crashed: boolean;
  lost: number;
  leaked: boolean;
};

describe('fault matrix', async () => {
  const fake = await startFake();
  const results: CaseResult[] = [];

  for (const testCase of FAULT_CASES) {
    test(`${testCase.group}: ${testCase.name}`, async () => {
      resetFake(fake, sampleAccount());

      const logged: string[] = [];
      const typedKey = testCase.apiKey?.(fake) ?? fake.apiKey;
      const baseUrl = testCase.baseUrl?.(fake) ?? fake.baseUrl;
      let config = { baseUrl, apiKey: typedKey, timeoutMs: testCase.timeoutMs ?? MATRIX_TIMEOUT_MS };
      const onRequest = (r: Parameters<typeof formatRequestRecord>[0]) => logged.push(formatRequestRecord(r));
      // A constructor's throw (a bad setting or key) rejects the promise.
      const clientSource = () => Promise.resolve().then(() => new TwelveLabsClient({ ...config, onRequest }));
      const model = new AccountTree(clientSource);
      const target = deleteTarget(fake);
      const confirmed: DeleteTarget = {
        indexId: target.index_id,
        indexName: SUPPORT,
        assetId: target._id,
        assetName: target.system_metadata.filename ?? target._id,
      };
      const before = new Set(fake.account.assets.map((asset) => asset._id));
      testCase.arrange?.(fake);

      const problems: string[] = [];
      let crashed = false;
      let lines: string[];
      let labels: string[] = [];
      try {
        ({ lines, labels } = await act(testCase, fake, model, confirmed, clientSource));
      } catch (error) {
        crashed = !isTwelveLabsError(error);
        lines = [`threw: ${error instanceof Error ? error.message : String(error)}`];
        problems.push(crashed ? `crashed: ${String(error)}` : `threw instead of showing it: ${String(error)}`);
      }
      const seen = lines.join('\n');
      if (!testCase.shows.test(seen))
        problems.push(`expected to see ${testCase.shows} but saw:\n${seen.slice(0, 600)}`);
      if (testCase.hides?.test(seen)) problems.push(`must not show ${testCase.hides}`);
      const verified = testCase.verify?.(labels);
      if (verified) problems.push(verified);

      // Only the confirmed asset may go (in a delete, or in a race that deletes it elsewhere).
      const allowed = testCase.action === 'delete' || testCase.meanwhile ? target._id : undefined;
      const after = new Set(fake.account.assets.map((asset) => asset._id));
      const lost = [...before].filter((id) => !after.has(id) && id !== allowed).length;
      if (lost > 0) problems.push(`${lost} asset(s) deleted without confirmation`);

      const keys = [typedKey, typedKey.trim(), fake.apiKey].filter((key) => key.length >= 8);
      const urls = fake.requests.map((r) => `${r.path}?${JSON.stringify(r.query)}`);
      const leaked = keys.some((key) => [seen, ...logged, ...urls].some((text) => text.includes(key)));
      if (leaked) problems.push('the key appears in what was shown, logged or sent in a URL');

      // The fault is gone: the same tree, refreshed, shows what the account holds.
      fake.clearFaults();
      config = { baseUrl: fake.baseUrl, apiKey: fake.apiKey, timeoutMs: MATRIX_TIMEOUT_MS };
      model.refresh();
      const ids = (nodes: TreeNode[]) =>
        nodes.map((node) => (node.kind === 'index' ? node.index._id : node.kind === 'asset' ? node.asset._id : ''));
      const sorted = (list: string[]) => list.filter(Boolean).sort().join();
      const same = (shown: string[], truth: { _id: string }[]) => sorted(shown) === sorted(truth.map((i) => i._id));
      if (!same(ids(await model.children()), fake.account.indexes))
        problems.push('the refreshed tree does not list the account’s indexes');
      const truth = fake.account.assets.filter((a) => a.index_id === supportIndex(fake)._id);
      if (!same(ids(await expandToEnd(model, supportIndex(fake)._id)), truth))
        problems.push('the refreshed tree does not show the index’s assets as they are');

      results.push({ testCase, seen, problems, crashed, lost, leaked });
      assert.deepEqual(problems, []);
    });
  }

  after(() => {
    const count = (matches: (r: CaseResult) => boolean) => results.filter(matches).length;
    const totals = [
      `${results.length} cases tried`,
      `${count((r) => r.problems.length === 0)} passed`,
      `${count((r) => r.crashed)} crashes`,
      `${results.reduce((sum, r) => sum + r.lost, 0)} assets lost`,
      `${count((r) => r.leaked)} key leaks`,
    ].join(', ');
    console.log(`fault matrix: ${totals}`);
    if (results.length !== FAULT_CASES.length) return; // a filtered run (--test-name-pattern) documents nothing
    const doc = readFileSync(DOC, 'utf8');
    const generated = doc.slice(0, Math.max(0, doc.indexOf('**Totals:'))) + reliabilityDoc(results, totals);
    if (process.env.UPDATE_RELIABILITY) writeFileSync(DOC, generated);
    else assert.equal(doc, generated, 'docs/reliability.md is stale: run `npm run reliability`');
  });
});

async function act(
  testCase: FaultCase,
  fake: FakeTwelveLabsApi,
  model: AccountTree,
  target: DeleteTarget,
  clientSource: () => Promise<TwelveLabsClient>,
): Promise<{ lines: string[]; labels: string[] }> {
  const shown = (nodes: TreeNode[]) => ({
    lines: nodes.flatMap(rowLines).flatMap((text) => text.split('\n')),
    labels: nodes.map((node) => rowLines(node)[0]),
  });
  switch (testCase.action) {
    case 'listIndexes':
      return shown(await model.children());
    case 'expandIndex':
      return shown(await expandToEnd(model, target.indexId));
    case 'delete': {
      await expandToEnd(model, target.indexId);
      testCase.meanwhile?.(fake);
      const inFlight = new DeletesInFlight();
      const runs: Promise<string | TreeNode[]>[] = [deleteAsTheCommandDoes(inFlight, target, clientSource)];
      if (testCase.twice) runs.push(deleteAsTheCommandDoes(inFlight, target, clientSource));
      if (testCase.duringRefresh) {
        model.refresh();
        runs.push(expandToEnd(model, target.indexId));
      }
      const messages = (await Promise.all(runs)).filter((run): run is string => typeof run === 'string');
      return { lines: messages, labels: messages };
    }
  }
}

/** The command's delete with its modal answered Delete, down to the one message it shows. */
async function deleteAsTheCommandDoes(
  inFlight: DeletesInFlight,
  target: DeleteTarget,
  clientSource: () => Promise<TwelveLabsClient>,
): Promise<string> {
  const claim = inFlight.claim([target]);
  if (claim.targets.length === 0) return 'already in progress: nothing more sent';
  try {
    const client = await clientSource();
    const [result] = await runDeletes(claim.targets, (t) => client.deleteIndexedAsset(t.indexId, t.assetId), {
      concurrency: 1,
    });
    return deleteResultMessage(result.job, result.outcome)?.text ?? 'cancelled';
  } finally {
    claim.release();
  }
}

/** From the totals line of docs/reliability.md to its end; the prose above it stays as written. */
function reliabilityDoc(results: CaseResult[], totals: string): string {
  const cell = (text: string) =>
    text
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/[0-9a-f]{24}/g, '‹id›')
      .replace(/\|/g, '\\|')
      .replace(/\n+/g, ' · ')
      .replace(/x{20,}/g, 'x…x')
      .slice(0, 220);
  const rows = results.map(
    (r, i) =>
      `| ${i + 1} | ${r.testCase.group} | ${cell(r.testCase.name)} | ${r.testCase.action} | ${cell(r.seen)} | ${r.problems.length === 0 ? 'pass' : 'FAIL'} |`,
  );
  return [
    `**Totals: ${totals}.**`,
    '',
    '"What the user sees" is the text of the rows or the message, one line per `·`, IDs and ports masked.',
    '',
    '| # | Group | Case | Action | What the user sees | Result |',
    '| ---: | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
