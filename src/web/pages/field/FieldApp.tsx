/**
 * The field app (/field/*): outings and contacts recorded offline into the encrypted local store,
 * sent when the network returns. This file holds the unlocked store and the sync client for the
 * screens (FieldScreens.tsx); FieldLogin.tsx opens the store.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { request } from '../../api.ts';
import { NotFound } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { can, mfaPending } from '../../access.ts';
import type { LocalRecord } from '../../offline/merge.ts';
import { registerServiceWorker } from '../../offline/register.ts';
import type { FieldStore, FieldTeamMember, FieldZone } from '../../offline/store.ts';
import { SyncClient, type SyncOutcome } from '../../offline/sync.ts';
import { httpTransport } from '../../offline/transport.ts';
import { setUnlockedStore, unlockedStore } from '../../offline/unlocked.ts';
import { FieldLogin } from './FieldLogin.tsx';
import { ConflictPage, ContactPage, FieldHome, OutingPage } from './FieldScreens.tsx';
import { fieldNames } from './model.ts';
import { FieldContext, type FieldValue, type SyncView } from './context.ts';
import { useOnline } from './online.ts';
import './field.css';

function deviceLabel(): string {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  const platform = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'web';
  return `Ponte campo (${platform})`;
}

function FieldProvider(props: { store: FieldStore; onLocked: (notice: string | null) => void; children: ReactNode }) {
  const { t } = useI18n();
  const { me, refresh, logout: sessionLogout, signedOut } = useSession();
  const online = useOnline();
  const [records, setRecords] = useState<LocalRecord[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [sync, setSync] = useState<SyncView>({ kind: 'idle' });
  const [needsLogin, setNeedsLogin] = useState(false);
  const { store, onLocked } = props;
  const meRef = useRef(me);
  meRef.current = me;

  const reload = useCallback(async () => {
    setRecords(await store.listRecords());
    setLoaded(true);
  }, [store]);

  const wipeAndLeave = useCallback(
    async (notice: string) => {
      await store.wipe();
      setUnlockedStore(null);
      onLocked(notice);
      // The session ends too (best effort: the device is refused either way).
      await request('POST', '/api/auth/logout', { body: {}, anonymous: true }).catch(() => undefined);
      signedOut({ kind: 'warning', text: notice }, '/field');
    },
    [store, onLocked, signedOut],
  );

  // Zones and team members: read from the store at once, fetched again after each good sync.
  const [lists, setLists] = useState<FieldValue['lists']>({ zones: [], team: [] });
  useEffect(() => {
    void store.profile().then((p) => setLists({ zones: p.zones ?? [], team: p.team ?? [] }), () => undefined);
  }, [store]);
  const refreshLists = useCallback(async () => {
    try {
      const [zones, team] = await Promise.all([
        request<{ items: FieldZone[] }>('GET', '/api/outreach/zones', { anonymous: true }),
        request<{ items: FieldTeamMember[] }>('GET', '/api/outreach/team', { anonymous: true }),
      ]);
      const next = {
        zones: zones.items.map((z) => ({ id: z.id, name: z.name, provinceCode: z.provinceCode, municipality: z.municipality })),
        team: team.items.map((m) => ({ userId: m.userId, displayName: m.displayName })),
      };
      await store.setProfile({ ...(await store.profile()), ...next });
      setLists(next);
    } catch {
      // offline again or the session ended: the cached lists stay
    }
  }, [store]);

  const onOutcome = useCallback(
    (outcome: SyncOutcome) => {
      switch (outcome.kind) {
        case 'ok':
          setNeedsLogin(false);
          setSync({ kind: 'done', at: new Date() });
          void refreshLists();
          break;
        case 'offline':
          setSync({ kind: 'offline' });
          break;
        case 'retry':
          setSync({ kind: 'retry', seconds: Math.round(outcome.inMs / 1000) });
          break;
        case 'auth':
          setSync({ kind: 'idle' });
          setNeedsLogin(true);
          break;
        case 'forgotten':
          void wipeAndLeave(t('field.forgotten'));
          return;
      }
      void reload();
    },
    [reload, wipeAndLeave, refreshLists, t],
  );

  const onOutcomeRef = useRef(onOutcome);
  onOutcomeRef.current = onOutcome;
  const client = useMemo(
    () => new SyncClient(store, httpTransport, { fieldNames, deviceLabel }, (o) => onOutcomeRef.current(o)),
    [store],
  );
  useEffect(() => () => client.stop(), [client]);

  const syncNow = useCallback(async () => {
    if (!navigator.onLine) {
      setSync({ kind: 'offline' });
      return;
    }
    setSync({ kind: 'syncing' });
    // After a reload offline the session (cookie) may still be valid: fetch it for the CSRF token.
    if (!meRef.current) await refresh().catch(() => undefined);
    await client.sync();
  }, [client, refresh]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (online) void syncNow();
    else setSync({ kind: 'offline' });
  }, [online, syncNow]);

  const save = useCallback(
    async (changed: LocalRecord[]) => {
      await store.putRecords(changed);
      await reload();
      if (navigator.onLine) void syncNow();
    },
    [store, reload, syncNow],
  );

  const logout = useCallback(async () => {
    client.stop();
    await store.wipe();
    setUnlockedStore(null);
    if (navigator.onLine && meRef.current) {
      await sessionLogout();
    } else {
      onLocked(t('field.wiped'));
    }
  }, [client, store, sessionLogout, onLocked, t]);

  const value = useMemo<FieldValue>(
    () => ({ store, userId: store.userId, records, loaded, online, sync, needsLogin, reload, save, syncNow, lists, logout }),
    [store, records, loaded, online, sync, needsLogin, reload, save, syncNow, lists, logout],
  );
  return <FieldContext value={value}>{props.children}</FieldContext>;
}

/** The route element of /field/*. */
export function FieldApp() {
  const { me } = useSession();
  const [store, setStore] = useState<FieldStore | null>(() => unlockedStore());
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    registerServiceWorker();
  }, []);

  const onUnlocked = useCallback((s: FieldStore) => {
    setUnlockedStore(s);
    setNotice(null);
    setStore(s);
  }, []);
  const onLocked = useCallback((n: string | null) => {
    setStore(null);
    setNotice(n);
  }, []);

  // The key is dropped when the session ends while the store is open (logout from the header,
  // session lost) and when someone else is signed in now: the password opens it again.
  const previousMe = useRef(me);
  useEffect(() => {
    const before = previousMe.current;
    previousMe.current = me;
    if (!store) return;
    if ((before && !me) || (me && me.user.id !== store.userId)) {
      setUnlockedStore(null);
      setStore(null);
    }
  }, [me, store]);

  // Signed in online with a role that does not record outings: nothing to show.
  if (me && !mfaPending(me) && !can(me, 'outreach.write')) return <NotFound />;
  if (!store) return <FieldLogin onUnlocked={onUnlocked} notice={notice} />;
  return (
    <FieldProvider store={store} onLocked={onLocked}>
      <Routes>
        <Route index element={<FieldHome onUnlocked={onUnlocked} />} />
        <Route path="outing/new" element={<OutingPage />} />
        <Route path="outing/:id" element={<OutingPage />} />
        <Route path="outing/:outingId/contact/new" element={<ContactPage />} />
        <Route path="contact/:id" element={<ContactPage />} />
        <Route path="conflict/:kind/:id" element={<ConflictPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </FieldProvider>
  );
}
