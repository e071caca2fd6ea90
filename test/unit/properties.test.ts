// For any input, the validators and the label, tooltip, ID and URL builders succeed or throw a
// TwelveLabsError, and no URL leaves the configured origin and base path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseBaseUrl } from '../../src/core/api/baseUrl';
import { isTwelveLabsError } from '../../src/core/api/errors';
import { buildUrl } from '../../src/core/api/http';
import { parseIndexPage, parseIndexedAssetPage } from '../../src/core/api/schemas';
import { idSegment } from '../../src/core/ids';
import {
  assetDescription,
  assetName,
  assetTooltip,
  deleteConfirmation,
  displayText,
  indexDescription,
  indexName,
  indexTooltip,
} from '../../src/core/present';

const RUNS = { numRuns: 300 };

/** Runs `fn`; any throw must be a TwelveLabsError. Returns the value, or undefined when it threw. */
function typedOrValue<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    assert.ok(isTwelveLabsError(error), `an untyped error escaped: ${String(error)}`);
    return undefined;
  }
}

// Text that mixes what breaks displays: controls, bidi overrides, astral characters, markup.
const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200, size: 'max' }),
  fc.string({
    unit: fc.constantFrom(...Array.from('\u0000\u0007\n\u202e\u2066\u200f😀<*[]()'), 'command:', 'a', ' '),
    maxLength: 120,
    size: 'max',
  }),
);

const jsonValue = fc.jsonValue({ maxDepth: 4 });

const hexId = fc.string({ unit: fc.constantFrom(...Array.from('0123456789abcdef')), minLength: 24, maxLength: 24 });

/** This arbitrary, or any JSON value in its place. */
const orAnything = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, jsonValue);
const someOf = (model: Record<string, fc.Arbitrary<unknown>>) => fc.record(model, { requiredKeys: [] });

