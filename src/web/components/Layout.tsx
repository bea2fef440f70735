/**
 * The shell around every page: skip links, the header (product name, the organisation acted for
 * and the switcher, language, logout), the navigation built from the user's permissions, the main
 * landmark and the footer.
 */
import { useId, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Header, HeaderContent, HeaderRightZone, Headers } from 'design-react-kit';
import { api, ApiError } from '../api.ts';
import { navFor } from '../access.ts';
import { activeNavEntry } from '../nav-active.ts';
import { locales, useI18n, type Locale } from '../i18n/index.tsx';
import { UnsentLogoutDialog } from './UnsentLogoutDialog.tsx';
import { unsentFieldChanges } from '../offline/wipe-on-logout.ts';
import { useSession } from '../session.tsx';
import type { Me } from '../types.ts';
import { InboxBadge } from '../pages/inbox/InboxBadge.tsx';

export function Layout(props: { children: ReactNode }) {
  const { t } = useI18n();
  const { me } = useSession();
  const showNav = me !== null && (!me.mfa.required || me.mfa.verified);
  return (
    <>
      {/* Plain markup: design-react-kit's Skiplink drops its children unless rendered as a nav. */}
      <div className="skiplinks">
        <a className="visually-hidden-focusable" href="#main">
          {t('app.skipToContent')}
        </a>
        {showNav ? (
          <a className="visually-hidden-focusable" href="#main-nav">
            {t('app.skipToNav')}
          </a>
        ) : null}
      </div>
      <header>
        <Headers>
          <Header type="slim">
            <HeaderContent>
              <span className="slim-tagline">{t('app.tagline')}</span>
              <HeaderRightZone>
                {showNav ? <OrganisationSwitcher me={me} /> : null}
                {showNav ? <InboxBadge me={me} /> : null}
                <LanguageSwitch />
                {me ? <LogoutButton /> : null}
              </HeaderRightZone>
            </HeaderContent>
          </Header>
          <Header type="center" small>
            <HeaderContent>
              <div className="it-brand-wrapper">
                <Link to="/">
                  <svg className="icon brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <path d="M3 22c4-10 22-10 26 0" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
                    <path d="M3 22h26M10 16.5V22M16 14.5V22M22 16.5V22" stroke="currentColor" strokeWidth="2" />
                  </svg>
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t('app.name')}</div>
                    <div className="it-brand-tagline d-none d-md-block">
                      {me?.organisation ? me.organisation.name : t('app.tagline')}
                    </div>
                  </div>
                </Link>
              </div>
            </HeaderContent>
          </Header>
          {showNav ? <MainNav me={me} /> : null}
        </Headers>
      </header>
      <main id="main" tabIndex={-1} className="container-xxl page-container py-4 flex-grow-1">
        {props.children}
      </main>
      <footer className="it-footer">
        <div className="it-footer-small-prints py-3">
          <div className="container-xxl page-container">
            <p className="mb-0 small text-white">{t('app.footer')}</p>
          </div>
        </div>
      </footer>
    </>
  );
}

function MainNav(props: { me: Me }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const items = navFor(props.me);
  const current = activeNavEntry(items.map((i) => i.to), pathname);
  return (
    <nav id="main-nav" className="main-nav" aria-label={t('header.mainNav')} tabIndex={-1}>
      <div className="container-xxl page-container">
        <ul className="main-nav-list">
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} className={`main-nav-link${item.to === current ? ' active' : ''}`} aria-current={item.to === current ? 'page' : undefined}>
                {t(item.label)}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

function OrganisationSwitcher(props: { me: Me }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const { me } = props;
  if (me.memberships.length === 0) return <span className="slim-item">{t('header.noOrganisation')}</span>;
  if (me.memberships.length === 1) {
    return (
      <span className="slim-item">
        {t('header.actingFor')}: <strong>{me.organisation?.name ?? me.memberships[0]?.organisationName}</strong>
      </span>
    );
  }
  const change = async (organisationId: string) => {
    setError(null);
    try {
      const answer = await api.post<{ me: Me }>('/api/me/organisation', { organisationId });
      signedIn(answer.me);
      // Another organisation may mean another role: start again from the home page.
      void navigate('/');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <div className="slim-item org-switcher">
      <label htmlFor={id}>{t('header.actingFor')}</label>
      <select id={id} value={me.organisation?.id ?? ''} onChange={(e) => void change(e.target.value)} aria-describedby={error ? `${id}-err` : undefined}>
        {me.memberships.map((m) => (
          <option key={m.organisationId} value={m.organisationId}>
            {m.organisationName}
          </option>
        ))}
      </select>
      {error ? (
        <span id={`${id}-err`} role="alert" className="ms-2">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function LanguageSwitch() {
  const { t, locale } = useI18n();
  const { changeLocale } = useSession();
  const names: Record<Locale, string> = { it: t('header.languageIt'), en: t('header.languageEn') };
  return (
    <div className="slim-item lang-switch" role="group" aria-label={t('header.language')}>
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          className={`btn btn-sm lang-btn${l === locale ? ' active' : ''}`}
          aria-pressed={l === locale}
          lang={l}
          title={names[l]}
          onClick={() => void changeLocale(l).catch(() => undefined)}
        >
          <span aria-hidden="true">{l.toUpperCase()}</span>
          <span className="visually-hidden">{names[l]}</span>
        </button>
      ))}
    </div>
  );
}

function LogoutButton() {
  const { t } = useI18n();
  const { logout, me } = useSession();
  const [unsent, setUnsent] = useState(0);
  return (
    <>
      <button
        type="button"
        className="btn btn-sm btn-outline-light slim-item logout-btn"
        onClick={() =>
          void unsentFieldChanges(undefined, me?.user.id).then((n) => {
            // Logging out wipes the field store: with unsent changes, ask first (as the field app does).
            if (n > 0) setUnsent(n);
            else void logout();
          })
        }
      >
        {t('header.logout')}
      </button>
      {unsent > 0 ? <UnsentLogoutDialog count={unsent} onConfirm={() => void logout()} onStay={() => setUnsent(0)} /> : null}
    </>
  );
}
