/** Exact money of the expenses domain: parsing, sums that floats get wrong, percentages, formats. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMoney,
  compareMoney,
  formatEuro,
  formatMoney,
  fromCents,
  monthsBetween,
  overBudgetCheck,
  parseCents,
  percentOf,
  subtractMoney,
  sumMoney,
  summariseSpending,
  toCents,
} from '../../src/domain/expenses/index.ts';

describe('exact money', () => {
  it('adds what binary floats cannot', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the reason for all this
    expect(addMoney('0.1', '0.2')).toBe('0.30');
    expect(sumMoney(['0.10', '0.10', '0.10'])).toBe('0.30');
    expect(sumMoney(Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
    expect(sumMoney(['1700256.47', '0.03'])).toBe('1700256.50');
    expect(subtractMoney('100.00', '100.01')).toBe('-0.01');
    expect(sumMoney([])).toBe('0.00');
  });

  it('parses strictly', () => {
    expect(parseCents('12')).toBe(1200n);
    expect(parseCents('12.3')).toBe(1230n);
    expect(parseCents('-0.05')).toBe(-5n);
    expect(parseCents(' 7.00 ')).toBe(700n);
    for (const bad of ['', '1.234', '1e3', '01.00', '1,50', '.5', '1.', 'NaN', '--1', '+1']) expect(parseCents(bad), bad).toBeUndefined();
    expect(() => toCents('abc')).toThrow();
  });

  it('formats round-trip and for people', () => {
    expect(fromCents(-123456n)).toBe('-1234.56');
    expect(formatMoney('1700256.47', 'it')).toBe('1.700.256,47');
    expect(formatMoney('1700256.47', 'en')).toBe('1,700,256.47');
    expect(formatMoney('-5', 'it')).toBe('-5,00');
    expect(formatEuro('999.9', 'it')).toBe('999,90 €');
    expect(formatEuro('-0.5', 'en')).toBe('-€0.50');
  });

  it('percent with one decimal, half away from zero; none of a zero line', () => {
    expect(percentOf('1', '3')).toBe('33.3');
    expect(percentOf('2', '3')).toBe('66.7');
    expect(percentOf('0.5', '1000')).toBe('0.1'); // 0.05% rounds up to 0.1
    expect(percentOf('0.4', '1000')).toBe('0.0');
    expect(percentOf('150', '100')).toBe('150.0');
    expect(percentOf('-1', '3')).toBe('-33.3');
    expect(percentOf('1', '0')).toBeNull();
    expect(compareMoney('0.30', sumMoney(['0.1', '0.2']))).toBe(0);
  });

  it('sums match integer-cent arithmetic for any amounts (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 999_999_999_999n }), { maxLength: 50 }), (cents) => {
        const strings = cents.map(fromCents);
        expect(toCents(sumMoney(strings))).toBe(cents.reduce((a, b) => a + b, 0n));
        for (const s of strings) expect(fromCents(toCents(s))).toBe(s);
      }),
    );
  });

  it('over budget: strictly above the line amount', () => {
    expect(overBudgetCheck({ lineAmount: '100.00', spent: '99.70', amount: '0.30' })).toEqual({ over: false, after: '100.00', excess: '0.00' });
    expect(overBudgetCheck({ lineAmount: '100.00', spent: '99.70', amount: '0.31' })).toEqual({ over: true, after: '100.01', excess: '0.01' });
  });
});

describe('spending summary', () => {
  it('totals per line, partner and month exactly, with remaining and percent', () => {
    const s = summariseSpending({
      lines: [
        { id: 'L1', code: 'A', label: 'Sostegno', amount: '0.30', spentToDate: '0.30' },
        { id: 'L2', code: 'B', label: 'Alloggio', amount: '100.00', spentToDate: '100.10' },
        { id: 'L3', code: 'C', label: 'Vuota', amount: '0.00', spentToDate: '0.00' },
      ],
      cells: [
        { lineId: 'L1', organisationId: 'o1', month: '2025-01', amount: '0.10' },
        { lineId: 'L1', organisationId: 'o2', month: '2025-01', amount: '0.10' },
        { lineId: 'L1', organisationId: 'o1', month: '2025-03', amount: '0.10' },
        { lineId: 'L2', organisationId: 'o2', month: '2025-03', amount: '100.10' },
      ],
      months: monthsBetween('2025-01-15', '2025-03-31'),
    });
    expect(s.total).toBe('100.40');
    expect(s.lines.map((l) => [l.code, l.spent, l.remaining, l.percent, l.overBudget])).toEqual([
      ['A', '0.30', '0.00', '100.0', false],
      ['B', '100.10', '-0.10', '100.1', true],
      ['C', '0.00', '0.00', null, false],
    ]);
    expect(s.partners).toEqual([{ organisationId: 'o2', spent: '100.20' }, { organisationId: 'o1', spent: '0.20' }]);
    expect(s.months).toEqual([{ month: '2025-01', spent: '0.20' }, { month: '2025-02', spent: '0.00' }, { month: '2025-03', spent: '100.20' }]);
  });

  it('months across a year end', () => {
    expect(monthsBetween('2024-11-01', '2025-02-28')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-03-01', '2025-02-01')).toEqual([]);
  });
});
