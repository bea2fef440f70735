/** The field app's shared state: the unlocked store, the local records, the sync status. */
import { createContext, useContext } from 'react';
import type { LocalRecord } from '../../offline/merge.ts';
import type { FieldStore, FieldTeamMember, FieldZone } from '../../offline/store.ts';

export type SyncView =
  | { kind: 'idle' }
  | { kind: 'syncing' }
  | { kind: 'done'; at: Date }
  | { kind: 'retry'; seconds: number }
  | { kind: 'offline' };

export interface FieldValue {
  store: FieldStore;
  userId: string;
  records: LocalRecord[];
  loaded: boolean;
  online: boolean;
  sync: SyncView;
  needsLogin: boolean;
  reload: () => Promise<void>;
  save: (records: LocalRecord[]) => Promise<void>;
  syncNow: () => Promise<void>;
  /** The zones and team members last fetched online (kept in the encrypted store). */
  lists: { zones: FieldZone[]; team: FieldTeamMember[] };
  /** Wipes the store and ends the session. */
  logout: () => Promise<void>;
}

export const FieldContext = createContext<FieldValue | null>(null);

export function useField(): FieldValue {
  const v = useContext(FieldContext);
  if (!v) throw new Error('useField outside the field app');
  return v;
}

