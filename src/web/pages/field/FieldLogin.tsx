/**
 * The field app's login. Online it logs in to the server like the login page (password, then the
 * second factor) and derives the store key from the same password; offline it derives the key and
 * checks it against the store's check value. The password never leaves this form except to the
 * server's login, and the key is kept in memory only.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { ApiError, request, setCsrfToken } from '../../api.ts';
import { ErrorAlert, Notice, Page } from '../../components/Page.tsx';
import { TextField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import type { LoginAnswer, Me } from '../../types.ts';
import { deriveKey } from '../../offline/crypto.ts';
import { FieldStore, hasUnsent, openDb, readMeta, wipe, type Profile } from '../../offline/store.ts';
import { useOnline } from './online.ts';

type Step = 'password' | 'code';

function localError(message: string): ApiError {
  return new ApiError({ status: 0, code: 'local', message });
}

function profileOf(me: Me): Profile {
  return { email: me.user.email, displayName: me.user.displayName, organisationName: me.organisation?.name ?? null };
}

export function FieldLogin(props: { onUnlocked: (store: FieldStore) => void; reconnect?: boolean; notice?: string | null }) {
  const { t } = useI18n();
  const { me, signedIn } = useSession();
  const navigate = useNavigate();
  const online = useOnline();
  const [email, setEmail] = useState(me?.user.email ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [blocked, setBlocked] = useState<'otherUser' | 'passwordChanged' | null>(null);
  const [pending, setPending] = useState<FieldStore | null>(null);
  const [hasStore, setHasStore] = useState<boolean | null>(null);

  useEffect(() => {
    let alive = true;
    openDb()
      .then(async (db) => {
        const meta = await readMeta(db);
        if (alive) setHasStore(meta !== null);
      })
      .catch(() => alive && setHasStore(false));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (me?.user.email && !email) setEmail(me.user.email);
  }, [me, email]);

  const derive = (salt: string, iterations: number) => deriveKey(password, salt, iterations);

  /** After the server accepted the password: the store of this user, opened or new. */
  const storeFor = async (user: Me): Promise<FieldStore | null> => {
    const db = await openDb();
    const meta = await readMeta(db);
    if (meta && meta.userId === user.user.id) {
      const opened = await FieldStore.unlock(db, derive);
      if (opened) {
        await opened.setProfile(profileOf(user));
        return opened;
      }
      // The password changed since the store was made.
      if (await hasUnsent(db)) {
        setBlocked('passwordChanged');
        return null;
      }
    } else if (meta && (await hasUnsent(db))) {
      setBlocked('otherUser');
      return null;
    }
    return FieldStore.create(db, user.user.id, profileOf(user), derive);
  };

  const unlockOffline = async (): Promise<void> => {
    const db = await openDb();
    if (!(await readMeta(db))) throw localError(t('field.login.noStoreOffline'));
    const store = await FieldStore.unlock(db, derive);
    if (!store) throw localError(t('field.login.wrongPassword'));
    props.onUnlocked(store);
  };

  const submitPassword = async (): Promise<void> => {
    if (!password || (online && !email.trim())) throw localError(t('field.issue.required'));
    if (!online && !props.reconnect) {
      await unlockOffline();
      return;
    }
    let answer: LoginAnswer;
    try {
      answer = await request<LoginAnswer>('POST', '/api/auth/login', { body: { email: email.trim().toLowerCase(), password }, anonymous: true });
    } catch (e) {
      // The network went away between the check and the call: the offline way still works.
      if (e instanceof ApiError && e.status === 0 && !props.reconnect) {
        await unlockOffline();
        return;
      }
      throw e;
    }
    setCsrfToken(answer.csrfToken);
    signedIn(answer.me, answer.csrfToken);
    const store = await storeFor(answer.me);
    if (!store) return;
    if (answer.mfa === 'required') {
      setPending(store);
      setStep('code');
      return;
    }
    props.onUnlocked(store);
    if (answer.mfa === 'setup_required') void navigate('/login/setup', { state: { from: '/field' } });
  };

  const submitCode = async (): Promise<void> => {
    if (!pending) return;
    const clean = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(clean)) throw localError(t('field.issue.required'));
    const answer = await request<{ me: Me }>('POST', '/api/auth/mfa/verify', { body: { code: clean }, anonymous: true });
    signedIn(answer.me);
    props.onUnlocked(pending);
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e : localError(e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };

  const discard = async () => {
    const db = await openDb();
    await wipe(db);
    setBlocked(null);
    setHasStore(false);
  };

  const offlineUnlock = !online && !props.reconnect;
  const title = props.reconnect ? t('field.login.reconnect') : t('field.login.title');
  const body = (
    <>
      <p>{offlineUnlock ? t('field.login.offlineIntro') : t('field.login.intro')}</p>
      <Notice text={props.notice ?? null} kind="info" />
      {offlineUnlock && hasStore === false ? <Notice text={t('field.login.noStoreOffline')} kind="warning" /> : null}
      <ErrorAlert error={error} />
      {blocked ? (
        <div className="alert alert-warning" role="alert">
          <p>{blocked === 'otherUser' ? t('field.login.otherUser') : t('field.login.passwordChanged')}</p>
          <Button color="danger" outline type="button" onClick={() => void run(discard)}>
            {t('field.login.discard')}
          </Button>
        </div>
      ) : null}
      {step === 'password' ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(submitPassword);
          }}
        >
          {offlineUnlock ? null : (
            <TextField id="field-email" label={t('field.login.email')} type="email" autoComplete="username" value={email} onChange={setEmail} required />
          )}
          <TextField
            id="field-password"
            label={t('field.login.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            required
          />
          <Button color="primary" type="submit" disabled={busy} className="field-big-btn">
            {busy ? t('field.login.busy') : offlineUnlock ? t('field.login.unlock') : t('field.login.submit')}
          </Button>
        </form>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(submitCode);
          }}
        >
          <p>{t('field.login.codeIntro')}</p>
          <TextField id="field-code" label={t('field.login.code')} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={setCode} required autoFocus />
          <Button color="primary" type="submit" disabled={busy} className="field-big-btn">
            {busy ? t('field.login.busy') : t('field.login.submit')}
          </Button>
        </form>
      )}
    </>
  );
  if (props.reconnect) {
    return (
      <section className="field-reconnect" aria-labelledby="field-reconnect-title">
        <h2 id="field-reconnect-title" className="h5">
          {title}
        </h2>
        {body}
      </section>
    );
  }
  return (
    <Page title={title} narrow>
      {body}
    </Page>
  );
}
