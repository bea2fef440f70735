/** Profile: language, password, two-factor status and new recovery codes, e-mail notifications, active sessions, log out everywhere. */
import { useState } from 'react';
import { Badge, Button, Table } from 'design-react-kit';
import { api } from '../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../components/Page.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../hooks.ts';
import { translate, useI18n } from '../i18n/index.tsx';
import { PASSWORD_MAX, PASSWORD_MIN } from '../limits.ts';
import { useMe, useSession } from '../session.tsx';
import type { SessionInfo } from '../types.ts';
import { otpPattern } from '../validate.ts';
import { RecoveryCodes } from './Mfa.tsx';
import { MailPreferenceSection } from './network/MailPreference.tsx';

export function ProfilePage() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <Page title={t('profile.title')}>
      <section aria-labelledby="profile-account" className="mb-5">
        <h2 id="profile-account" className="h4">
          {t('profile.account')}
        </h2>
        <p>
          {me.user.displayName} · {me.user.email}
        </p>
        <LanguageForm />
      </section>
      <PasswordForm />
      <TwoFactor />
      <MailPreferenceSection />
      <Sessions />
    </Page>
  );
}

function LanguageForm() {
  const { t, locale } = useI18n();
  const { changeLocale } = useSession();
  const [value, setValue] = useState<string>(locale);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useSubmit();
  return (
    <form
      noValidate
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void form.run(
          () => ({}),
          async () => {
            await changeLocale(value === 'en' ? 'en' : 'it');
            setSaved(translate(value === 'en' ? 'en' : 'it', 'profile.languageSaved'));
          },
        );
      }}
    >
      <div className="col-md-6">
        <Notice text={saved} />
        <ErrorAlert error={form.error} />
        <SelectField
          id="profile-locale"
          label={t('profile.language')}
          value={value}
          onChange={setValue}
          options={[
            { value: 'it', label: t('header.languageIt') },
            { value: 'en', label: t('header.languageEn') },
          ]}
        />
        <Button color="primary" type="submit" disabled={form.busy}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const form = useSubmit();
  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!current) e.currentPassword = t('validation.required');
    if (next.length < PASSWORD_MIN || next.length > PASSWORD_MAX) e.newPassword = t('validation.passwordLength', { min: PASSWORD_MIN });
    if (confirm !== next) e.confirm = t('validation.passwordMatch');
    return e;
  };
  return (
    <section aria-labelledby="profile-password" className="mb-5">
      <h2 id="profile-password" className="h4">
        {t('profile.passwordTitle')}
      </h2>
      <Notice text={saved} />
      <ErrorAlert error={form.error} />
      <form
        noValidate
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(null);
          void form.run(validate, async () => {
            await api.post('/api/me/password', { currentPassword: current, newPassword: next });
            setCurrent('');
            setNext('');
            setConfirm('');
            setSaved(t('profile.passwordChanged'));
          });
        }}
      >
        <div className="col-md-4">
          <TextField id="pw-current" type="password" label={t('profile.currentPassword')} value={current} onChange={setCurrent} autoComplete="current-password" required error={form.fieldErrors.currentPassword} />
        </div>
        <div className="col-md-4">
          <TextField
            id="pw-new"
            type="password"
            label={t('profile.newPassword')}
            hint={t('validation.passwordLength', { min: PASSWORD_MIN })}
            value={next}
            onChange={setNext}
            autoComplete="new-password"
            required
            error={form.fieldErrors.newPassword}
          />
        </div>
        <div className="col-md-4">
          <TextField id="pw-confirm" type="password" label={t('profile.confirmPassword')} value={confirm} onChange={setConfirm} autoComplete="new-password" required error={form.fieldErrors.confirm} />
        </div>
        <div className="col-12">
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('profile.passwordTitle')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function TwoFactor() {
  const { t } = useI18n();
  const me = useMe();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const form = useSubmit();
  return (
    <section aria-labelledby="profile-mfa" className="mb-5">
      <h2 id="profile-mfa" className="h4">
        {t('profile.mfaTitle')}{' '}
        {me.user.totpEnabled ? <Badge color="success">{t('profile.mfaEnabled')}</Badge> : <Badge color="secondary">{t('profile.mfaDisabled')}</Badge>}
      </h2>
      {me.user.totpEnabled ? (
        <>
          <h3 className="h5 mt-3">{t('profile.newRecoveryCodes')}</h3>
          <p>{t('profile.newRecoveryIntro')}</p>
          <ErrorAlert error={form.error} />
          {codes ? (
            <>
              <p>{t('mfa.recoveryIntro')}</p>
              <RecoveryCodes codes={codes} />
            </>
          ) : null}
          <form
            noValidate
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void form.run(
                (): FieldErrors => (otpPattern.test(code.replace(/\s/g, '')) ? {} : { code: t('validation.otp') }),
                async () => {
                  const answer = await api.post<{ recoveryCodes: string[] }>('/api/auth/mfa/recovery-codes', { code: code.replace(/\s/g, '') });
                  setCodes(answer.recoveryCodes);
                  setCode('');
                },
              );
            }}
          >
            <div className="col-md-4">
              <TextField id="rc-code" label={t('mfa.code')} value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" required error={form.fieldErrors.code} />
            </div>
            <div className="col-md-8 pt-md-4">
              <Button color="primary" outline type="submit" disabled={form.busy} className="mt-md-2">
                {t('profile.newRecoveryCodes')}
              </Button>
            </div>
          </form>
        </>
      ) : null}
    </section>
  );
}

function Sessions() {
  const { t, formatDateTime } = useI18n();
  const { logout } = useSession();
  const list = useLoad(async (signal) => (await api.get<{ items: SessionInfo[] }>('/api/me/sessions', undefined, signal)).items, 'sessions');
  const [notice, setNotice] = useState<string | null>(null);
  const end = useSubmit();
  return (
    <section aria-labelledby="profile-sessions" className="mb-5">
      <h2 id="profile-sessions" className="h4">
        {t('profile.sessionsTitle')}
      </h2>
      <Notice text={notice} />
      <ErrorAlert error={list.error ?? end.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive">
          <Table id="session-table">
            <caption className="visually-hidden">{t('profile.sessionsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profile.sessionStarted')}</th>
                <th scope="col">{t('profile.sessionLastSeen')}</th>
                <th scope="col">{t('audit.ip')}</th>
                <th scope="col">{t('profile.sessionDevice')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.id}>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>{formatDateTime(s.lastSeenAt)}</td>
                  <td>{s.ip ?? '—'}</td>
                  <td className="small">{s.userAgent ?? '—'}</td>
                  <td>
                    {s.current ? (
                      <Badge color="primary">{t('profile.thisSession')}</Badge>
                    ) : (
                      <Button
                        color="danger"
                        outline
                        size="sm"
                        aria-label={t('profile.endSessionLabel', { date: formatDateTime(s.createdAt) })}
                        onClick={() =>
                          void end.run(
                            () => ({}),
                            async () => {
                              await api.delete(`/api/me/sessions/${encodeURIComponent(s.id)}`);
                              setNotice(t('profile.sessionEnded'));
                              list.reload();
                            },
                          )
                        }
                      >
                        {t('profile.endSession')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      <Button color="danger" onClick={() => void logout({ everywhere: true })}>
        {t('profile.logoutAll')}
      </Button>
    </section>
  );
}
