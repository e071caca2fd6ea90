import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Index, IndexedAsset } from '../../src/core/api/schemas';
import {
  assetDescription,
  assetIcon,
  assetName,
  assetTooltip,
  deleteConfirmation,
  deleteSummary,
  displayText,
  formatDuration,
  indexDescription,
  indexName,
  indexTooltip,
  loadMoreLabel,
} from '../../src/core/present';

const ID = '6298d673f1090f1100476d4c';

function asset(over: Partial<IndexedAsset> = {}): IndexedAsset {
  return { _id: ID, status: 'ready', system_metadata: { filename: 'clip.mp4', duration: 125 }, ...over };
}

function index(over: Partial<Index> = {}): Index {
  return { _id: ID, index_name: 'Product demos', video_count: 12, models: [], ...over };
}

describe('labels', () => {
  test('an asset shows its filename, or its _id without one', () => {
    assert.equal(assetName(asset()), 'clip.mp4');
    assert.equal(assetName(asset({ system_metadata: {} })), ID);
    assert.equal(assetName(asset({ system_metadata: { filename: '' } })), ID);
  });

  test('an index shows its index_name, or its _id without one', () => {
    assert.equal(indexName(index()), 'Product demos');
    assert.equal(indexName(index({ index_name: undefined })), ID);
  });

  test('account text is shown literally, with hiding and reordering characters replaced', () => {
    assert.equal(displayText('**bold** <b>x</b> [a](command:evil)'), '**bold** <b>x</b> [a](command:evil)');
    assert.equal(displayText('evil\u202Egpj.exe'), 'evil\uFFFDgpj.exe');
    assert.equal(displayText('a\nb\tc\u0000'), 'a\uFFFDb\uFFFDc\uFFFD');
  });

  test('long text is shortened with an ellipsis, whole characters only', () => {
    const label = displayText('😀'.repeat(100), 10);
    assert.equal(Array.from(label).length, 10);
    assert.ok(label.endsWith('…'));
    assert.equal(displayText('x'.repeat(10_000)).length, 80);
  });

  test('the tooltip keeps the full name', () => {
    const long = 'n'.repeat(500);
    assert.ok(assetTooltip(asset({ system_metadata: { filename: long } })).includes(long));
  });
});

describe('descriptions, tooltips and icons', () => {
  test('durations read as m:ss or h:mm:ss', () => {
    assert.equal(formatDuration(5), '0:05');
    assert.equal(formatDuration(125), '2:05');
    assert.equal(formatDuration(3723), '1:02:03');
    assert.equal(formatDuration(undefined), undefined);
    assert.equal(formatDuration(-1), undefined);
  });

  test('an asset gives its duration, and its status when it is not ready', () => {
    assert.equal(assetDescription(asset()), '2:05');
    assert.equal(assetDescription(asset({ status: 'indexing' })), '2:05 · indexing');
    assert.equal(assetDescription(asset({ status: 'failed', system_metadata: {} })), 'failed');
  });

  test('status icons: spinning while in progress, an error when failed', () => {
    for (const status of ['pending', 'queued', 'indexing']) {
      assert.equal(assetIcon(status).id, 'loading~spin');
    }
    assert.deepEqual(assetIcon('failed'), { id: 'error', color: 'errorForeground' });
    assert.equal(assetIcon('ready').id, 'device-camera-video');
    assert.equal(assetIcon(undefined).id, 'device-camera-video');
  });

  test('an index counts its videos', () => {
    assert.equal(indexDescription(index()), '12 videos');
    assert.equal(indexDescription(index({ video_count: 1 })), '1 video');
    assert.equal(indexDescription(index({ video_count: undefined })), '');
  });

  test('the index tooltip gives models, total duration, creation and expiry', () => {
    const tooltip = indexTooltip(
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
    assert.doesNotMatch(indexTooltip(index()), /Expires/);
  });

  test('"Load more" starts the label and says how much is shown', () => {
    assert.equal(loadMoreLabel(50, 52), 'Load more… (50 of 52 shown)');
    assert.ok(loadMoreLabel(50, undefined).startsWith('Load more'));
  });
});

test('the delete confirmation names the asset and the index, says it cannot be undone, and confirms with "Delete"', () => {
  const confirmation = deleteConfirmation([
    { indexId: ID, indexName: 'Product demos', assetId: ID, assetName: 'clip.mp4' },
  ]);
  assert.equal(confirmation.message, 'Delete “clip.mp4” from the index “Product demos”?');
  assert.match(confirmation.detail, /cannot be undone/);
  assert.equal(confirmation.confirmLabel, 'Delete');
});

test('the plural confirmation counts assets and indexes, lists the first five names and the rest as a count', () => {
  const targets = Array.from({ length: 12 }, (_, i) => ({
    indexId: i < 7 ? 'a'.repeat(24) : 'b'.repeat(24),
    indexName: i < 7 ? 'Support calls' : 'Demos',
    assetId: String(i).padStart(24, '0'),
    assetName: `clip-${i}.mp4`,
  }));
  const confirmation = deleteConfirmation(targets, 1);
  assert.equal(confirmation.message, 'Delete 12 indexed assets from 2 indexes?');
  assert.equal(
    confirmation.detail,
    [
      '• clip-0.mp4',
      '• clip-1.mp4',
      '• clip-2.mp4',
      '• clip-3.mp4',
      '• clip-4.mp4',
      'And 7 more.',
      '',
      'TwelveLabs will permanently remove these indexed assets and everything indexed for them. This cannot be undone. The uploaded source files are not deleted.',
      '',
      '1 selected item is not an indexed asset and is left alone.',
    ].join('\n'),
  );
  assert.equal(confirmation.confirmLabel, 'Delete');
  assert.equal(
    deleteConfirmation(targets.slice(0, 2)).message,
    'Delete 2 indexed assets from the index “Support calls”?',
  );
  assert.doesNotMatch(deleteConfirmation(targets.slice(0, 2)).detail, /more|left alone/);
});

test('the bulk summary says how many were deleted, already gone, failed and cancelled', () => {
  assert.equal(deleteSummary({ deleted: 120, alreadyGone: 0, failed: 0, cancelled: 0 }), 'Deleted 120 indexed assets.');
  assert.equal(
    deleteSummary({ deleted: 118, alreadyGone: 0, failed: 2, cancelled: 0 }),
    'Deleted 118 of 120 indexed assets. 2 failed.',
  );
  assert.equal(
    deleteSummary({ deleted: 37, alreadyGone: 1, failed: 0, cancelled: 83 }),
    'Deleted 37 of 120 indexed assets. 1 of them was already gone. 83 were cancelled.',
  );
  assert.equal(deleteSummary({ deleted: 1, alreadyGone: 0, failed: 0, cancelled: 0 }), 'Deleted 1 indexed asset.');
});
