// The words of the Assets view and of deleting uploaded assets.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SourceAsset } from '../../src/core/api/assetSchemas';
import { TwelveLabsError } from '../../src/core/api/errors';
import * as words from '../../src/core/presentAssets';
import { SourceAssetJob, SourceAssetOutcome } from '../../src/core/sourceAssetDelete';

const ID = '6298d673f1090f1100476d4c';
const CLIP: SourceAsset = {
  _id: ID,
  filename: 'clip.mp4',
  file_type: 'video/mp4',
  status: 'ready',
  size: 7_400_000,
  duration: 125,
  created_at: '2026-03-14T10:00:00Z',
};
const reference = (indexName: string, n: number) => ({ _id: String(n).padStart(24, '0'), indexId: ID, indexName });
const job = (assetName: string, ...indexNames: string[]): SourceAssetJob => ({
  assetId: ID,
  assetName,
  references: indexNames.map(reference),
});

describe('Assets view rows', () => {
  test('the note on uses the marks cannot see: none, one, several', () => {
    assert.equal(words.usesNotShownNote(0), undefined);
    assert.match(words.usesNotShownNote(1) ?? '', /^1 indexed asset in an older index does not name its upload/);
    assert.match(words.usesNotShownNote(4) ?? '', /^4 indexed assets in older indexes do not name their upload/);
  });

  test('sizes in decimal units; none for a size that is not one', () => {
    const bytes = [0, 999, 1000, 812_000, 999_600, 1.5e6, 9_999_999, 12.4e6, 3.1e9, 5e15, -1, NaN, Infinity, undefined];
    const sizes = ['0 B', '999 B', '1.0 KB', '812 KB', '1.0 MB', '1.5 MB', '10 MB', '12 MB', '3.1 GB', '5000 TB'];
    assert.deepEqual(bytes.map(words.formatSize), [...sizes, undefined, undefined, undefined, undefined]);
  });

  test('description, tooltip and screen-reader label: unused first, then what is known', () => {
    assert.equal(words.sourceAssetDescription(CLIP, 'unused'), 'unused · 7.4 MB · video/mp4 · 2026-03-14');
    assert.equal(words.sourceAssetDescription(CLIP, undefined), '7.4 MB · video/mp4 · 2026-03-14');
    assert.equal(words.sourceAssetDescription({ _id: ID, status: 'processing' }, 'used'), 'processing');
    assert.equal(
      words.sourceAssetTooltip(CLIP, 'unused'),
      `clip.mp4\nUnused: no index uses it.\nStatus: ready\nType: video/mp4\nSize: 7.4 MB\nDuration: 2:05\nCreated: 2026-03-14\nID: ${ID}`,
    );
    assert.match(words.sourceAssetTooltip({ _id: ID }, 'used'), /^\w+\nUsed by an index: expand to see which\.\nID: /);
    assert.match(words.sourceAssetTooltip(CLIP, undefined), /^clip\.mp4\nChecking which indexes use it…\n/);
    assert.match(words.sourceAssetTooltip(CLIP, 'unknown'), /^clip\.mp4\nCould not check which indexes use it/);
    const label = (usage: words.Usage) => words.sourceAssetAccessibilityLabel(CLIP, usage);
    assert.equal(label('unused'), 'Asset clip.mp4, unused, size: 7.4 MB, status: ready');
    assert.equal(label('used'), 'Asset clip.mp4, used by an index, size: 7.4 MB, status: ready');
    assert.equal(label(undefined), 'Asset clip.mp4, size: 7.4 MB, status: ready');
    assert.equal(words.sourceAssetAccessibilityLabel({ _id: ID }, undefined), `Asset ${ID}`);
  });

  test('names from the account are shown literally, with hiding and reordering characters replaced', () => {
    const hostile: SourceAsset = { _id: ID, filename: 'evil\u202Egpj.exe\u0007', file_type: 'video/\u2066mp4' };
    assert.equal(words.sourceAssetName(hostile), 'evil\uFFFDgpj.exe\uFFFD');
    const shown = [words.sourceAssetDescription, words.sourceAssetTooltip, words.sourceAssetAccessibilityLabel].map(
      (f) => f(hostile, 'used'),
    );
    for (const text of shown) assert.doesNotMatch(text, /[\u0007\u202E\u2066]/);
    const hostileIndex = { _id: ID, indexId: ID, indexName: '**Demos**\u202E' };
    assert.equal(words.referenceIndexName(hostileIndex), '**Demos**\uFFFD');
    assert.equal(
      words.referenceTooltip(hostileIndex),
      `Indexed in “**Demos**\uFFFD”\nIndexed asset ID: ${ID}\nClick to show it in the Indexes view.`,
    );
    assert.equal(words.referenceIndexName({ _id: ID, indexId: 'a'.repeat(24) }), 'a'.repeat(24));
  });

  test('the empty view says why', () => {
    assert.equal(words.assetsEmptyText(false, undefined), 'No uploaded assets yet.');
    assert.equal(words.assetsEmptyText(false, 'x'), 'No asset matches the filename “x”.');
    assert.equal(words.assetsEmptyText(true, ''), 'No unused assets: every asset is used by an index.');
  });
});

