import { describe, expect, it } from 'vitest';
import { activeNavEntry } from './nav-active.ts';

describe('activeNavEntry', () => {
  const entries = ['/', '/outreach', '/outreach/desks', '/accommodation', '/accommodation/waitlist', '/profile'];

  it('marks the longest entry the path belongs to, once', () => {
    expect(activeNavEntry(entries, '/outreach/desks')).toBe('/outreach/desks');
    expect(activeNavEntry(entries, '/outreach/desks/3f0c/edit')).toBe('/outreach/desks');
    expect(activeNavEntry(entries, '/outreach/outings/12')).toBe('/outreach');
    expect(activeNavEntry(entries, '/accommodation/waitlist')).toBe('/accommodation/waitlist');
    expect(activeNavEntry(entries, '/accommodation')).toBe('/accommodation');
  });

  it('marks the home page only on itself, and nothing for a page outside the menu', () => {
    expect(activeNavEntry(entries, '/')).toBe('/');
    expect(activeNavEntry(entries, '/persons/1')).toBeNull();
  });

  it('does not take a path that only starts with the same letters', () => {
    expect(activeNavEntry(entries, '/outreachx')).toBeNull();
    expect(activeNavEntry(entries, '/profiles')).toBeNull();
  });
});
