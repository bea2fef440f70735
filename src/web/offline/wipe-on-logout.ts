/**
 * Leaving from anywhere (the header's "Esci" as well as the field app's own logout) wipes the
 * field store of this browser: the in-memory key is dropped and every IndexedDB store emptied,
 * so what was recorded offline stays readable on this device only while someone is signed in.
 *
 * One exception: a store locked when another user's session timed out (unsent changes, see
 * `lockOrWipeFieldData`) is not the leaving user's to count or to wipe. It stays, encrypted under
 * its owner's password, for its owner to send; a forgotten device still wipes itself on sync.
 */
import { countUnsent, openDb, readMeta, wipe } from './store.ts';
import { setUnlockedStore } from './unlocked.ts';

/**
 * Wipes the store. With `leavingUserId`, a store of another user that still holds unsent changes
 * is left as it is (locked): wiping it would lose that user's work, and the leaving user cannot
 * read it anyway.
 */
export async function wipeFieldData(factory: IDBFactory | undefined = globalThis.indexedDB, leavingUserId?: string): Promise<'wiped' | 'kept'> {
  setUnlockedStore(null);
  if (!factory) return 'wiped';
  try {
    const db = await openDb(factory);
    try {
      if (leavingUserId !== undefined) {
        const meta = await readMeta(db);
        if (meta && meta.userId !== leavingUserId && (await countUnsent(db)) > 0) return 'kept';
      }
      await wipe(db);
    } finally {
      db.close();
    }
  } catch {
    // no IndexedDB here (private mode, an old browser): there is nothing to wipe
  }
  return 'wiped';
}

/**
 * How many records of this browser's field store are not accepted by the server yet (0 without a
 * store). With `userId`, only a store of that user counts: another user's locked store is not
 * wiped by this user's logout, so there is nothing to warn about.
 */
export async function unsentFieldChanges(factory: IDBFactory | undefined = globalThis.indexedDB, userId?: string): Promise<number> {
  if (!factory) return 0;
  try {
    const db = await openDb(factory);
    try {
      if (userId !== undefined) {
        const meta = await readMeta(db);
        if (meta && meta.userId !== userId) return 0;
      }
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
