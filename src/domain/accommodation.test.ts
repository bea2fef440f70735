import { describe, expect, it } from 'vitest';
import { monthRange, nextDay, occupancyByMonth } from './accommodation.ts';

describe('accommodation dates', () => {
  it('lists months across a year end and stops at the bound', () => {
    expect(monthRange({ from: '2025-11', to: '2026-02' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange({ from: '2026-01', to: '2030-12', max: 3 })).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
  });

  it('counts nights [startsOn, endsOn) per month, open placements up to today, nothing in the future', () => {
    const months = occupancyByMonth({
      months: ['2024-02', '2024-03', '2024-04'],
      activeBeds: 2,
      placements: [
        { startsOn: '2024-02-27', endsOn: '2024-03-02' }, // 3 nights in February (leap year), 1 in March
        { startsOn: '2024-03-31', endsOn: null }, // 1 night in March, then April up to today
      ],
      today: '2024-04-05',
    });
    expect(months).toEqual([
      { month: '2024-02', available: 58, used: 3 },
      { month: '2024-03', available: 62, used: 2 },
      { month: '2024-04', available: 8, used: 4 },
    ]);
  });
});
