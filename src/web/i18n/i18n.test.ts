import { describe, expect, it } from 'vitest';
import { permissions } from '../../domain/permissions.ts';
import { reasonCodes } from '../../domain/linkage/index.ts';
import { it as itCatalogue } from './it.ts';
import { en } from './en.ts';
import { permissionKey, translate } from './index.tsx';

describe('web message catalogues', () => {
  it('have the same keys and no empty message', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(itCatalogue).sort());
    for (const [key, text] of [...Object.entries(itCatalogue), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(itCatalogue) as Array<keyof typeof itCatalogue>) expect(names(en[key]), key).toEqual(names(itCatalogue[key]));
  });

  it('label every permission', () => {
    for (const p of permissions) {
      expect(translate('it', permissionKey(p))).not.toMatch(/^perm\./);
      expect(translate('en', permissionKey(p))).not.toMatch(/^perm\./);
    }
  });

  it('give every duplicate-check reason a text', () => {
    for (const code of reasonCodes) {
      for (const lang of ['it', 'en'] as const) expect(translate(lang, `dup.reason.${code}` as Parameters<typeof translate>[1]), `${lang} ${code}`).not.toMatch(/^dup\.reason\./);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('it', 'home.title', { name: 'Anna' })).toBe('Benvenuta o benvenuto, Anna');
    expect(translate('en', 'common.results', { count: 3 })).toBe('3 results');
    expect(translate('en', 'home.title')).toBe('Welcome, {name}');
  });
});
