import { describe, expect, it } from 'vitest';
import { routeCall, type RosterShift, type RoutingOrganisation } from './routing.ts';
import { hotlineCallCodePattern, newHotlineCallCode } from './values.ts';

const org = (id: string, type: string, provinces: string[], services: string[] = [], isActive = true): RoutingOrganisation => ({ id, code: id, type, provinces, services, isActive });

const region = org('regione', 'region', ['001', '002', '003']);
const faro = org('faro', 'ngo', ['001'], ['outreach', 'identification']);
const strade = org('strade', 'ngo', ['002'], ['desk']);
const valle = org('valle', 'municipality', ['002'], ['identification']);
const ancora = org('ancora', 'ngo', ['002'], ['identification']);
const questura = org('questura', 'police_immigration_office', ['003']);
const asl = org('asl', 'health_authority', ['003'], ['health']);
const hotline = org('hotline', 'hotline', ['001', '002', '003'], ['hotline']);
const organisations = [region, faro, strade, valle, ancora, questura, asl, hotline];

const at = new Date('2026-03-10T10:00:00Z');
const shift = (orgId: string, provinces: string[] | 'all', from: string, to: string): RosterShift => ({
  orgId, allProvinces: provinces === 'all', provinces: provinces === 'all' ? [] : provinces, startsAt: new Date(from), endsAt: new Date(to),
});
const base = { at, organisations, roster: [] as RosterShift[], leadBodyId: 'regione' };

describe('routeCall', () => {
  it('province: the implementing body covering the province', () => {
    expect(routeCall({ ...base, province: '001' })).toEqual({
      orgId: 'faro', rule: 'province', candidates: [{ orgId: 'faro', rule: 'province' }, { orgId: 'regione', rule: 'fallback' }],
    });
  });

  it('province tie-break: the body offering identification, then by code', () => {
    const r = routeCall({ ...base, province: '002' });
    expect(r.orgId).toBe('ancora');
    expect(r.candidates.map((c) => c.orgId)).toEqual(['ancora', 'valle', 'strade', 'regione']);
  });

  it('province tie-break: the project partner for the province comes before identification', () => {
    const r = routeCall({ ...base, province: '002', projectPartners: [{ orgId: 'strade', provinces: ['002'] }] });
    expect(r).toMatchObject({ orgId: 'strade', rule: 'province' });
    expect(r.candidates.map((c) => c.orgId)).toEqual(['strade', 'ancora', 'valle', 'regione']);
  });

  it('a project partner for a province counts even when the body does not list the province', () => {
    const r = routeCall({ ...base, province: '003', projectPartners: [{ orgId: 'faro', provinces: ['003'] }] });
    expect(r).toMatchObject({ orgId: 'faro', rule: 'province' });
  });

  it('external agencies, the Region and the hotline are never province candidates: fallback to the lead body', () => {
    expect(routeCall({ ...base, province: '003' })).toEqual({ orgId: 'regione', rule: 'fallback', candidates: [{ orgId: 'regione', rule: 'fallback' }] });
  });

  it('inactive bodies are skipped, in every rule', () => {
    const orgs = organisations.map((o) => (o.id === 'faro' ? { ...o, isActive: false } : o));
    expect(routeCall({ ...base, organisations: orgs, province: '001' })).toMatchObject({ orgId: 'regione', rule: 'fallback' });
    const onDuty = routeCall({ ...base, organisations: orgs, province: '001', roster: [shift('faro', 'all', '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')] });
    expect(onDuty).toMatchObject({ orgId: 'regione', rule: 'fallback' });
    const noLead = organisations.map((o) => (o.id === 'regione' ? { ...o, isActive: false } : o));
    expect(routeCall({ ...base, organisations: noLead, province: '003' })).toEqual({ orgId: null, rule: 'fallback', candidates: [] });
  });

  it('roster: an on-duty shift covering the province wins over the province rule', () => {
    const roster = [shift('valle', ['001'], '2026-03-10T08:00:00Z', '2026-03-10T20:00:00Z')];
    const r = routeCall({ ...base, province: '001', roster });
    expect(r).toEqual({ orgId: 'valle', rule: 'roster', candidates: [{ orgId: 'valle', rule: 'roster' }, { orgId: 'faro', rule: 'province' }, { orgId: 'regione', rule: 'fallback' }] });
  });

  it('roster: only at the shift time (start inclusive, end exclusive) and for the provinces it covers', () => {
    const roster = [shift('valle', ['001'], '2026-03-10T10:00:00Z', '2026-03-10T12:00:00Z')];
    expect(routeCall({ ...base, province: '001', roster }).rule).toBe('roster');
    expect(routeCall({ ...base, province: '001', roster, at: new Date('2026-03-10T12:00:00Z') }).rule).toBe('province');
    expect(routeCall({ ...base, province: '001', roster, at: new Date('2026-03-10T09:59:59Z') }).rule).toBe('province');
    expect(routeCall({ ...base, province: '002', roster }).orgId).toBe('ancora');
  });

  it('roster tie-break: a shift naming the province beats an all-provinces one; then the later start; then the code', () => {
    const all = shift('strade', 'all', '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
    const named = shift('valle', ['001'], '2026-03-09T00:00:00Z', '2026-03-11T00:00:00Z');
    expect(routeCall({ ...base, province: '001', roster: [all, named] }).orgId).toBe('valle');
    const later = shift('ancora', ['001'], '2026-03-10T06:00:00Z', '2026-03-10T18:00:00Z');
    expect(routeCall({ ...base, province: '001', roster: [named, later] }).orgId).toBe('ancora');
    const sameA = shift('valle', ['001'], '2026-03-10T06:00:00Z', '2026-03-10T18:00:00Z');
    const sameB = shift('ancora', ['001'], '2026-03-10T06:00:00Z', '2026-03-10T18:00:00Z');
    expect(routeCall({ ...base, province: '001', roster: [sameA, sameB] }).orgId).toBe('ancora');
  });

  it('unknown province or abroad: an all-provinces shift, else the lead body', () => {
    expect(routeCall({ ...base, province: 'unknown' })).toEqual({ orgId: 'regione', rule: 'fallback', candidates: [{ orgId: 'regione', rule: 'fallback' }] });
    expect(routeCall({ ...base, province: 'abroad', leadBodyId: null })).toEqual({ orgId: null, rule: 'fallback', candidates: [] });
    const roster = [shift('valle', ['001'], '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'), shift('strade', 'all', '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')];
    expect(routeCall({ ...base, province: 'unknown', roster })).toMatchObject({ orgId: 'strade', rule: 'roster' });
  });

  it('a body is listed once, under the first rule that names it', () => {
    const roster = [shift('faro', ['001'], '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')];
    expect(routeCall({ ...base, province: '001', roster }).candidates).toEqual([{ orgId: 'faro', rule: 'roster' }, { orgId: 'regione', rule: 'fallback' }]);
  });
});

describe('call codes', () => {
  it('H-<year>-XXXXXX', () => {
    const c = newHotlineCallCode(2026);
    expect(c).toMatch(hotlineCallCodePattern);
    expect(c.slice(0, 7)).toBe('H-2026-');
  });
});
