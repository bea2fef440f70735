/**
 * HTCDS v2.0 value lists (IOM, CC BY 4.0: see attribution.ts) with Italian labels, and helpers
 * to validate and label values. Pure: imported by server and web.
 */
import { z } from 'zod';
import { htcdsItalianLabels } from './labels-it.ts';
import { htcdsValues } from './values.ts';

export { htcdsAttribution } from './attribution.ts';
export { htcdsItalianLabels } from './labels-it.ts';
export { htcdsExternalLists, htcdsFieldInfo, htcdsValues } from './values.ts';

/** A field with a picklist of its own, e.g. `prs_Gender`, `vic_TypeOfExploitation`. */
export type HtcdsField = keyof typeof htcdsValues;
/** The value names of one field, e.g. `HtcdsValue<'cas_Status'>` = 'Active' | 'FollowUp' | ... */
export type HtcdsValue<F extends HtcdsField> = (typeof htcdsValues)[F][number]['value'];
export type HtcdsLocale = 'it' | 'en';

export const htcdsFields = Object.keys(htcdsValues) as HtcdsField[];

export function isHtcdsField(field: string): field is HtcdsField {
  return Object.hasOwn(htcdsValues, field);
}

/** Whether `value` is one of the value names of `field` (false for unknown fields). */
export function isHtcdsValue({ field, value }: { field: string; value: string }): boolean {
  if (!isHtcdsField(field)) return false;
  const list: readonly { value: string }[] = htcdsValues[field];
  return list.some((v) => v.value === value);
}

/** The Italian label where Ponte has one, else the English HTCDS label; undefined if unknown. */
export function htcdsLabel({
  field,
  value,
  locale,
}: {
  field: string;
  value: string;
  locale: HtcdsLocale;
}): string | undefined {
  if (!isHtcdsField(field)) return undefined;
  const list: readonly { value: string; label: string }[] = htcdsValues[field];
  const entry = list.find((v) => v.value === value);
  if (!entry) return undefined;
  if (locale === 'it') {
    const italian = italianLabelsOf(field);
    const label = italian?.[value];
    if (label !== undefined) return label;
  }
  return entry.label;
}

/** Whether Ponte has Italian labels for the field (the lists shown to users). */
export function hasItalianLabels({ field }: { field: HtcdsField }): boolean {
  return italianLabelsOf(field) !== undefined;
}

/** Options for a select: every value of the field with its label in `locale`. */
export function htcdsOptions({ field, locale }: { field: HtcdsField; locale: HtcdsLocale }): { value: string; label: string }[] {
  const list: readonly { value: string; label: string }[] = htcdsValues[field];
  return list.map((v) => ({ value: v.value, label: htcdsLabel({ field, value: v.value, locale }) ?? v.label }));
}

/** A zod enum of the value names of one field, for request and record schemas. */
export function htcdsValueSchema<F extends HtcdsField>({ field }: { field: F }): z.ZodEnum<{ [K in HtcdsValue<F>]: K }> {
  const values = htcdsValues[field].map((v) => v.value) as unknown as [HtcdsValue<F>, ...HtcdsValue<F>[]];
  return z.enum(values);
}

function italianLabelsOf(field: HtcdsField): Readonly<Record<string, string>> | undefined {
  const all: Partial<Record<HtcdsField, Readonly<Record<string, string>>>> = htcdsItalianLabels;
  return all[field];
}
