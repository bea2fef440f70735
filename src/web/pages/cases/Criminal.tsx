/**
 * "Procedimento penale" tab of the case: whether a complaint was filed and when, the prosecutor's
 * office, the person's role (witness, injured party, civil party), protection measures, notes and
 * the hearings with their dates. Shown only to roles holding criminal.read (the case page hides the
 * tab otherwise, and the server answers 404 to anyone else); recorded and edited with cases.write
 * too, with the version read (a stale edit shows the server's conflict message).
 */
import { useState } from 'react';
import { Button, Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { can } from '../../access.ts';
import { ErrorAlert, Loading, Notice } from '../../components/Page.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useOrganisations } from '../../reference.ts';
import { useMe } from '../../session.tsx';

const roles = ['witness', 'injured_party', 'civil_party'] as const;
const hearingKinds = ['preliminary', 'incidente_probatorio', 'trial', 'appeal', 'other'] as const;
type Role = (typeof roles)[number];
type HearingKind = (typeof hearingKinds)[number];

interface Hearing {
  id: string;
  heldOn: string;
  kind: HearingKind;
  note: string | null;
}

interface Criminal {
  caseId: string;
  recorded: boolean;
  complaintFiled: boolean;
  complaintOn: string | null;
  prosecutorOrganisationId: string | null;
  prosecutorOrganisationName: string | null;
  personRole: Role | null;
  protectionMeasures: string | null;
  note: string | null;
  hearings: Hearing[];
  updatedAt: string | null;
  version: number;
}

export function CriminalTab(props: { caseId: string }) {
  const { t, formatDate } = useI18n();
  const me = useMe();
  const canWrite = can(me, 'cases.write');
  const loaded = useLoad((signal) => api.get<Criminal>(`/api/cases/${props.caseId}/criminal-proceedings`, undefined, signal), props.caseId);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const c = loaded.data;
  const done = (message: string) => {
    setEditing(false);
    setNotice(message);
    loaded.reload();
  };
  return (
    <section aria-labelledby="criminal-title">
      <h2 className="h4" id="criminal-title">
        {t('criminal.title')}
      </h2>
      <p>{t('criminal.lead')}</p>
      <Notice text={notice} />
      <ErrorAlert error={loaded.error} />
      {loaded.loading && !c ? <Loading /> : null}
      {c && !editing ? <Summary c={c} /> : null}
      {c && !editing && canWrite ? (
        <Button color="primary" outline type="button" id="criminal-edit" onClick={() => setEditing(true)}>
          {c.recorded ? t('criminal.edit') : t('criminal.record')}
        </Button>
      ) : null}
      {c && editing ? <CriminalForm c={c} onSaved={() => done(t('criminal.saved'))} onClose={() => setEditing(false)} /> : null}
      {c ? (
        <>
          <h3 className="h5 mt-4" id="criminal-hearings-title">
            {t('criminal.hearings')}
          </h3>
          {c.hearings.length === 0 ? (
            <p>{t('criminal.hearingsNone')}</p>
          ) : (
            <div className="table-responsive">
              <Table size="sm" id="criminal-hearings" aria-labelledby="criminal-hearings-title">
                <thead>
                  <tr>
                    <th scope="col">{t('criminal.hearingDate')}</th>
                    <th scope="col">{t('criminal.hearingKind')}</th>
                    <th scope="col">{t('criminal.hearingNote')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.hearings.map((h) => (
                    <tr key={h.id}>
                      <td className="text-nowrap">{formatDate(h.heldOn)}</td>
                      <td>{t(`criminal.kind.${h.kind}` as MessageKey)}</td>
                      <td className="text-prewrap">{h.note ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
          {canWrite ? <HearingForm caseId={props.caseId} onSaved={() => done(t('criminal.hearingSaved'))} /> : null}
        </>
      ) : null}
      {c?.updatedAt ? <p className="small text-muted mt-3">{t('criminal.updatedAt', { date: formatDate(c.updatedAt.slice(0, 10)) })}</p> : null}
    </section>
  );
}

function Summary(props: { c: Criminal }) {
  const { t, formatDate } = useI18n();
  const c = props.c;
  if (!c.recorded) return <p id="criminal-none">{t('criminal.none')}</p>;
  return (
    <dl className="row" id="criminal-summary">
      <dt className="col-sm-4">{t('criminal.complaint')}</dt>
      <dd className="col-sm-8">{c.complaintFiled ? `${t('criminal.complaintFiled')}${c.complaintOn ? ` (${formatDate(c.complaintOn)})` : ''}` : t('criminal.complaintNotFiled')}</dd>
      <dt className="col-sm-4">{t('criminal.prosecutor')}</dt>
      <dd className="col-sm-8">{c.prosecutorOrganisationName ?? t('criminal.prosecutorNone')}</dd>
      <dt className="col-sm-4">{t('criminal.role')}</dt>
      <dd className="col-sm-8">{c.personRole ? t(`criminal.role.${c.personRole}` as MessageKey) : '—'}</dd>
      <dt className="col-sm-4">{t('criminal.measures')}</dt>
      <dd className="col-sm-8 text-prewrap">{c.protectionMeasures ?? '—'}</dd>
      <dt className="col-sm-4">{t('criminal.note')}</dt>
      <dd className="col-sm-8 text-prewrap">{c.note ?? '—'}</dd>
    </dl>
  );
}

function CriminalForm(props: { c: Criminal; onSaved: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const c = props.c;
  const orgs = useOrganisations();
  const [filed, setFiled] = useState(c.complaintFiled);
  const [complaintOn, setComplaintOn] = useState(c.complaintOn ?? '');
  const [prosecutor, setProsecutor] = useState(c.prosecutorOrganisationId ?? '');
  const [role, setRole] = useState<string>(c.personRole ?? '');
  const [measures, setMeasures] = useState(c.protectionMeasures ?? '');
  const [note, setNote] = useState(c.note ?? '');
  const form = useSubmit();
  const prosecutors = (orgs.data ?? []).filter((o) => o.type === 'prosecutor' || o.id === c.prosecutorOrganisationId);
  const save = () =>
    form.run(
      (): FieldErrors => (!filed && complaintOn ? { complaintOn: t('criminal.complaintOnHint') } : {}),
      async () => {
        await api.put(`/api/cases/${c.caseId}/criminal-proceedings`, {
          version: c.version,
          complaintFiled: filed,
          complaintOn: filed && complaintOn ? complaintOn : null,
          prosecutorOrganisationId: prosecutor || null,
          personRole: role || null,
          protectionMeasures: measures.trim() || null,
          note: note.trim() || null,
        });
        props.onSaved();
      },
    );
  return (
    <form
      noValidate
      id="criminal-form"
      aria-labelledby="criminal-form-title"
      className="p-3 border rounded"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="criminal-form-title" className="h5">
        {c.recorded ? t('criminal.edit') : t('criminal.record')}
      </h3>
      <ErrorAlert error={form.error} />
      <Checkbox id="criminal-filed" label={t('criminal.complaintFiled')} checked={filed} onChange={setFiled} />
      <div className="row mt-3">
        <div className="col-md-4">
          <TextField id="criminal-complaint-on" type="date" label={t('criminal.complaintOn')} hint={t('criminal.complaintOnHint')} value={complaintOn} onChange={setComplaintOn} error={form.fieldErrors.complaintOn} />
        </div>
        <div className="col-md-8">
          <SelectField
            id="criminal-prosecutor"
            label={t('criminal.prosecutor')}
            value={prosecutor}
            onChange={setProsecutor}
            options={prosecutors.map((o) => ({ value: o.id, label: o.name }))}
            placeholder={t('criminal.prosecutorNone')}
            error={form.fieldErrors.prosecutorOrganisationId}
          />
        </div>
        <div className="col-md-6">
          <SelectField
            id="criminal-role"
            label={t('criminal.role')}
            value={role}
            onChange={setRole}
            options={roles.map((r) => ({ value: r, label: t(`criminal.role.${r}` as MessageKey) }))}
            placeholder="—"
            error={form.fieldErrors.personRole}
          />
        </div>
      </div>
      <TextArea id="criminal-measures" label={t('criminal.measures')} value={measures} onChange={setMeasures} error={form.fieldErrors.protectionMeasures} />
      <TextArea id="criminal-note" label={t('criminal.note')} value={note} onChange={setNote} error={form.fieldErrors.note} />
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" type="submit" disabled={form.busy}>
          {t('criminal.save')}
        </Button>
        <Button color="secondary" outline type="button" onClick={props.onClose}>
          {t('criminal.cancelEdit')}
        </Button>
      </div>
    </form>
  );
}

function HearingForm(props: { caseId: string; onSaved: () => void }) {
  const { t } = useI18n();
  const [heldOn, setHeldOn] = useState('');
  const [kind, setKind] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmit();
  const save = () =>
    form.run(
      (): FieldErrors => {
        const e: FieldErrors = {};
        if (!heldOn) e.heldOn = t('validation.required');
        if (!kind) e.kind = t('validation.required');
        return e;
      },
      async () => {
        await api.post(`/api/cases/${props.caseId}/criminal-proceedings/hearings`, { heldOn, kind, note: note.trim() || null });
        setHeldOn('');
        setKind('');
        setNote('');
        props.onSaved();
      },
    );
  return (
    <form
      noValidate
      id="criminal-hearing-form"
      aria-labelledby="criminal-hearing-form-title"
      className="mt-3"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h4 id="criminal-hearing-form-title" className="h6">
        {t('criminal.hearingAdd')}
      </h4>
      <ErrorAlert error={form.error} />
      <div className="row">
        <div className="col-md-4">
          <TextField id="criminal-hearing-date" type="date" label={t('criminal.hearingDate')} value={heldOn} onChange={setHeldOn} required error={form.fieldErrors.heldOn} />
        </div>
        <div className="col-md-8">
          <SelectField
            id="criminal-hearing-kind"
            label={t('criminal.hearingKind')}
            value={kind}
            onChange={setKind}
            options={hearingKinds.map((k) => ({ value: k, label: t(`criminal.kind.${k}` as MessageKey) }))}
            placeholder={t('common.choose')}
            required
            error={form.fieldErrors.kind}
          />
        </div>
      </div>
      <TextArea id="criminal-hearing-note" label={t('criminal.hearingNote')} value={note} onChange={setNote} error={form.fieldErrors.note} />
      <Button color="primary" type="submit" disabled={form.busy}>
        {t('criminal.hearingSave')}
      </Button>
    </form>
  );
}
