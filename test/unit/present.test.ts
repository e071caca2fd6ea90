// The wording of rows and modals. Hostile names are the fault matrix's; any-name limits the properties'.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Index, IndexedAsset } from '../../src/core/api/schemas';
import * as present from '../../src/core/present';

const ID = '6298d673f1090f1100476d4c';

function asset(over: Partial<IndexedAsset> = {}): IndexedAsset {
  return { _id: ID, status: 'ready', system_metadata: { filename: 'clip.mp4', duration: 125 }, ...over };
}

function index(over: Partial<Index> = {}): Index {
  return { _id: ID, index_name: 'Product demos', video_count: 12, models: [], ...over };
}

describe('rows', () => {
  test('an asset shows its filename and an index its name, or their _id without one', () => {
    assert.equal(present.assetName(asset()), 'clip.mp4');
    assert.equal(present.assetName(asset({ system_metadata: {} })), ID);
    assert.equal(present.indexName(index()), 'Product demos');
    assert.equal(present.indexName(index({ index_name: undefined })), ID);
  });

  test('long text is shortened with an ellipsis, whole characters only', () => {
    const label = present.displayText('😀'.repeat(100), 10);
    assert.equal(Array.from(label).length, 10);
    assert.ok(label.endsWith('…'));
    assert.equal(present.displayText('x'.repeat(10_000)).length, 80);
  });

  test('durations read as m:ss or h:mm:ss', () => {
    assert.equal(present.formatDuration(5), '0:05');
    assert.equal(present.formatDuration(125), '2:05');
    assert.equal(present.formatDuration(3723), '1:02:03');
    assert.equal(present.formatDuration(undefined), undefined);
    assert.equal(present.formatDuration(-1), undefined);
  });

  test('descriptions: an asset gives its duration and its status when not ready; an index counts its videos', () => {
    assert.equal(present.assetDescription(asset()), '2:05');
    assert.equal(present.assetDescription(asset({ status: 'indexing' })), '2:05 · indexing');
    assert.equal(present.assetDescription(asset({ status: 'failed', system_metadata: {} })), 'failed');
    assert.equal(present.indexDescription(index()), '12 videos');
    assert.equal(present.indexDescription(index({ video_count: 1 })), '1 video');
    assert.equal(present.indexDescription(index({ video_count: undefined })), '');
  });

  test('status icons: spinning while in progress, an error when failed', () => {
    for (const status of ['pending', 'queued', 'indexing']) assert.equal(present.assetIcon(status).id, 'loading~spin');
    assert.deepEqual(present.assetIcon('failed'), { id: 'error', color: 'errorForeground' });
    assert.equal(present.assetIcon('ready').id, 'device-camera-video');
    assert.equal(present.assetIcon(undefined).id, 'device-camera-video');
  });

  test('the index tooltip gives models, total duration, creation and expiry', () => {
    const tooltip = present.indexTooltip(
      index({
        models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
        total_duration: 3723,
        created_at: '2026-03-14T10:00:00Z',
        expires_at: '2026-06-12T10:00:00Z',
      }),
    );
    assert.match(tooltip, /Models: marengo3\.0 \(visual, audio\)/);
    assert.match(tooltip, /Total duration: 1:02:03/);
    assert.match(tooltip, /Created: 2026-03-14/);
    assert.match(tooltip, /Expires: 2026-06-12/);
    assert.doesNotMatch(present.indexTooltip(index()), /Expires/);
  });

  test('"Load more" starts the label and says how much is shown', () => {
    assert.equal(present.loadMoreLabel(50, 52), 'Load more… (50 of 52 shown)');
    assert.ok(present.loadMoreLabel(50, undefined).startsWith('Load more'));
  });
});

describe('deletes', () => {
  test('one asset: the modal names it and its index', () => {
    const target = { indexId: ID, indexName: 'Product demos', assetId: ID, assetName: 'clip.mp4' };
    assert.equal(present.deleteConfirmation([target]).message, 'Delete “clip.mp4” from the index “Product demos”?');
  });

  test('several: the modal counts assets and indexes, lists five names and the rest as a count', () => {
    const targets = Array.from({ length: 12 }, (_, i) => ({
      indexId: i < 7 ? 'a'.repeat(24) : 'b'.repeat(24),
      indexName: i < 7 ? 'Support calls' : 'Demos',
      assetId: String(i).padStart(24, '0'),
      assetName: `clip-${i}.mp4`,
    }));
    const confirmation = present.deleteConfirmation(targets, 1);
    assert.equal(confirmation.message, 'Delete 12 indexed assets from 2 indexes?');
    assert.equal(
      confirmation.detail,
      [
        ...[0, 1, 2, 3, 4].map((i) => `• clip-${i}.mp4`),
        'And 7 more.',
        '',
        'TwelveLabs will permanently remove these indexed assets and everything indexed for them. This cannot be undone. The uploaded source files are not deleted.',
        '',
        '1 selected item is not an indexed asset and is left alone.',
      ].join('\n'),
    );
    const two = present.deleteConfirmation(targets.slice(0, 2));
    assert.equal(two.message, 'Delete 2 indexed assets from the index “Support calls”?');
    assert.doesNotMatch(two.detail, /more|left alone/);
  });

  test('the summary says how many were deleted, already gone, failed and cancelled', () => {
    const cases: [number, number, number, number, string][] = [
      [120, 0, 0, 0, 'Deleted 120 indexed assets.'],
      [1, 0, 0, 0, 'Deleted 1 indexed asset.'],
      [118, 0, 2, 0, 'Deleted 118 of 120 indexed assets. 2 failed.'],
      [37, 1, 0, 83, 'Deleted 37 of 120 indexed assets. 1 of them was already gone. 83 were cancelled.'],
    ];
    for (const [deleted, alreadyGone, failed, cancelled, text] of cases) {
      assert.equal(present.deleteSummary({ deleted, alreadyGone, failed, cancelled }), text);
    }
  });
});
