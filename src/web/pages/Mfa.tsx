/** Two-factor verification after login, and the first set-up (QR code, manual key, recovery codes). */
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button } from 'design-react-kit';
import { api, ApiError } from '../api.ts';
import { ErrorAlert, Loading, Page } from '../components/Page.tsx';
import { Checkbox, TextField } from '../components/Field.tsx';
import { useSubmit, type FieldErrors } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import type { Me, MfaSetupAnswer } from '../types.ts';
import { otpPattern } from '../validate.ts';
import { afterLoginPath } from './Login.tsx';

function cleanCode(code: string): string {
  return code.replace(/\s/g, '');
}

export function MfaVerifyPage() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const form = useSubmit();

  const validate = (): FieldErrors => {
    const c = cleanCode(code);
    if (!c) return { code: t('validation.required') };
    if (!useRecovery && !otpPattern.test(c)) return { code: t('validation.otp') };
    return {};
  };

  const submit = () =>
    form.run(validate, async () => {
      try {
        const body = useRecovery ? { recoveryCode: code.trim() } : { code: cleanCode(code) };
        const answer = await api.post<{ me: Me }>('/api/auth/mfa/verify', body);
        signedIn(answer.me);
        void navigate(afterLoginPath(location.state), { replace: true });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'mfa_invalid') {
          setCode('');
          form.setFieldErrors({ code: e.message });
          throw e;
        }
        throw e;
      }
    });

  return (
    <Page title={t('mfa.verifyTitle')} narrow>
      <p>{t('mfa.verifyIntro')}</p>
      <ErrorAlert error={form.error} />
      <form
        noValidate
        className="mt-5"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {useRecovery ? (
          <TextField
            key="recovery"
            id="mfa-recovery"
            label={t('mfa.recoveryCode')}
            value={code}
            onChange={setCode}
            autoComplete="off"
            spellCheck={false}
            required
            error={form.fieldErrors.code ?? form.fieldErrors.recoveryCode}
          />
        ) : (
          <TextField
            key="code"
            id="mfa-code"
            label={t('mfa.code')}
            value={code}
            onChange={setCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            error={form.fieldErrors.code}
          />
        )}
        <div className="d-flex flex-wrap gap-3">
          <Button color="primary" type="submit" disabled={form.busy}>
            {t('mfa.verify')}
          </Button>
          <Button
            color="link"
            type="button"
            onClick={() => {
              setUseRecovery(!useRecovery);
              setCode('');
              form.clear();
            }}
          >
            {useRecovery ? t('mfa.useCode') : t('mfa.useRecovery')}
          </Button>
        </div>
      </form>
    </Page>
  );
}

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

async function qrFromUrl(otpauthUrl: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(otpauthUrl, { margin: 2, width: 224, errorCorrectionLevel: 'M' });
}

export function RecoveryCodes(props: { codes: readonly string[] }) {
  const { t } = useI18n();
  return (
    <ol className="recovery-codes" aria-label={t('mfa.recoveryTitle')}>
      {props.codes.map((c) => (
        <li key={c}>
          <code>{c}</code>
        </li>
      ))}
    </ol>
  );
}

export function MfaSetupPage() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [setup, setSetup] = useState<{ secret: string; qrSrc: string } | null>(null);
  const [setupError, setSetupError] = useState<ApiError | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<{ codes: string[]; me: Me } | null>(null);
  const [saved, setSaved] = useState(false);
  const started = useRef(false);
  const form = useSubmit();

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    (async () => {
      const answer = await api.post<MfaSetupAnswer>('/api/auth/mfa/setup', {});
      const qrSrc = answer.qrSvg ? svgDataUrl(answer.qrSvg) : await qrFromUrl(answer.otpauthUrl);
      setSetup({ secret: answer.secret, qrSrc });
    })().catch((e: unknown) => setSetupError(e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) })));
  }, []);

  const confirm = () =>
    form.run(
      (): FieldErrors => (otpPattern.test(cleanCode(code)) ? {} : { code: t('validation.otp') }),
      async () => {
        try {
          const answer = await api.post<{ recoveryCodes: string[]; me: Me }>('/api/auth/mfa/confirm', { code: cleanCode(code) });
          setDone({ codes: answer.recoveryCodes, me: answer.me });
        } catch (e) {
          if (e instanceof ApiError && e.code === 'mfa_invalid') form.setFieldErrors({ code: e.message });
          throw e;
        }
      },
    );

  if (done) {
    return (
      <Page title={t('mfa.recoveryTitle')} narrow>
        <p>{t('mfa.recoveryIntro')}</p>
        <RecoveryCodes codes={done.codes} />
        <Checkbox id="mfa-saved" label={t('mfa.savedThem')} checked={saved} onChange={setSaved} />
        <Button
          color="primary"
          className="mt-3"
          disabled={!saved}
          onClick={() => {
            signedIn(done.me);
            void navigate(afterLoginPath(location.state), { replace: true });
          }}
        >
          {t('mfa.continue')}
        </Button>
      </Page>
    );
  }

  return (
    <Page title={t('mfa.setupTitle')} narrow>
      <p>{t('mfa.setupIntro')}</p>
      <ErrorAlert error={setupError ?? form.error} />
      {setup ? (
        <>
          <img id="totp-qr" className="totp-qr" src={setup.qrSrc} alt={t('mfa.qrAlt')} width={224} height={224} />
          <p className="mt-3 mb-1">{t('mfa.manualEntry')}</p>
          <p>
            <span className="visually-hidden">{t('mfa.secretLabel')}: </span>
            <code id="totp-secret" className="totp-secret">
              {setup.secret}
            </code>
          </p>
          <form
            noValidate
            className="mt-5"
            onSubmit={(e) => {
              e.preventDefault();
              void confirm();
            }}
          >
            <TextField
              id="mfa-code"
              label={t('mfa.code')}
              value={code}
              onChange={setCode}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              error={form.fieldErrors.code}
            />
            <Button color="primary" type="submit" disabled={form.busy}>
              {t('mfa.confirm')}
            </Button>
          </form>
        </>
      ) : setupError ? null : (
        <Loading />
      )}
    </Page>
  );
}
