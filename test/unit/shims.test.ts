// The bundle's stand-ins for node-fetch's dependencies (src/shims), against what they replace.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as legacyUrl from 'node:url';

const root = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shim = require(join(root, 'src', 'shims', 'url.js')) as typeof legacyUrl;

test('the url shim parses request URLs into the same fields as url.parse, which node-fetch hands to http.request', () => {
  const urls = [
    'http://127.0.0.1:4000/v1.3/indexes?page=1&page_limit=50&sort_by=created_at',
    'https://api.twelvelabs.io/v1.3/indexes/6a0c2058b67f415bdadccbaf/indexed-assets/6a0c2058b67f415bdadccbb0',
    'http://[::1]:8080/v1.3/indexes?index_name=a%20b#frag',
    'https://user:p%40ss@example.com/v1.3/?filename=%C3%A9t%C3%A9',
    'http://localhost/v1.3',
  ];
  for (const url of urls) {
    const expected = legacyUrl.parse(url);
    const actual = shim.parse(url);
    // Every field, as plain data: protocol, auth, host, port, hostname, hash, search, query, pathname, path, href.
    assert.deepEqual({ ...actual }, { ...expected }, url);
    assert.equal(shim.format(actual), expected.href);
  }
  assert.equal(shim.parse('/relative/only').protocol, null, 'node-fetch then refuses it as not absolute');
  assert.equal(shim.URL, legacyUrl.URL);
});
