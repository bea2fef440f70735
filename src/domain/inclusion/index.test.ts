import { describe, expect, it } from 'vitest';
import { attendanceRate, canMoveReturn, endsNotBeforeStart, isicSectionLabels, isicSections, returnStatuses } from './index.ts';

describe('inclusion domain', () => {
  it('lists the 21 ISIC Rev.4 sections, A to U, each labelled in both languages', () => {
    expect(isicSections).toHaveLength(21);
    expect(isicSections.join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
    for (const s of isicSections) expect(isicSectionLabels[s].it && isicSectionLabels[s].en).toBeTruthy();
  });

  it('computes the attendance rate leaving excused absences out', () => {
    expect(attendanceRate([])).toBeNull();
    expect(attendanceRate(['excused'])).toBeNull();
    expect(attendanceRate(['present', 'absent', 'present', 'excused'])).toBe(0.6667);
    expect(attendanceRate(['present', 'present'])).toBe(1);
    expect(attendanceRate(['absent'])).toBe(0);
  });

  it('moves a voluntary return forward only, cancelled before departure', () => {
    expect(canMoveReturn({ from: 'requested', to: 'approved' })).toBe(true);
    expect(canMoveReturn({ from: 'requested', to: 'departed' })).toBe(false);
    expect(canMoveReturn({ from: 'approved', to: 'cancelled' })).toBe(true);
    for (const to of returnStatuses) expect(canMoveReturn({ from: 'departed', to })).toBe(to === 'departed');
  });

  it('checks end dates against the start', () => {
    expect(endsNotBeforeStart({ startsOn: '2025-10-01', endsOn: '2025-09-30' })).toBe(false);
    expect(endsNotBeforeStart({ startsOn: '2025-10-01', endsOn: '2025-10-01' })).toBe(true);
    expect(endsNotBeforeStart({ startsOn: '2025-10-01', endsOn: null })).toBe(true);
  });
});
