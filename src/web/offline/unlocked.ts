/**
 * The unlocked store of this tab, in memory only (module state: it survives moving between pages,
 * e.g. to the two-factor set-up and back, and is gone when the tab is closed or reloaded).
 */
import type { FieldStore } from './store.ts';

let current: FieldStore | null = null;

export function unlockedStore(): FieldStore | null {
  return current;
}

export function setUnlockedStore(store: FieldStore | null): void {
  current = store;
}
