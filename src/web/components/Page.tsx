let firstPage = true;

/** A page: sets the document title, renders the single h1 and moves focus to it on navigation. */
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

export function Page(props: { title: string; children: ReactNode; lead?: ReactNode; actions?: ReactNode; narrow?: boolean }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${props.title} — ${t('app.name')}`;
  }, [props.title, t]);
  useEffect(() => {
    // After a client-side navigation, start reading at the new page's heading. The first page of
    // a load keeps the browser's order, so that Tab reaches the skip link first.
    if (firstPage) {
      firstPage = false;
      return;
    }
    if (document.activeElement === document.body || document.activeElement?.closest('nav, header')) h1.current?.focus();
  }, []);
  return (
    <div className={props.narrow ? 'page-narrow' : undefined}>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-3 mb-3">
        <h1 ref={h1} tabIndex={-1} className="h2 mb-0 page-title">
          {props.title}
        </h1>
        {props.actions ? <div className="d-flex gap-2">{props.actions}</div> : null}
      </div>
      {props.lead ? <p className="lead">{props.lead}</p> : null}
      {props.children}
    </div>
  );
}

/**
 * Alerts in plain Bootstrap Italia markup: design-react-kit's Alert fades in through reactstrap's
 * transition, which under React 19 was seen to leave it transparent.
 */
export function ErrorAlert(props: { error: ApiError | null }) {
  const { t } = useI18n();
  if (!props.error) return null;
  const hasIssues = props.error.issues.length > 0;
  return (
    <div className="alert alert-danger" role="alert">
      <strong>{props.error.message}</strong>
      {hasIssues ? <span> {t('common.fixErrors')}</span> : null}
    </div>
  );
}

export function Notice(props: { text: string | null; kind?: 'success' | 'info' | 'warning' }) {
  if (!props.text) return null;
  return (
    <div className={`alert alert-${props.kind ?? 'success'}`} role="status">
      {props.text}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="text-secondary">
      {t('app.loading')}
    </p>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link className="btn btn-primary" to="/">
          {t('notFound.home')}
        </Link>
      </p>
    </Page>
  );
}
