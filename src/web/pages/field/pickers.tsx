/**
 * Choosing an outing's team and counting its contacts by named zone: shared by the field app
 * (lists cached in the encrypted store) and the online staff pages (lists from the API).
 */
import { Checkbox } from '../../components/Field.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Stepper } from './controls.tsx';

export interface ZoneOption {
  id: string;
  name: string;
  provinceCode: string;
  municipality: string;
}

export interface TeamOption {
  userId: string;
  displayName: string;
}

export type ZoneCount = { zoneId: string; contacts: number };

const sameMunicipality = (a: string, b: string): boolean => a.trim().toLocaleLowerCase('it') === b.trim().toLocaleLowerCase('it');

/** The zones of the place chosen (province and municipality, compared as the server does). */
export function zonesOfPlace(zones: readonly ZoneOption[], provinceCode: string, municipality: string): ZoneOption[] {
  if (!provinceCode || !municipality.trim()) return [];
  return zones.filter((z) => z.provinceCode === provinceCode && sameMunicipality(z.municipality, municipality));
}

/** Only the zones of the place, in the server's order (by id). */
export function keepZonesOf(counts: readonly ZoneCount[], here: readonly ZoneOption[]): ZoneCount[] {
  return counts.filter((c) => c.contacts > 0 && here.some((z) => z.id === c.zoneId)).sort((a, b) => (a.zoneId < b.zoneId ? -1 : a.zoneId > b.zoneId ? 1 : 0));
}

export function TeamPicker(props: { team: readonly TeamOption[]; value: readonly string[]; onChange: (ids: string[]) => void; error?: string | undefined; selfId?: string }) {
  const { t } = useI18n();
  // Someone already on the outing but not in the list (not fetched yet, or gone) stays chosen.
  const known = new Set(props.team.map((m) => m.userId));
  const options = [...props.team, ...props.value.filter((id) => !known.has(id)).map((id) => ({ userId: id, displayName: id === props.selfId ? t('outreach.you') : t('outreach.teamUnknown') }))];
  return (
    <fieldset className="field-group" aria-describedby="outing-team-hint">
      <legend className="h5">{t('outreach.team')}</legend>
      <p id="outing-team-hint" className="small">
        {t('outreach.teamHint')}
      </p>
      <div className="outreach-checks">
        {options.map((m) => (
          <Checkbox
            key={m.userId}
            id={`team-${m.userId}`}
            label={m.displayName}
            checked={props.value.includes(m.userId)}
            onChange={(on) => props.onChange(on ? [...props.value, m.userId] : props.value.filter((u) => u !== m.userId))}
          />
        ))}
      </div>
      {props.error ? (
        <div className="invalid-feedback d-block" role="alert">
          {props.error}
        </div>
      ) : null}
    </fieldset>
  );
}

export function ZoneCounts(props: { here: readonly ZoneOption[]; municipality: string; value: readonly ZoneCount[]; onChange: (counts: ZoneCount[]) => void; error?: string | undefined }) {
  const { t } = useI18n();
  const count = (id: string): number => props.value.find((z) => z.zoneId === id)?.contacts ?? 0;
  const set = (id: string, contacts: number) => props.onChange([...props.value.filter((z) => z.zoneId !== id), ...(contacts > 0 ? [{ zoneId: id, contacts }] : [])]);
  return (
    <fieldset className="field-group" aria-describedby="outing-zones-hint">
      <legend className="h6">{props.municipality.trim() ? t('outreach.zonesOf', { municipality: props.municipality.trim() }) : t('field.outing.zones')}</legend>
      <p id="outing-zones-hint" className="small">
        {props.here.length === 0 ? t('outreach.noZonesHere') : t('outreach.zonesHint')}
      </p>
      <div className="field-steppers">
        {props.here.map((z) => (
          <Stepper key={z.id} id={`zone-${z.id}`} label={t('outreach.zoneContacts', { zone: z.name })} value={count(z.id)} max={500} onChange={(v) => set(z.id, v)} />
        ))}
      </div>
      {props.error ? (
        <div className="invalid-feedback d-block" role="alert">
          {props.error}
        </div>
      ) : null}
    </fieldset>
  );
}

/** Zones given must add up to the total (the server's rule), checked before sending. */
export function zonesSumError(counts: readonly ZoneCount[], total: number): { count: number; total: number } | null {
  if (counts.length === 0) return null;
  const sum = counts.reduce((a, z) => a + z.contacts, 0);
  return sum === total ? null : { count: sum, total };
}
