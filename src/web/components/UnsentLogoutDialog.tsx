/**
 * The warning before the header's "Esci" wipes field app changes not sent yet: a modal alert
 * dialog (focus moves in and stays in, Esc keeps the user signed in, focus returns on close).
 */
import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/index.tsx';
import './unsent-logout.css';

export function UnsentLogoutDialog(props: { count: number; onConfirm: () => void; onStay: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const stay = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stay.current?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div className="unsent-logout-backdrop">
      <div
        ref={box}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        className="unsent-logout-dialog"
        id="unsent-logout-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onStay();
          if (e.key !== 'Tab') return;
          const buttons = box.current?.querySelectorAll('button');
          if (!buttons || buttons.length === 0) return;
          const first = buttons[0] as HTMLButtonElement;
          const last = buttons[buttons.length - 1] as HTMLButtonElement;
          if (e.shiftKey && document.activeElement === first) {
            e.preventDefault();
            last.focus();
          } else if (!e.shiftKey && document.activeElement === last) {
            e.preventDefault();
            first.focus();
          }
        }}
      >
        <h2 id={`${id}-title`} className="h5">
          {t('logoutWarn.title')}
        </h2>
        <p id={`${id}-text`}>{t('logoutWarn.text', { count: props.count })}</p>
        <div className="d-flex flex-wrap gap-2">
          <button ref={stay} type="button" className="btn btn-primary" onClick={props.onStay}>
            {t('logoutWarn.stay')}
          </button>
          <button type="button" className="btn btn-danger" onClick={props.onConfirm}>
            {t('logoutWarn.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
