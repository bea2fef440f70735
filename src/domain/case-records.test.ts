import { describe, expect, it } from 'vitest';
import { isOverdue, italianToday, sniffMediaType } from './case-records.ts';
import { caseServiceCodes, caseServiceTypes } from './case-services.ts';
import { htcdsValues } from './htcds/values.ts';

describe('sniffMediaType', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(sniffMediaType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  });

  it('refuses anything else, including truncated signatures', () => {
    expect(sniffMediaType(Buffer.from('<html>'))).toBeNull();
    expect(sniffMediaType(Buffer.from('%PDF'))).toBeNull();
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffMediaType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
  });
});

describe('deadlines', () => {
  it('count days in Italy', () => {
    expect(italianToday(new Date('2026-03-10T22:30:00Z'))).toBe('2026-03-10');
    expect(italianToday(new Date('2026-03-10T23:30:00Z'))).toBe('2026-03-11');
    expect(italianToday(new Date('2026-07-10T22:30:00Z'))).toBe('2026-07-11');
  });

  it('an open item is overdue the day after its due date', () => {
    expect(isOverdue({ dueOn: '2026-03-09', done: false, today: '2026-03-10' })).toBe(true);
    expect(isOverdue({ dueOn: '2026-03-10', done: false, today: '2026-03-10' })).toBe(false);
    expect(isOverdue({ dueOn: '2026-03-09', done: true, today: '2026-03-10' })).toBe(false);
    expect(isOverdue({ dueOn: null, done: false, today: '2026-03-10' })).toBe(false);
  });
});

describe('case service types', () => {
  it('hold every HTCDS support-plan type and the Italian services, codes unique, labels in both languages', () => {
    for (const v of htcdsValues.spl_Type) expect(caseServiceCodes).toContain(v.value);
    for (const code of ['language_course', 'vocational_training', 'internship', 'job_placement', 'housing', 'economic_support', 'cultural_mediation', 'voluntary_return']) {
      expect(caseServiceCodes).toContain(code);
    }
    expect(new Set(caseServiceCodes).size).toBe(caseServiceCodes.length);
    for (const s of caseServiceTypes) {
      expect(s.name.it.length).toBeGreaterThan(0);
      expect(s.name.en.length).toBeGreaterThan(0);
      expect(htcdsValues.spl_Type.map((v) => v.value)).toContain(s.htcds);
    }
    expect(caseServiceTypes.find((s) => s.code === 'Health')?.name.it).toBe('Salute');
  });
});
