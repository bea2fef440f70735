/** Home: greeting, role and organisation, and shortcuts to what the role may use. */
import { Link } from 'react-router-dom';
import { Badge } from 'design-react-kit';
import { Page } from '../components/Page.tsx';
import { navFor } from '../access.ts';
import { useI18n } from '../i18n/index.tsx';
import { useMe } from '../session.tsx';
import { HomeWork } from './HomeWork.tsx';

export function HomePage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const roleName = me.role ? (locale === 'it' ? me.role.nameIt : me.role.nameEn) : t('home.noRole');
  const shortcuts = navFor(me).filter((n) => n.to !== '/');
  return (
    <Page title={t('home.title', { name: me.user.displayName })}>
      <dl className="row home-facts">
        <dt className="col-sm-3">{t('home.role')}</dt>
        <dd className="col-sm-9" id="home-role">
          {roleName}
        </dd>
        <dt className="col-sm-3">{t('home.organisation')}</dt>
        <dd className="col-sm-9" id="home-organisation">
          {me.organisation?.name ?? t('header.noOrganisation')}
        </dd>
      </dl>
      {me.user.totpEnabled ? (
        <p>
          <Badge color="success">{t('home.mfaOn')}</Badge>
        </p>
      ) : null}
      {me.organisation ? <HomeWork /> : null}
      <h2 className="h4 mt-4">{t('home.shortcuts')}</h2>
      <ul className="shortcut-list">
        {shortcuts.map((s) => (
          <li key={s.to}>
            <Link to={s.to} className="shortcut card-wrapper">
              {t(s.label)}
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
