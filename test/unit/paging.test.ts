import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwelveLabsError } from '../../src/core/api/errors';
import { Page } from '../../src/core/api/schemas';
import { PagedList } from '../../src/core/paging';

type Item = { _id: string };

/** A server-side list paged by offset, as the API does, that records the pages asked for. */
function offsetSource(ids: string[]) {
  const asked: number[] = [];
  const fetchPage = (page: number, limit: number): Promise<Page<Item>> => {
    asked.push(page);
    const items = ids.slice((page - 1) * limit, page * limit).map((_id) => ({ _id }));
    return Promise.resolve({
      items,
      pageInfo: { page, totalPages: Math.ceil(ids.length / limit), totalResults: ids.length },
      unreadable: [],
    });
  };
  return { ids, asked, fetchPage };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);

test('pages load in order and stop at total_page', async () => {
  const source = offsetSource(names(5));
  const list = new PagedList(source.fetchPage, 2);
  while (list.hasMore || !list.started) {
    await list.loadNext();
  }
  assert.deepEqual(source.asked, [1, 2, 3]);
  assert.deepEqual(
    list.all.map((i) => i._id),
    names(5),
  );
});

test('concurrent loads share one request', async () => {
  const source = offsetSource(names(5));
  const list = new PagedList(source.fetchPage, 2);
  await Promise.all([list.loadNext(), list.loadNext(), list.loadNext()]);
  assert.deepEqual(source.asked, [1]);
});

test('after a delete, the next load goes back to the page that holds the first unseen item', async () => {
  const source = offsetSource(names(7));
  const list = new PagedList(source.fetchPage, 3);
  await list.loadNext();
  await list.loadNext(); // a0..a5 shown
  for (const id of ['a1', 'a4']) {
    list.remove(id);
    source.ids.splice(source.ids.indexOf(id), 1);
  }
  assert.equal(list.total, 5);
  assert.ok(list.hasMore);
  await list.loadNext();
  assert.deepEqual(source.asked, [1, 2, 2]);
  assert.deepEqual(
    list.all.map((i) => i._id),
    ['a0', 'a2', 'a3', 'a5', 'a6'],
  );
  assert.equal(list.hasMore, false);
});

test('IDs repeated across pages show once, and a removed ID never comes back', async () => {
  // The server still lists "x" after its delete, as an eventually consistent one may.
  const pages: Item[][] = [
    [{ _id: 'x' }, { _id: 'y' }],
    [{ _id: 'y' }, { _id: 'x' }, { _id: 'z' }],
  ];
  const asked: number[] = [];
  const list = new PagedList<Item>((page) => {
    asked.push(page);
    return Promise.resolve({ items: pages[page - 1] ?? [], pageInfo: { page, totalPages: 2 }, unreadable: [] });
  }, 2);
  await list.loadNext();
  list.remove('x');
  await list.loadNext();
  await list.loadNext();
  assert.deepEqual(asked, [1, 1, 2]);
  assert.deepEqual(
    list.all.map((i) => i._id),
    ['y', 'z'],
  );
});

test('an empty page ends the list even when total_page claims more', async () => {
  const asked: number[] = [];
  const list = new PagedList<Item>((page) => {
    asked.push(page);
    return Promise.resolve({
      items: page === 1 ? [{ _id: 'a' }] : [],
      pageInfo: { page, totalPages: 1e9 },
      unreadable: [],
    });
  }, 1);
  await list.loadNext();
  await list.loadNext();
  assert.equal(list.hasMore, false);
  assert.deepEqual(asked, [1, 2]);
});

test('a failed page is kept as the error, and a retry asks for the same page', async () => {
  const asked: number[] = [];
  let fail = true;
  const list = new PagedList<Item>((page) => {
    asked.push(page);
    if (fail) {
      return Promise.reject(new TwelveLabsError({ kind: 'server', message: 'boom' }));
    }
    return Promise.resolve({ items: [{ _id: 'a' }], pageInfo: { page, totalPages: 1 }, unreadable: [] });
  }, 1);
  await list.loadNext();
  assert.equal(list.error?.kind, 'server');
  assert.ok(list.started);
  fail = false;
  await list.loadNext();
  assert.equal(list.error, undefined);
  assert.deepEqual(asked, [1, 1]);
  assert.deepEqual(list.all, [{ _id: 'a' }]);
});
