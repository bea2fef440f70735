/**
 * A list read a page at a time, newest first: the first page, "load more" appending the next one,
 * whether more follow, loading and error states, and a reload from the start that keeps as many
 * items in view as were shown (after a change to one of them, an older item just changed stays on
 * screen). `PagedList` holds the logic without React, so it can be tested on its own;
 * `usePagedList` binds it to a component.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError } from './api.ts';

/** One page as the caller reads it: the items and the cursor of the page after it (null: the last). */
export interface Page<T, C> {
  items: readonly T[];
  next: C | null;
}

export interface PageRequest<C> {
  /** The cursor of the page wanted; null for the first. */
  before: C | null;
  limit: number;
  signal: AbortSignal;
}

export type FetchPage<T, C> = (request: PageRequest<C>) => Promise<Page<T, C>>;

export interface PagedOptions {
  /** Items asked for on the first page and on each "load more". */
  pageSize: number;
  /** The largest page the server gives; a reload of more items than this reads several pages. */
  maxPage?: number;
}

export interface PagedState<T> {
  /** The key the state belongs to (null before the first start). */
  key: string | null;
  items: readonly T[];
  /** The first page has arrived for this key. */
  loaded: boolean;
  /** The first page, or a reload, is on its way. */
  loading: boolean;
  /** A "load more" is on its way. */
  loadingMore: boolean;
  hasMore: boolean;
  /** The first page or the last reload failed (the items shown before stay). */
  error: ApiError | null;
  /** The last "load more" failed. */
  moreError: ApiError | null;
}

function initialState<T>(key: string | null): PagedState<T> {
  return { key, items: [], loaded: false, loading: key !== null, loadingMore: false, hasMore: false, error: null, moreError: null };
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) });
}

export class PagedList<T, C> {
  private state: PagedState<T> = initialState<T>(null);
  private next: C | null = null;
  /** Bumped by every start, reload and stop: answers to an older round are dropped. */
  private round = 0;
  private controller: AbortController | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly pageSize: number;
  private readonly maxPage: number;

  constructor(
    private readonly fetchPage: FetchPage<T, C>,
    options: PagedOptions,
  ) {
    if (!Number.isInteger(options.pageSize) || options.pageSize < 1) throw new Error('pageSize must be a positive integer');
    this.pageSize = options.pageSize;
    this.maxPage = Math.max(options.maxPage ?? options.pageSize, options.pageSize);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): PagedState<T> => this.state;

  /** Starts over for `key`: nothing shown until its first page arrives. */
  readonly start = (key: string): void => {
    this.newRound();
    this.next = null;
    this.set(initialState<T>(key));
    void this.readFromStart(this.pageSize);
  };

  /** Reads the list again from the start, as many items as are shown (at least one page); they stay in view meanwhile. */
  readonly reload = (): void => {
    if (this.state.key === null) return;
    const wanted = Math.max(this.pageSize, this.state.items.length);
    this.newRound();
    this.set({ ...this.state, loading: true, loadingMore: false, moreError: null });
    void this.readFromStart(wanted);
  };

  /** Appends the next page; does nothing while a page is on its way or when none follows. */
  readonly loadMore = async (): Promise<void> => {
    const s = this.state;
    if (s.loading || s.loadingMore || this.next === null || !this.controller) return;
    const round = this.round;
    const signal = this.controller.signal;
    this.set({ ...s, loadingMore: true, moreError: null });
    try {
      const page = await this.fetchPage({ before: this.next, limit: this.pageSize, signal });
      if (round !== this.round) return;
      this.next = page.next;
      this.set({ ...this.state, items: [...this.state.items, ...page.items], hasMore: page.next !== null, loadingMore: false });
    } catch (e) {
      if (round !== this.round) return;
      this.set({ ...this.state, loadingMore: false, moreError: asApiError(e) });
    }
  };

  /** Drops whatever is on its way (the component is gone, or its key changes). */
  readonly stop = (): void => {
    this.round += 1;
    this.controller?.abort();
    this.controller = null;
  };

  private newRound(): void {
    this.stop();
    this.controller = new AbortController();
  }

  private async readFromStart(wanted: number): Promise<void> {
    const round = this.round;
    const signal = (this.controller ?? new AbortController()).signal;
    const items: T[] = [];
    let next: C | null = null;
    try {
      do {
        const limit = Math.min(this.maxPage, wanted - items.length);
        const page: Page<T, C> = await this.fetchPage({ before: next, limit, signal });
        if (round !== this.round) return;
        items.push(...page.items);
        next = page.next;
      } while (next !== null && items.length < wanted);
    } catch (e) {
      if (round !== this.round) return;
      this.set({ ...this.state, loading: false, error: asApiError(e) });
      return;
    }
    this.next = next;
    this.set({ ...this.state, items, loaded: true, loading: false, hasMore: next !== null, error: null, moreError: null });
  }

  private set(state: PagedState<T>): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }
}

export interface PagedView<T> extends PagedState<T> {
  loadMore: () => Promise<void>;
  reload: () => void;
}

/**
 * The list for `key`, read again from the start whenever `key` changes. `fetchPage` may change
 * between renders: the latest one is used.
 */
export function usePagedList<T, C>(fetchPage: FetchPage<T, C>, key: string, options: PagedOptions): PagedView<T> {
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const [list] = useState(() => new PagedList<T, C>((request) => fetchRef.current(request), options));
  const state = useSyncExternalStore(list.subscribe, list.getState, list.getState);
  useEffect(() => {
    list.start(key);
    return list.stop;
  }, [list, key]);
  // Until the effect has started the new key, the previous key's items are not shown.
  const current = state.key === key ? state : initialState<T>(key);
  return { ...current, loadMore: list.loadMore, reload: list.reload };
}
