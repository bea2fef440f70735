/** Login with e-mail and password, then on to two-factor verification or set-up when needed. */
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { request, setCsrfToken } from '../api.ts';
import { ErrorAlert, Notice, Page } from '../components/Page.tsx';
import { TextField } from '../components/Field.tsx';
import { useSubmit, type FieldErrors } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import type { LoginAnswer } from '../types.ts';
import { emailPattern } from '../validate.ts';

export function afterLoginPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const { notice, setNotice, signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit();

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = t('validation.required');
    else if (!emailPattern.test(email.trim())) errors.email = t('validation.email');
    if (!password) errors.password = t('validation.required');
    return errors;
  };

  const submit = () =>
    form.run(validate, async () => {
      const answer = await request<LoginAnswer>('POST', '/api/auth/login', {
        body: { email: email.trim().toLowerCase(), password },
        anonymous: true,
      });
      setCsrfToken(answer.csrfToken);
      setNotice(null);
      signedIn(answer.me, answer.csrfToken);
      const next = afterLoginPath(location.state);
      if (answer.mfa === 'required') void navigate('/login/verify', { state: { from: next } });
      else if (answer.mfa === 'setup_required') void navigate('/login/setup', { state: { from: next } });
      else void navigate(next, { replace: true });
    });

  return (
    <Page title={t('login.title')} narrow>
      <p>{t('login.intro')}</p>
      <Notice text={notice?.text ?? null} kind={notice?.kind ?? 'info'} />
      <ErrorAlert error={form.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        className="mt-5"
      >
        <TextField
          id="login-email"
          label={t('login.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          required
          error={form.fieldErrors.email}
        />
        <TextField
          id="login-password"
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          required
          error={form.fieldErrors.password}
        />
        <Button color="primary" type="submit" disabled={form.busy}>
          {form.busy ? t('login.submitting') : t('login.submit')}
        </Button>
      </form>
    </Page>
  );
}
