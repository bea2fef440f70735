/**
 * Leaving from anywhere (the header's "Esci" as well as the field app's own logout) wipes the
 * field store of this browser: the in-memory key is dropped and every IndexedDB store emptied,
 * so what was recorded offline stays readable on this device only while someone is signed in.
 */
import { openDb, wipe } from './store.ts';
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
