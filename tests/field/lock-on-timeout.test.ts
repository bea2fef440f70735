/**
 * When the session ends by itself the field store is wiped, or locked (key dropped, encrypted rows
 * kept) when it holds changes the server has not accepted; the header's logout counts them first.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { FieldStore, openDb } from '../../src/web/offline/store.ts';
import { setUnlockedStore, unlockedStore } from '../../src/web/offline/unlocked.ts';
import { lockOrWipeFieldData, unsentFieldChanges, wipeFieldData } from '../../src/web/offline/wipe-on-logout.ts';

async function put(factory: IDBFactory, rows: Array<{ key: string; state: string }>): Promise<void> {
  const db = await openDb(factory);
  const tx = db.transaction(['meta', 'records'], 'readwrite');
  tx.objectStore('meta').put({ key: 'device', userId: 'u1' });
  for (const r of rows) tx.objectStore('records').put({ ...r, kind: 'outing', id: r.key, version: null, updatedAt: '2026-12-06T08:00:00.000Z', sealed: { iv: 'x', data: 'cifrato' } });
  await new Promise<void>((resolve) => {
    tx.oncomplete = () => resolve();
  });
  db.close();
}

async function count(factory: IDBFactory, store: string): Promise<number> {
  const db = await openDb(factory);
  const n = await new Promise<number>((resolve) => {
    const req = db.transaction(store, 'readonly').objectStore(store).count();
    req.onsuccess = () => resolve(req.result);
  });
  db.close();
  return n;
}

describe('the field store when the session ends', () => {
  it('counts the records the server has not accepted', async () => {
    const factory = new IDBFactory();
    expect(await unsentFieldChanges(factory)).toBe(0);
    await put(factory, [{ key: 'outing:a', state: 'synced' }, { key: 'outing:b', state: 'pending' }, { key: 'outing:c', state: 'conflict' }]);
    expect(await unsentFieldChanges(factory)).toBe(2);
  });

  it('locks a store holding unsent changes: the key goes, the encrypted rows stay', async () => {
    const factory = new IDBFactory();
    await put(factory, [{ key: 'outing:a', state: 'pending' }]);
    setUnlockedStore(Object.create(FieldStore.prototype) as FieldStore);
    expect(await lockOrWipeFieldData(factory)).toBe('locked');
    expect(unlockedStore()).toBeNull();
    expect(await count(factory, 'records')).toBe(1);
    expect(await count(factory, 'meta')).toBe(1);
  });

  it('wipes a store with everything sent', async () => {
    const factory = new IDBFactory();
    await put(factory, [{ key: 'outing:a', state: 'synced' }]);
    setUnlockedStore(Object.create(FieldStore.prototype) as FieldStore);
    expect(await lockOrWipeFieldData(factory)).toBe('wiped');
    expect(unlockedStore()).toBeNull();
    expect(await count(factory, 'records')).toBe(0);
    expect(await count(factory, 'meta')).toBe(0);
  });

  it("leaves another user's locked store to its owner: not counted, not wiped by this user's logout", async () => {
    const factory = new IDBFactory();
    await put(factory, [{ key: 'outing:a', state: 'pending' }, { key: 'outing:b', state: 'synced' }]);
    // The store is u1's; u2 is signed in now on the same browser.
    expect(await unsentFieldChanges(factory, 'u2')).toBe(0);
    expect(await unsentFieldChanges(factory, 'u1')).toBe(1);
    expect(await wipeFieldData(factory, 'u2')).toBe('kept');
    expect(await count(factory, 'records')).toBe(2);
    expect(await count(factory, 'meta')).toBe(1);
    // Its owner's logout wipes it as always (after the warning), and so does a logout with nobody known.
    expect(await wipeFieldData(factory, 'u1')).toBe('wiped');
    expect(await count(factory, 'records')).toBe(0);
    expect(await count(factory, 'meta')).toBe(0);
  });

  it("wipes another user's store when nothing in it is unsent", async () => {
    const factory = new IDBFactory();
    await put(factory, [{ key: 'outing:a', state: 'synced' }]);
    expect(await wipeFieldData(factory, 'u2')).toBe('wiped');
    expect(await count(factory, 'records')).toBe(0);
  });
});
