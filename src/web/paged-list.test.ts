import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { PagedList, usePagedList, type Page, type PageRequest, type PagedView } from './paged-list.ts';

interface Row {
  id: number;
  text: string;
}

/** A server holding rows newest first, paged by "before the id of the last row shown". */
function fakeServer(count: number) {
  const rows: Row[] = Array.from({ length: count }, (_, i) => ({ id: count - i, text: `row ${count - i}` }));
  const requests: Array<{ before: number | null; limit: number }> = [];
  const signals: AbortSignal[] = [];
  const fetchPage = (r: PageRequest<number>): Promise<Page<Row, number>> => {
    requests.push({ before: r.before, limit: r.limit });
    signals.push(r.signal);
    const from = r.before === null ? 0 : rows.findIndex((x) => x.id < (r.before ?? 0));
    const start = from < 0 ? rows.length : from;
    const items = rows.slice(start, start + r.limit).map((x) => ({ ...x }));
    const more = start + r.limit < rows.length;
    return Promise.resolve({ items, next: more ? (items[items.length - 1]?.id ?? null) : null });
  };
  return { rows, requests, signals, fetchPage };
}

/** Lets the pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const ids = (list: PagedList<Row, number>) => list.getState().items.map((r) => r.id);

describe('PagedList', () => {
  it('reads the first page, then appends the next ones until none follows', async () => {
    const server = fakeServer(7);
    const list = new PagedList(server.fetchPage, { pageSize: 3 });
    expect(list.getState()).toMatchObject({ key: null, items: [], loading: false, loaded: false });

    list.start('desk-1');
    expect(list.getState()).toMatchObject({ key: 'desk-1', items: [], loading: true, loaded: false, hasMore: false });
    await settle();
    expect(list.getState()).toMatchObject({ loading: false, loaded: true, hasMore: true, error: null });
    expect(ids(list)).toEqual([7, 6, 5]);

    const more = list.loadMore();
    expect(list.getState().loadingMore).toBe(true);
    await more;
    expect(ids(list)).toEqual([7, 6, 5, 4, 3, 2]);
    expect(list.getState()).toMatchObject({ loadingMore: false, hasMore: true });

    await list.loadMore();
    expect(ids(list)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(list.getState().hasMore).toBe(false);
    expect(server.requests).toEqual([
      { before: null, limit: 3 },
      { before: 5, limit: 3 },
      { before: 2, limit: 3 },
    ]);

    // Nothing follows: no request.
    await list.loadMore();
    expect(server.requests).toHaveLength(3);
  });

  it('says when the list is empty or fits on one page', async () => {
    const empty = new PagedList(fakeServer(0).fetchPage, { pageSize: 3 });
    empty.start('a');
    await settle();
    expect(empty.getState()).toMatchObject({ items: [], loaded: true, hasMore: false });

    const one = new PagedList(fakeServer(3).fetchPage, { pageSize: 3 });
    one.start('b');
    await settle();
    expect(one.getState()).toMatchObject({ loaded: true, hasMore: false });
    expect(one.getState().items).toHaveLength(3);
  });

  it('sends one request when "load more" is pressed twice before the page arrives', async () => {
    const server = fakeServer(10);
    const list = new PagedList(server.fetchPage, { pageSize: 3 });
    list.start('k');
    await settle();
    await Promise.all([list.loadMore(), list.loadMore()]);
    expect(server.requests).toHaveLength(2);
    expect(ids(list)).toEqual([10, 9, 8, 7, 6, 5]);
  });

  it('reloads from the start after a change, keeping as many items as were shown, the old ones in view meanwhile', async () => {
    const server = fakeServer(10);
    const list = new PagedList(server.fetchPage, { pageSize: 3, maxPage: 50 });
    list.start('k');
    await settle();
    await list.loadMore();
    await list.loadMore();
    expect(ids(list)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2]);

    // An older row changes (a correction): after the reload it is still shown, changed.
    const changed = server.rows.find((r) => r.id === 3);
    if (changed) changed.text = 'corrected';
    list.reload();
    expect(list.getState()).toMatchObject({ loading: true, loaded: true });
    expect(ids(list)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2]);
    await settle();
    expect(server.requests.at(-1)).toEqual({ before: null, limit: 9 });
    expect(ids(list)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(list.getState().items.find((r) => r.id === 3)?.text).toBe('corrected');
    expect(list.getState()).toMatchObject({ loading: false, hasMore: true });

    // And paging goes on from there.
    await list.loadMore();
    expect(ids(list)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(list.getState().hasMore).toBe(false);
  });

  it('reloads at least one page, and several when more were shown than the server gives at once', async () => {
    const server = fakeServer(12);
    const list = new PagedList(server.fetchPage, { pageSize: 2, maxPage: 3 });
    list.start('k');
    await settle();
    list.reload();
    await settle();
    expect(server.requests.at(-1)).toEqual({ before: null, limit: 2 });

    for (let i = 0; i < 3; i += 1) await list.loadMore();
    expect(ids(list)).toEqual([12, 11, 10, 9, 8, 7, 6, 5]);
    server.requests.length = 0;
    list.reload();
    await settle();
    expect(server.requests).toEqual([
      { before: null, limit: 3 },
      { before: 10, limit: 3 },
      { before: 7, limit: 2 },
    ]);
    expect(ids(list)).toEqual([12, 11, 10, 9, 8, 7, 6, 5]);
    expect(list.getState().hasMore).toBe(true);
  });

  it('shows fewer items after a reload when the server has fewer', async () => {
    const server = fakeServer(5);
    const list = new PagedList(server.fetchPage, { pageSize: 2, maxPage: 10 });
    list.start('k');
    await settle();
    await list.loadMore();
    await list.loadMore();
    expect(list.getState()).toMatchObject({ hasMore: false });
    server.rows.splice(1, 2);
    list.reload();
    await settle();
    expect(ids(list)).toEqual([5, 2, 1]);
    expect(list.getState().hasMore).toBe(false);
  });

  it('keeps the error of the first page, of a reload and of "load more" apart; a retry clears it', async () => {
    const server = fakeServer(6);
    let failNext: Error | null = new ApiError({ status: 503, code: 'unavailable', message: 'Servizio non disponibile' });
    const list = new PagedList<Row, number>(
      (r) => {
        if (failNext) {
          const e = failNext;
          failNext = null;
          return Promise.reject(e);
        }
        return server.fetchPage(r);
      },
      { pageSize: 2, maxPage: 10 },
    );
    list.start('k');
    await settle();
    expect(list.getState()).toMatchObject({ loading: false, loaded: false, items: [], hasMore: false });
    expect(list.getState().error?.status).toBe(503);
    // Without a first page there is nothing to load more from.
    await list.loadMore();
    expect(server.requests).toHaveLength(0);

    list.reload();
    await settle();
    expect(list.getState()).toMatchObject({ loaded: true, error: null, hasMore: true });
    expect(ids(list)).toEqual([6, 5]);

    failNext = new TypeError('Failed to fetch');
    await list.loadMore();
    expect(ids(list)).toEqual([6, 5]);
    expect(list.getState().error).toBeNull();
    expect(list.getState().moreError).toMatchObject({ status: 0, code: 'client' });
    expect(list.getState().moreError?.message).toContain('Failed to fetch');
    expect(list.getState()).toMatchObject({ loadingMore: false, hasMore: true });
    await list.loadMore();
    expect(ids(list)).toEqual([6, 5, 4, 3]);
    expect(list.getState().moreError).toBeNull();

    // A failed reload keeps what was shown, with the error.
    failNext = new ApiError({ status: 500, code: 'internal', message: 'Errore' });
    list.reload();
    await settle();
    expect(ids(list)).toEqual([6, 5, 4, 3]);
    expect(list.getState()).toMatchObject({ loading: false, loaded: true });
    expect(list.getState().error?.status).toBe(500);
  });

  it('drops answers of an older key and of a "load more" overtaken by a reload, and aborts their requests', async () => {
    const pending: Array<ReturnType<typeof deferred<Page<Row, number>>> & { request: PageRequest<number> }> = [];
    const list = new PagedList<Row, number>(
      (request) => {
        const d = deferred<Page<Row, number>>();
        pending.push({ ...d, request });
        return d.promise;
      },
      { pageSize: 2 },
    );
    const row = (id: number): Row => ({ id, text: `row ${id}` });

    list.start('desk-1');
    list.start('desk-2');
    expect(pending[0]?.request.signal.aborted).toBe(true);
    pending[1]?.resolve({ items: [row(20), row(19)], next: 19 });
    pending[0]?.resolve({ items: [row(10), row(9)], next: 9 });
    await settle();
    expect(list.getState().key).toBe('desk-2');
    expect(ids(list)).toEqual([20, 19]);

    const more = list.loadMore();
    list.reload();
    expect(pending[2]?.request.signal.aborted).toBe(true);
    expect(list.getState().loadingMore).toBe(false);
    pending[2]?.resolve({ items: [row(18), row(17)], next: 17 });
    await more;
    expect(ids(list)).toEqual([20, 19]);
    pending[3]?.resolve({ items: [row(21), row(20)], next: 20 });
    await settle();
    expect(ids(list)).toEqual([21, 20]);

    // Stopped (the page is gone): the request is aborted, a late answer changes nothing.
    list.reload();
    list.stop();
    expect(pending[4]?.request.signal.aborted).toBe(true);
    pending[4]?.reject(new DOMException('aborted', 'AbortError'));
    await settle();
    expect(list.getState()).toMatchObject({ loading: true, error: null });
    expect(ids(list)).toEqual([21, 20]);
  });

  it('tells its listeners of every change until they leave', async () => {
    const list = new PagedList(fakeServer(4).fetchPage, { pageSize: 2 });
    let calls = 0;
    const leave = list.subscribe(() => {
      calls += 1;
    });
    list.start('k');
    await settle();
    expect(calls).toBe(2);
    const before = list.getState();
    await list.loadMore();
    expect(calls).toBe(4);
    expect(list.getState()).not.toBe(before);
    leave();
    list.reload();
    await settle();
    expect(calls).toBe(4);
  });

  it('refuses a page size that is not a positive integer', () => {
    expect(() => new PagedList(fakeServer(1).fetchPage, { pageSize: 0 })).toThrow();
  });
});

describe('usePagedList', () => {
  it('renders first as loading with nothing shown, and asks for no page while rendering', () => {
    const server = fakeServer(5);
    let seen: PagedView<Row> | null = null;
    function Probe() {
      seen = usePagedList(server.fetchPage, 'desk-1', { pageSize: 2 });
      return createElement('p', null, seen.items.length);
    }
    expect(renderToString(createElement(Probe))).toBe('<p>0</p>');
    expect(seen).toMatchObject({ key: 'desk-1', items: [], loading: true, loaded: false, hasMore: false, error: null, moreError: null });
    expect(server.requests).toEqual([]);
  });
});
