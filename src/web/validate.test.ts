import { describe, expect, it } from 'vitest';
import { exceeds, formatEuro, normaliseAmount, sumAmounts } from './validate.ts';

describe('money in the web forms', () => {
  it('accepts Italian and international notation and returns an exact decimal string', () => {
    expect(normaliseAmount('1.700.256,47')).toBe('1700256.47');
    expect(normaliseAmount('1700256,47')).toBe('1700256.47');
    expect(normaliseAmount('1700256.47')).toBe('1700256.47');
    expect(normaliseAmount(' € 12,5 ')).toBe('12.5');
    expect(normaliseAmount('0')).toBe('0');
    expect(normaliseAmount('007')).toBe('7');
  });

  it('refuses what is not an amount in euro', () => {
    for (const bad of ['', 'abc', '1.234', '12,345', '-5', '1e3', '1.2.3', '10000000000000']) expect(normaliseAmount(bad)).toBeNull();
  });

  it('sums exactly where floating point would not', () => {
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.30');
    expect(sumAmounts(['1000000,10', '700256.37'])).toBe('1700256.47');
    expect(sumAmounts(['999999999999.99', '0.01'])).toBe('1000000000000.00');
    expect(sumAmounts([])).toBe('0.00');
  });

  it('compares and formats without going through a float', () => {
    expect(exceeds('1700256.48', '1700256.47')).toBe(true);
    expect(exceeds('1700256.47', '1700256.47')).toBe(false);
    expect(formatEuro('1700256.47', 'it')).toBe('€ 1.700.256,47');
    expect(formatEuro('1700256.5', 'en')).toBe('€ 1,700,256.50');
  });
});
