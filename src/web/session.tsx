/**
 * The signed-in user: loads GET /api/me, keeps the CSRF token for the API client, follows the
 * user's language, and sends the user back to the login page (with the server's message) when the
 * session is lost.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, onSessionLost, request, setApiLocale, setCsrfToken } from './api.ts';
import { useI18n, type Locale } from './i18n/index.tsx';
import type { Me } from './types.ts';
import { lockOrWipeFieldData, wipeFieldData } from './offline/wipe-on-logout.ts';

type Status = 'loading' | 'anonymous' | 'authenticated';

interface SessionValue {
  status: Status;
  me: Me | null;
  /** A message for the login page (session expired, logged out). */
  notice: { kind: 'info' | 'warning'; text: string } | null;
  setNotice: (notice: SessionValue['notice']) => void;
  /** Stores a fresh `me` (after login, verification, switching organisation...). */
  signedIn: (me: Me, csrfToken?: string) => void;
  refresh: () => Promise<void>;
  logout: (options?: { everywhere?: boolean }) => Promise<void>;
  /** Forget the session locally and go to the login page (after "log out everywhere", etc.). */
  signedOut: (notice?: SessionValue['notice'], returnTo?: string) => void;
  changeLocale: (locale: Locale) => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider(props: { children: ReactNode }) {
  const { locale, setLocale, t } = useI18n();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<SessionValue['notice']>(null);
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const meRef = useRef<Me | null>(null);
  meRef.current = me;

  useEffect(() => {
    setApiLocale(locale);
  }, [locale]);

  const signedIn = useCallback(
    (next: Me, csrfToken?: string) => {
      meRef.current = next;
      setCsrfToken(csrfToken ?? next.csrfToken);
      setMe(next);
      setStatus('authenticated');
      if (next.user.locale !== localeRef.current) setLocale(next.user.locale);
    },
    [setLocale],
  );

  const signedOut = useCallback(
    (n?: SessionValue['notice'], returnTo?: string) => {
      meRef.current = null;
      setCsrfToken(null);
      setMe(null);
      setStatus('anonymous');
      setNotice(n ?? null);
      void navigate('/login', { replace: true, ...(returnTo ? { state: { from: returnTo } } : {}) });
    },
    [navigate],
  );

  const refresh = useCallback(async () => {
    try {
      const fresh = await request<Me>('GET', '/api/me', { anonymous: true });
      signedIn(fresh);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        setMe(null);
        setStatus('anonymous');
        return;
      }
      throw e;
    }
  }, [signedIn]);

  useEffect(() => {
    refresh().catch(() => setStatus('anonymous'));
  }, [refresh]);

  useEffect(() => {
    // After logging in again, the user comes back to the page they were on. Requests still in
    // flight fail too (without the cleared cookie they read "log in" rather than "expired"): the
    // first answer tells the reason, the others are ignored.
    onSessionLost((error) => {
      if (!meRef.current) return;
      meRef.current = null;
      // The field store goes too: wiped, or locked when it still holds unsent changes.
      void lockOrWipeFieldData();
      signedOut({ kind: 'warning', text: error.message }, window.location.pathname + window.location.search);
    });
    return () => onSessionLost(null);
  }, [signedOut]);

  const logout = useCallback(
    async (options?: { everywhere?: boolean }) => {
      const leaving = meRef.current?.user.id;
      try {
        // anonymous: an already-ended session is no reason for the "session expired" message here.
        await request('POST', options?.everywhere ? '/api/auth/logout-all' : '/api/auth/logout', { body: {}, anonymous: true });
      } catch {
        // the session may already be gone; the user leaves either way
      }
      // Another user's locked store (unsent changes) is kept for them: see wipe-on-logout.ts.
      await wipeFieldData(undefined, leaving);
      signedOut({ kind: 'info', text: t('login.loggedOut') });
    },
    [signedOut, t],
  );

  const changeLocale = useCallback(
    async (next: Locale) => {
      setLocale(next);
      setApiLocale(next);
      if (me) {
        const answer = await api.patch<{ me: Me } | Me>('/api/me', { locale: next });
        const fresh = 'me' in answer ? answer.me : answer;
        setMe(fresh);
      }
    },
    [me, setLocale],
  );

  const value = useMemo<SessionValue>(
    () => ({ status, me, notice, setNotice, signedIn, refresh, logout, signedOut, changeLocale }),
    [status, me, notice, signedIn, refresh, logout, signedOut, changeLocale],
  );
  return <SessionContext value={value}>{props.children}</SessionContext>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user, for pages that only render once authenticated. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
