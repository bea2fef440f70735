import { describe, expect, it } from 'vitest';
import { checkRegistration, eventInput, normaliseEmail, placeFor } from './index.ts';

const fields = [
  { key: 'ente', label: 'Ente', type: 'text' as const, required: true },
  { key: 'ruolo', label: 'Ruolo', type: 'select' as const, required: false, options: ['A', 'B'] },
  { key: 'crediti', label: 'Crediti', type: 'checkbox' as const, required: true },
  { key: 'tel2', label: 'Altro telefono', type: 'phone' as const, required: false },
];

const raw = (over: Partial<{ name: string; email: string; phone: string; consent: string; answers: Record<string, string> }> = {}) => ({
  name: 'Anna Prova', email: 'anna@example.org', phone: '', consent: 'yes', answers: { ente: 'Comune', ruolo: 'A', crediti: 'yes', tel2: '' }, ...over,
});

describe('checkRegistration', () => {
  it('accepts a complete form and cleans it', () => {
    const r = checkRegistration(fields, raw({ name: '  Anna Prova ', phone: '+39 011 000 1111' }));
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({ name: 'Anna Prova', email: 'anna@example.org', phone: '+39 011 000 1111', answers: { ente: 'Comune', ruolo: 'A', crediti: true } });
  });

  it('names each problem by field', () => {
    const r = checkRegistration(fields, raw({ name: '', email: 'anna@', phone: 'abc', consent: '', answers: { ente: '', ruolo: 'C', crediti: '', tel2: 'x' } }));
    expect(r.errors).toEqual([
      { field: 'name', key: 'required' },
      { field: 'email', key: 'badEmail' },
      { field: 'phone', key: 'badPhone' },
      { field: 'f_ente', key: 'required' },
      { field: 'f_ruolo', key: 'badChoice' },
      { field: 'f_crediti', key: 'required' },
      { field: 'f_tel2', key: 'badPhone' },
      { field: 'consent', key: 'consent' },
    ]);
  });

  it('refuses markup, controls and text with nothing readable', () => {
    for (const name of ['<b>Anna</b>', 'An\u0000na', '\u202E', '\uFFFD']) {
      expect(checkRegistration(fields, raw({ name })).errors, name).toEqual([{ field: 'name', key: 'badText' }]);
    }
    expect(checkRegistration(fields, raw({ name: 'ع'.repeat(201) })).errors).toEqual([{ field: 'name', key: 'tooLong' }]);
    expect(checkRegistration(fields, raw({ name: 'Nguyễn Thị Lan 阮' })).errors).toEqual([]);
  });

  it('compares addresses without case or spaces', () => {
    expect(normaliseEmail(' Anna@Example.ORG ')).toBe('anna@example.org');
  });
});

describe('placeFor', () => {
  it('gives a place, the waiting list, or refuses', () => {
    expect(placeFor({ capacity: 2, confirmed: 1, waitingList: false })).toBe('confirmed');
    expect(placeFor({ capacity: 2, confirmed: 2, waitingList: true })).toBe('waiting');
    expect(placeFor({ capacity: 2, confirmed: 3, waitingList: false })).toBe('full');
  });
});

describe('eventInput', () => {
  const base = {
    slug: 'seminario', title: 'Seminario', audience: 'Operatori', description: '', startsAt: '2030-01-01T09:00:00Z', endsAt: '2030-01-01T12:00:00Z',
    place: null, onlineUrl: 'https://example.org/w', capacity: 10, registrationDeadline: '2029-12-30T18:00:00Z', waitingList: true,
    formFields: [], consentText: 'Consenso.', creditsCode: null, creditsHours: null,
  };
  it('accepts an online event and refuses the impossible ones', () => {
    expect(eventInput.safeParse(base).success).toBe(true);
    expect(eventInput.safeParse({ ...base, onlineUrl: null }).success).toBe(false);
    expect(eventInput.safeParse({ ...base, endsAt: '2029-12-31T09:00:00Z' }).success).toBe(false);
    expect(eventInput.safeParse({ ...base, onlineUrl: 'javascript:alert(1)' }).success).toBe(false);
    expect(eventInput.safeParse({ ...base, formFields: [{ key: 'a', label: 'A', type: 'select', required: true }] }).success).toBe(false);
    expect(eventInput.safeParse({ ...base, formFields: [{ key: 'a', label: 'A', type: 'text', required: true }, { key: 'a', label: 'B', type: 'text', required: false }] }).success).toBe(false);
  });
});
