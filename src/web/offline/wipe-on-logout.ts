/**
 * Leaving from anywhere (the header's "Esci" as well as the field app's own logout) wipes the
 * field store of this browser: the in-memory key is dropped and every IndexedDB store emptied,
 * so what was recorded offline stays readable on this device only while someone is signed in.
 */
import { countUnsent, openDb, wipe } from './store.ts';
import { setUnlockedStore } from './unlocked.ts';

export async function wipeFieldData(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<void> {
  setUnlockedStore(null);
  if (!factory) return;
  try {
    const db = await openDb(factory);
    try {
      await wipe(db);
    } finally {
      db.close();
    }
  } catch {
    // no IndexedDB here (private mode, an old browser): there is nothing to wipe
  }
}

/** How many records of this browser's field store are not accepted by the server yet (0 without a store). */
export async function unsentFieldChanges(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<number> {
  if (!factory) return 0;
  try {
    const db = await openDb(factory);
    try {
      return await countUnsent(db);
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/**
 * When the session ends by itself (idle or absolute timeout, noticed as a 401): with nothing
 * unsent the store is wiped as on logout; with unsent changes it is locked instead — the key is
 * dropped from memory, the records stay encrypted — so that the same user can log in again and
 * send them (docs/outreach-sync.md).
 */
export async function lockOrWipeFieldData(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<'wiped' | 'locked'> {
  setUnlockedStore(null);
  if ((await unsentFieldChanges(factory)) > 0) return 'locked';
  await wipeFieldData(factory);
  return 'wiped';
}
