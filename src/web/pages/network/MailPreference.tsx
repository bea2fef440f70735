/** Profile section: whether the user also receives notifications by e-mail (a link, never personal data). */
import { useEffect, useState } from 'react';
import { Button } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { Checkbox } from '../../components/Field.tsx';
import { useLoad, useSubmit } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';

interface MailPreference {
  notifyByMail: boolean;
  mailEnabled: boolean;
}

export function MailPreferenceSection() {
  const { t } = useI18n();
  const loaded = useLoad((signal) => api.get<MailPreference>('/api/me/mail-preferences', undefined, signal), 'mail-preferences');
  const [checked, setChecked] = useState(true);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useSubmit();
  useEffect(() => {
    if (loaded.data) setChecked(loaded.data.notifyByMail);
  }, [loaded.data]);
  return (
    <section aria-labelledby="profile-mail" className="mb-5">
      <h2 id="profile-mail" className="h4">
        {t('mail.title')}
      </h2>
      <p>{t('mail.lead')}</p>
      <ErrorAlert error={loaded.error ?? form.error} />
      {loaded.loading && !loaded.data ? <Loading /> : null}
      {loaded.data ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(null);
            void form.run(
              () => ({}),
              async () => {
                const answer = await api.put<MailPreference>('/api/me/mail-preferences', { notifyByMail: checked });
                setChecked(answer.notifyByMail);
                setSaved(answer.notifyByMail ? t('mail.savedOn') : t('mail.savedOff'));
              },
            );
          }}
        >
          {loaded.data.mailEnabled ? null : <p className="text-secondary small">{t('mail.notConfigured')}</p>}
          <Notice text={saved} />
          <Checkbox id="profile-mail-on" label={t('mail.notifyByMail')} checked={checked} onChange={setChecked} />
          <Button color="primary" type="submit" disabled={form.busy} className="mt-2">
            {t('common.save')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