/** Bodies close to the API's list shape, with any field replaced by anything. */
const nearlyAPage = fc.record({
  data: orAnything(
    fc.array(
      someOf({
        _id: orAnything(hexId),
        index_name: orAnything(nastyText),
        status: orAnything(fc.constantFrom('ready', 'indexing', 'failed')),
        models: orAnything(fc.array(fc.record({ model_name: fc.string(), model_options: fc.array(fc.string()) }))),
        system_metadata: orAnything(someOf({ filename: orAnything(nastyText), duration: orAnything(fc.double()) })),
        created_at: orAnything(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
        video_count: orAnything(fc.integer()),
      }),
      { maxLength: 5 },
    ),
  ),
  page_info: orAnything(
    someOf({
      page: fc.oneof(fc.integer(), fc.double()),
      total_page: fc.oneof(fc.integer(), fc.constant(1e9), fc.double()),
      total_results: fc.integer(),
    }),
  ),
});

const strings = (...texts: unknown[]) => texts.every((text) => typeof text === 'string');

describe('properties', () => {
  test('the list validators accept or refuse any body with a typed error, and what they accept renders', () => {
    const asked = { page: 1, pageLimit: 50 };
    fc.assert(
      fc.property(fc.oneof(jsonValue, nearlyAPage), (body) => {
        // Every item sent is either read or set aside: none vanishes, so paging counts hold.
        const data: unknown = typeof body === 'object' && body !== null && 'data' in body ? body.data : undefined;
        const sent = Array.isArray(data) ? data.length : undefined;
        const indexes = typedOrValue(() => parseIndexPage(body, asked));
        if (indexes && sent !== undefined) assert.equal(indexes.items.length + indexes.unreadable.length, sent);
        for (const i of indexes?.items ?? []) assert.ok(strings(indexName(i), indexDescription(i), indexTooltip(i)));
        const assets = typedOrValue(() => parseIndexedAssetPage(body, asked));
        if (assets && sent !== undefined) assert.equal(assets.items.length + assets.unreadable.length, sent);
        for (const a of assets?.items ?? []) assert.ok(strings(assetName(a), assetDescription(a), assetTooltip(a)));
      }),
      RUNS,
    );
  });

  test('labels are at most 80 characters, with no control or bidi characters, and never empty', () => {
    fc.assert(
      fc.property(nastyText, hexId, (name, id) => {
        const label = indexName({ _id: id, index_name: name, models: [] });
        assert.ok(Array.from(label).length <= 80, label);
        assert.doesNotMatch(label, /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
        assert.ok(label.length > 0);
        assert.equal(assetName({ _id: id, system_metadata: { filename: name } }), label);
      }),
      RUNS,
    );
  });

  test('a tooltip keeps the whole name, made safe, up to 10,000 characters', () => {
    fc.assert(
      fc.property(nastyText, (name) => {
        const tooltip = assetTooltip({ _id: 'a'.repeat(24), system_metadata: { filename: name } });
        const firstLine = tooltip.split('\n')[0];
        assert.equal(firstLine, displayText(name || 'a'.repeat(24), 10_000));
        assert.doesNotMatch(firstLine, /[\u0000-\u001f\u202a-\u202e]/);
      }),
      RUNS,
    );
  });

  test('the delete modal names every asset safely, for any names and counts', () => {
    const target = fc.record({
      indexId: hexId,
      indexName: nastyText.map((text) => displayText(text || 'x')),
      assetId: hexId,
      assetName: nastyText.map((text) => displayText(text || 'x')),
    });
    fc.assert(
      fc.property(fc.array(target, { minLength: 1, maxLength: 30 }), fc.nat(5), (targets, ignored) => {
        const confirmation = deleteConfirmation(targets, ignored);
        assert.equal(confirmation.confirmLabel, 'Delete');
        assert.match(confirmation.detail, /cannot be undone/);
        assert.doesNotMatch(confirmation.message + confirmation.detail, /[\u202a-\u202e\u2066-\u2069]/);
        if (targets.length > 1)
          assert.match(confirmation.message, new RegExp(`^Delete ${targets.length} indexed assets from `));
      }),
      RUNS,
    );
  });

  test('any ID is refused with a typed error or becomes one path segment that stays under the base URL', () => {
    const base = parseBaseUrl('https://api.twelvelabs.io/v1.3');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.constantFrom('..', '.', '%2e%2e', '../../x', 'a/b', '?x=1', '#f', '\\', '%00'),
          jsonValue,
        ),
        (id) => {
          const segment = typedOrValue(() => idSegment(id, 'indexed asset'));
          if (segment === undefined) return;
          assert.doesNotMatch(segment, /[/?#\\]|^\.\.?$/);
          const url = buildUrl(base, `/indexes/${segment}/indexed-assets/${segment}`);
          assert.equal(url.origin, 'https://api.twelvelabs.io');
          assert.ok(url.pathname.startsWith('/v1.3/indexes/'), url.pathname);
        },
      ),
      RUNS,
    );
  });

  test('any base URL setting is refused with a typed error or is https (or http on loopback) with no query', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.string({ maxLength: 80 }),
          fc.constantFrom('http://localhost:8080/v1.3', 'http://[::1]/v1.3', 'http://127.0.0.2/v1.3', 'ftp://x/v1.3'),
        ),
        (setting) => {
          const url = typedOrValue(() => parseBaseUrl(setting));
          if (url === undefined) return;
          assert.ok(url.protocol === 'https:' || /^(localhost|\[::1\]|127(\.\d+){3})$/.test(url.hostname), url.href);
          assert.equal(url.search, '');
          assert.equal(url.hash, '');
          // Any path built from it stays on its origin and under its path.
          const built = buildUrl(url, '/indexes', { page: 1 });
          assert.equal(built.origin, url.origin);
          assert.ok(built.pathname.startsWith(url.pathname));
        },
      ),
      RUNS,
    );
  });
});
