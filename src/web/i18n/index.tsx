/**
 * A small typed i18n: Italian first, English switchable. The choice is remembered in localStorage
 * and, once logged in, in the user's profile (the session provider sends it with PATCH /api/me).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Permission } from '../../domain/permissions.ts';
import { it, type MessageKey } from './it.ts';
import { en } from './en.ts';

export type { MessageKey } from './it.ts';
export type Locale = 'it' | 'en';
export const locales: readonly Locale[] = ['it', 'en'];

const catalogues: Record<Locale, Record<MessageKey, string>> = { it, en };

// Every permission has a label in the catalogues (a missing one is a type error here).
type PermissionKey = `perm.${Permission}`;
export const permissionLabelsExist: PermissionKey extends MessageKey ? true : never = true;

export function permissionKey(p: Permission): MessageKey {
  return `perm.${p}`;
}

const storageKey = 'ponte.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'it' || value === 'en';
}

export function storedLocale(): Locale {
  try {
    const v = window.localStorage.getItem(storageKey);
    return isLocale(v) ? v : 'it';
  } catch {
    return 'it';
  }
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogues[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

interface I18nValue {
  locale: Locale;
  t: Translate;
  /** Changes the language here and in localStorage (the caller saves it to the profile). */
  setLocale: (locale: Locale) => void;
  formatDate: (iso: string | null | undefined) => string;
  formatDateTime: (iso: string | null | undefined) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider(props: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // storage unavailable (private mode): the choice lasts for this page only
    }
  }, []);

  const value = useMemo<I18nValue>(() => {
    const tag = locale === 'it' ? 'it-IT' : 'en-GB';
    const dateFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
    const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const fmt = (f: Intl.DateTimeFormat) => (iso: string | null | undefined) => {
      if (!iso) return '—';
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : f.format(d);
    };
    return {
      locale,
      t: (key, params) => translate(locale, key, params),
      setLocale,
      formatDate: fmt(dateFmt),
      formatDateTime: fmt(dateTimeFmt),
    };
  }, [locale, setLocale]);

  return <I18nContext value={value}>{props.children}</I18nContext>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
