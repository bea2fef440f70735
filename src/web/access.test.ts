import { describe, expect, it } from 'vitest';
import { builtinRole, builtinRoles, permissions, type BuiltinRoleKey } from '../domain/permissions.ts';
import { navItemVisible, navItems } from './access.ts';

function navOf(granted: ReadonlySet<string>): string[] {
  return navItems.filter((n) => navItemVisible(n, (p) => granted.has(p))).map((n) => n.to);
}
const navOfRole = (key: BuiltinRoleKey): string[] => navOf(new Set<string>(builtinRole(key).permissions));

describe('navigation per role', () => {
  it('starts at home and ends with the profile, without doubles, for every built-in role and for someone holding everything', () => {
    const sets = [...builtinRoles.map((r) => new Set<string>(r.permissions)), new Set<string>(permissions)];
    for (const granted of sets) {
      const nav = navOf(granted);
      expect(nav[0]).toBe('/');
      expect(nav.at(-1)).toBe('/profile');
      expect(new Set(nav).size).toBe(nav.length);
    }
  });

  it('shows the hotline-coordinated transfers to the hotline and to the bodies that hold cases, nobody else', () => {
    const withEntry = builtinRoles.filter((r) => navOfRole(r.key).includes('/transfer-coordinations')).map((r) => r.key);
    expect(withEntry.sort()).toEqual(['case_worker', 'coordinator', 'hotline_operator']);
  });

  it('puts the coordinated transfers after the transfers and before the hotline', () => {
    const all = navOf(new Set<string>(permissions));
    const at = (to: string) => all.indexOf(to);
    expect(at('/transfers')).toBeGreaterThan(0);
    expect(at('/transfer-coordinations')).toBe(at('/transfers') + 1);
    expect(at('/hotline')).toBe(at('/transfer-coordinations') + 1);
  });

  it('gives the hotline operator and the case worker their entries', () => {
    expect(navOfRole('hotline_operator')).toEqual(['/', '/referrals', '/transfer-coordinations', '/hotline', '/accommodation/availability', '/organisations', '/projects', '/sla', '/forum', '/profile']);
    expect(navOfRole('case_worker')).toEqual([
      '/', '/persons', '/cases', '/referrals', '/transfers', '/transfer-coordinations', '/accommodation/availability', '/courses', '/inclusion',
      '/organisations', '/projects', '/spending', '/sla', '/forum', '/profile',
    ]);
  });
});