describe('Delete Asset', () => {
  const HOW_UNUSED = 'TwelveLabs will permanently delete the uploaded file. This cannot be undone.';

  test('the modal: one or several, used or not; the second button only when something is in use', () => {
    assert.deepEqual(words.assetDeleteConfirmation([job('clip.mp4')]), {
      message: 'Delete the asset “clip.mp4”?',
      detail: `No index uses it.\n\n${HOW_UNUSED}`,
      confirmLabel: 'Delete',
      withIndexedAssetsLabel: undefined,
    });
    const one = words.assetDeleteConfirmation([job('clip.mp4', 'Demos')], 1);
    assert.equal(one.withIndexedAssetsLabel, 'Delete Asset and Its Indexed Assets');
    assert.equal(
      one.detail,
      'It is used by 1 indexed asset, in “Demos”.\n\n“Delete” keeps an asset that is in use. “Delete Asset and Its Indexed Assets” deletes those indexed assets first, then the asset. This cannot be undone.\n\n1 selected item is not an asset and is left alone.',
    );
    const twice = words.assetDeleteConfirmation([job('c', 'Demos', 'Demos')]);
    assert.match(twice.detail, /^It is used by 2 indexed assets, in “Demos”\.\n/);
    const two = words.assetDeleteConfirmation([job('a'), job('b')]);
    assert.deepEqual(
      [two.message, two.detail],
      ['Delete 2 assets?', `• a\n• b\n\nNo index uses them.\n\n${HOW_UNUSED}`],
    );
    const jobs = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => job(name));
    jobs.push(job('g', 'I1', 'I2', 'I3'), job('h', 'I4', 'I5', 'I6'));
    const many = words.assetDeleteConfirmation(jobs, 2);
    assert.equal(many.message, 'Delete 8 assets?');
    assert.match(
      many.detail,
      /^• a\n• b\n• c\n• d\n• e\nAnd 3 more\.\n\n2 of them are used by indexed assets, in “I1”, “I2”, “I3”, “I4”, “I5” and 1 more\.\n\n“Delete” keeps/,
    );
    assert.match(many.detail, /\n\n2 selected items are not assets and are left alone\.$/);
  });

  test('the Indexes view offers "Delete with Source Assets" for the sources left unused', () => {
    assert.deepEqual(words.sourcesLeftUnusedNote([job('a.mp4')]), {
      detail:
        'This leaves 1 uploaded source asset unused: “a.mp4”. “Delete with Source Assets” deletes it too; “Delete” keeps it.',
      buttonLabel: 'Delete with Source Assets',
    });
    assert.equal(
      words.sourcesLeftUnusedNote([job('a.mp4'), job('b.mp4')]).detail,
      'This leaves 2 uploaded source assets unused: “a.mp4”, “b.mp4”. “Delete with Source Assets” deletes them too; “Delete” keeps them.',
    );
  });

  test('each outcome in words, and the summary', () => {
    const error = new TwelveLabsError({ kind: 'server', message: 'TwelveLabs had a problem.' });
    const conflict = new TwelveLabsError({ kind: 'conflict', message: 'In use.' });
    const used = job('clip.mp4', 'Demos');
    const outcomes: [SourceAssetOutcome, string][] = [
      [{ kind: 'deleted', attempts: 1 }, 'Deleted the asset “clip.mp4”.'],
      [{ kind: 'alreadyGone', attempts: 1 }, 'The asset “clip.mp4” was already deleted.'],
      [
        { kind: 'kept', stillUsedBy: used.references, attempts: 0 },
        'Kept the asset “clip.mp4”: indexed assets in “Demos” still use it.',
      ],
      [
        { kind: 'kept', stillUsedBy: used.references, error, attempts: 0 },
        'Kept the asset “clip.mp4”: its indexed asset in “Demos” could not be deleted. TwelveLabs had a problem.',
      ],
      [
        { kind: 'failed', error: conflict, attempts: 1 },
        'Kept the asset “clip.mp4”: TwelveLabs says indexed assets still use it. Refresh to see them.',
      ],
      [{ kind: 'failed', error, attempts: 1 }, 'Could not delete the asset “clip.mp4”. TwelveLabs had a problem.'],
      [{ kind: 'cancelled', attempts: 0 }, 'Cancelled before deleting the asset “clip.mp4”.'],
    ];
    for (const [outcome, text] of outcomes) assert.equal(words.assetOutcomeText({ job: used, outcome }), text);
    const summary = (...picked: number[]) =>
      words.assetDeleteSummary(picked.map((i) => ({ job: used, outcome: outcomes[i][0] })));
    assert.deepEqual(
      [summary(0), summary(0, 1), summary(0, 2, 4, 6), summary(2, 3, 4, 5, 6, 6)],
      [
        'Deleted 1 asset.',
        'Deleted 2 assets.',
        'Deleted 1 of 4 assets. 1 was kept: indexed assets still use it. 1 failed. 1 was cancelled.',
        'Deleted 0 of 6 assets. 2 were kept: indexed assets still use them. 2 failed. 2 were cancelled.',
      ],
    );
  });
});
