/**
 * "Esportazioni / Exports" on the monitoring page: the HTCDS record export as an encrypted file
 * (exports.personal; the password never leaves the request that seals the file) and the anonymised
 * CTDC export (stats.aggregate), with a preview of how many rows are written and left out.
 */
import { useState } from 'react';
import { Button } from 'design-react-kit';
import { api, ApiError } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { can } from '../../access.ts';
import { minExportPasswordLength } from '../../../domain/exports/htcds.ts';

interface CtdcPreview {
  k: number;
  level: number;
  victims: number;
  rows: number;
  suppressed: number;
}

/** Saves a response body as a file through a temporary link. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileNameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return match?.[1] ?? fallback;
}

async function failure(response: Response): Promise<ApiError> {
  const data = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiError({ status: response.status, code: data?.error?.code ?? `http_${response.status}`, message: data?.error?.message ?? `HTTP ${response.status}`, issues: [] });
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError({ status: 0, code: 'network', message: err instanceof Error ? err.message : String(err) });
}

function HtcdsExport() {
  const { t, locale } = useI18n();
  const me = useMe();
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const tooShort = password !== '' && password.length < minExportPasswordLength;
  const mismatch = again !== '' && again !== password;
  const n = String(minExportPasswordLength);

  return (
    <section aria-labelledby="exports-htcds" className="mb-4">
      <h3 id="exports-htcds" className="h5">{t('exports.htcds.title')}</h3>
      <p>{t('exports.htcds.lead')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (password.length < minExportPasswordLength || password !== again) return;
          setBusy(true);
          setError(null);
          setDone(null);
          void (async () => {
            try {
              const response = await fetch('/api/exports/htcds', {
                method: 'POST',
                credentials: 'same-origin',
                headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken, 'Accept-Language': locale },
                body: JSON.stringify({ format, password }),
              });
              if (!response.ok) throw await failure(response);
              save(await response.blob(), fileNameOf(response, `ponte-htcds.${format}.pontex`));
              setDone(t('exports.htcds.done', { rows: response.headers.get('X-Export-Rows') ?? '?' }));
              setPassword('');
              setAgain('');
            } catch (err) {
              setError(asApiError(err));
            } finally {
              setBusy(false);
            }
          })();
        }}
      >
        <div className="row">
          <div className="col-md-3">
            <SelectField id="exp-format" label={t('exports.htcds.format')} value={format} onChange={(v) => setFormat(v === 'json' ? 'json' : 'csv')} options={[{ value: 'csv', label: 'CSV' }, { value: 'json', label: 'JSON' }]} />
          </div>
          <div className="col-md-4">
            <TextField id="exp-password" type="password" autoComplete="new-password" required label={t('exports.htcds.password', { n })} value={password} onChange={setPassword} error={tooShort ? t('exports.htcds.tooShort', { n }) : undefined} />
          </div>
          <div className="col-md-4">
            <TextField id="exp-password-again" type="password" autoComplete="new-password" required label={t('exports.htcds.passwordAgain')} value={again} onChange={setAgain} error={mismatch ? t('exports.htcds.mismatch') : undefined} />
          </div>
        </div>
        <Button color="primary" type="submit" disabled={busy}>{busy ? t('exports.working') : t('exports.htcds.download')}</Button>
      </form>
      <div aria-live="polite">{done ? <p className="alert alert-success mt-3" id="exports-htcds-done">{done}</p> : null}</div>
      <ErrorAlert error={error} />
    </section>
  );
}

function CtdcExport() {
  const { t } = useI18n();
  const thisYear = String(new Date().getFullYear());
  const [from, setFrom] = useState(thisYear);
  const [to, setTo] = useState(thisYear);
  const [preview, setPreview] = useState<CtdcPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const query = { from, to };
  const href = `/api/exports/ctdc?${new URLSearchParams({ from, to, format: 'csv' }).toString()}`;

  return (
    <section aria-labelledby="exports-ctdc" className="mb-4">
      <h3 id="exports-ctdc" className="h5">{t('exports.ctdc.title')}</h3>
      <p>{t('exports.ctdc.lead', { k: String(preview?.k ?? 11) })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          api
            .get<CtdcPreview>('/api/exports/ctdc', { ...query, format: 'json' })
            .then(setPreview, (err: unknown) => setError(asApiError(err)))
            .finally(() => setBusy(false));
        }}
      >
        <div className="row">
          <div className="col-6 col-md-2">
            <TextField id="ctdc-from" inputMode="numeric" maxLength={4} label={t('exports.ctdc.from')} value={from} onChange={setFrom} />
          </div>
          <div className="col-6 col-md-2">
            <TextField id="ctdc-to" inputMode="numeric" maxLength={4} label={t('exports.ctdc.to')} value={to} onChange={setTo} />
          </div>
        </div>
        <div className="d-flex flex-wrap gap-2">
          <Button color="primary" outline type="submit" disabled={busy}>{busy ? t('exports.working') : t('exports.ctdc.preview')}</Button>
          <a className="btn btn-primary" href={href} download>{t('exports.ctdc.download')}</a>
        </div>
      </form>
      <div aria-live="polite">
        {preview ? (
          <p className="mt-3" id="exports-ctdc-summary">
            {t('exports.ctdc.summary', { rows: String(preview.rows), victims: String(preview.victims), suppressed: String(preview.suppressed), level: String(preview.level) })}
          </p>
        ) : null}
      </div>
      <ErrorAlert error={error} />
    </section>
  );
}

/** The exports the user may make; nothing when they may make none. */
export function ExportsPanel() {
  const { t } = useI18n();
  const me = useMe();
  const personal = can(me, 'exports.personal');
  const anonymised = can(me, 'stats.aggregate');
  if (!personal && !anonymised) return null;
  return (
    <section aria-labelledby="exports-title" className="mt-5" id="exports-panel">
      <h2 id="exports-title" className="h4">{t('exports.title')}</h2>
      <p>{t('exports.lead')}</p>
      {personal ? <HtcdsExport /> : null}
      {anonymised ? <CtdcExport /> : null}
    </section>
  );
}
