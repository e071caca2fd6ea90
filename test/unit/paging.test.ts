import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { Page } from '../../src/core/api/schemas';
import { PagedList } from '../../src/core/paging';

type Item = { _id: string };

/** A list of `limit` per page whose pages `answer` gives (an Error fails the request); `asked` records the pages asked for. */
function listOf(limit: number, answer: (page: number) => Page<Item> | Error) {
  const asked: number[] = [];
  const list = new PagedList<Item>((page) => {
    asked.push(page);
    const result = answer(page);
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  }, limit);
  return { list, asked, ids: () => list.all.map((item) => item._id) };
}

const pageOf = (page: number, totalPages: number, ids: string[], totalResults?: number): Page<Item> => ({
  items: ids.map((_id) => ({ _id })),
  pageInfo: { page, totalPages, totalResults },
  unreadable: [],
});

/** The API's paging by offset over `ids`, which the test may change. */
const offsetPaged = (ids: string[], limit: number) =>
  listOf(limit, (page) =>
    pageOf(page, Math.ceil(ids.length / limit), ids.slice((page - 1) * limit, page * limit), ids.length),
  );

const names = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);

test('pages load in order and stop at total_page; concurrent loads share one request', async () => {
  const { list, asked, ids } = offsetPaged(names(5), 2);
  await Promise.all([list.loadNext(), list.loadNext()]);
  assert.deepEqual(asked, [1]);
  while (list.hasMore) await list.loadNext();
  assert.deepEqual(asked, [1, 2, 3]);
  assert.deepEqual(ids(), names(5));
});

test('after a delete, the next load goes back to the page that holds the first unseen item', async () => {
  const server = names(7);
  const { list, asked, ids } = offsetPaged(server, 3);
  await list.loadNext();
  await list.loadNext(); // a0..a5 shown
  for (const id of ['a1', 'a4']) {
    list.remove(id);
    server.splice(server.indexOf(id), 1);
  }
  assert.equal(list.total, 5);
  assert.ok(list.hasMore);
  await list.loadNext();
  assert.deepEqual(asked, [1, 2, 2]);
  assert.deepEqual(ids(), ['a0', 'a2', 'a3', 'a5', 'a6']);
  assert.equal(list.hasMore, false);
});

test('IDs repeated across pages show once, and a removed ID never comes back', async () => {
  // The server still lists "x" after its delete, as an eventually consistent one may.
  const pages = [
    ['x', 'y'],
    ['y', 'x', 'z'],
  ];
  const { list, asked, ids } = listOf(2, (page) => pageOf(page, 2, pages[page - 1] ?? []));
  await list.loadNext();
  list.remove('x');
  await list.loadNext();
  await list.loadNext();
  assert.deepEqual(asked, [1, 1, 2]);
  assert.deepEqual(ids(), ['y', 'z']);
});

test('an empty page ends the list even when total_page claims more', async () => {
  const { list, asked } = listOf(1, (page) => pageOf(page, 1e9, page === 1 ? ['a'] : []));
  await list.loadNext();
  await list.loadNext();
  assert.equal(list.hasMore, false);
  assert.deepEqual(asked, [1, 2]);
});

test('a failed page is kept as the error, and a retry asks for the same page', async () => {
  let failure: Error | undefined = new TwelveLabsError({ kind: 'server', message: 'boom' });
  const { list, asked, ids } = listOf(1, (page) => failure ?? pageOf(page, 1, ['a']));
  await list.loadNext();
  assert.equal(list.error?.kind, 'server');
  assert.ok(list.started);
  failure = undefined;
  await list.loadNext();
  assert.equal(list.error, undefined);
  assert.deepEqual(asked, [1, 1]);
  assert.deepEqual(ids(), ['a']);
});
