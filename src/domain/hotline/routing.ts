/**
 * Hotline routing (seed 002: the hotline "routes each report to the project competent for the
 * province"): which body receives a report made from a province at a given instant. Pure.
 *
 * The rules, in order — the first that gives a body decides:
 *
 * 1. **roster**: a shift of the hotline's on-duty roster running at that instant (starts ≤ at <
 *    ends) that covers the province, held by an active body. A shift naming the province beats a
 *    shift covering all provinces; then the shift that started last; then the body's code.
 *    All-provinces shifts also take reports of unknown province or from abroad.
 * 2. **province**: an active implementing body (`implementingBodyTypes`: NGOs, municipalities and
 *    other local government; never external agencies, the Region as coordinator or the hotline)
 *    that covers the province — in its own provinces or as a project partner for it. Tie-break:
 *    the project partner for that province first, then the body offering `identification`
 *    (emersion and identification is what a hotline report needs first), then by code.
 * 3. **fallback**: the lead body of the project (the Region), when given and active.
 *
 * When nothing applies (no roster, no body, no lead body) `orgId` is null and the operator chooses.
 * `candidates` lists every body that could take the report, in the order the rules rank them
 * (roster shifts, then implementing bodies, then the lead body), each once, with the rule that
 * makes it a candidate; `candidates[0]` is the answer.
 */
export const implementingBodyTypes = ['ngo', 'municipality', 'local_government_organisation'] as const;

export interface RoutingOrganisation {
  id: string;
  code: string;
  type: string;
  provinces: readonly string[];
  isActive: boolean;
  services: readonly string[];
}

export interface RoutingPartner {
  orgId: string;
  provinces: readonly string[];
}

export interface RosterShift {
  orgId: string;
  allProvinces: boolean;
  provinces: readonly string[];
  startsAt: Date;
  endsAt: Date;
}

export type RouteRule = 'roster' | 'province' | 'fallback';

export interface RouteCandidate {
  orgId: string;
  rule: RouteRule;
}

export interface RouteResult {
  orgId: string | null;
  rule: RouteRule;
  candidates: RouteCandidate[];
}

export function isImplementingBody(type: string): boolean {
  return (implementingBodyTypes as readonly string[]).includes(type);
}

/** Shifts running at `at` that cover the province, best first (see the file header). */
export function onDutyShifts(options: { province: string; at: Date; roster: readonly RosterShift[] }): RosterShift[] {
  const { province, at, roster } = options;
  const t = at.getTime();
  const isPlace = province === 'unknown' || province === 'abroad';
  return roster
    .filter((s) => s.startsAt.getTime() <= t && t < s.endsAt.getTime())
    .filter((s) => s.allProvinces || (!isPlace && s.provinces.includes(province)))
    .sort((a, b) => Number(a.allProvinces) - Number(b.allProvinces) || b.startsAt.getTime() - a.startsAt.getTime());
}

export function routeCall(options: {
  /** ISTAT province code, or `unknown` / `abroad` (ProvincelessPlace). */
  province: string;
  at: Date;
  organisations: readonly RoutingOrganisation[];
  projectPartners?: readonly RoutingPartner[];
  roster: readonly RosterShift[];
  leadBodyId: string | null;
}): RouteResult {
  const { province, at, organisations, roster, leadBodyId } = options;
  const partners = options.projectPartners ?? [];
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const usable = (id: string): RoutingOrganisation | undefined => {
    const o = byId.get(id);
    return o && o.isActive && o.type !== 'hotline' ? o : undefined;
  };
  const candidates: RouteCandidate[] = [];
  const add = (orgId: string, rule: RouteRule): void => {
    if (!candidates.some((c) => c.orgId === orgId)) candidates.push({ orgId, rule });
  };

  // 1. roster: shifts ranked, ties between shifts of equal rank broken by the body's code
  const shifts = onDutyShifts({ province, at, roster }).filter((s) => usable(s.orgId));
  const rank = (s: RosterShift): [number, number] => [Number(s.allProvinces), -s.startsAt.getTime()];
  shifts.sort((a, b) => {
    const [ra, sa] = rank(a);
    const [rb, sb] = rank(b);
    return ra - rb || sa - sb || (usable(a.orgId)?.code ?? '').localeCompare(usable(b.orgId)?.code ?? '');
  });
  for (const s of shifts) add(s.orgId, 'roster');

  // 2. province: implementing bodies covering it
  if (province !== 'unknown' && province !== 'abroad') {
    const partnerFor = new Set(partners.filter((p) => p.provinces.includes(province)).map((p) => p.orgId));
    const bodies = organisations
      .filter((o) => usable(o.id) && isImplementingBody(o.type) && (o.provinces.includes(province) || partnerFor.has(o.id)))
      .map((o) => ({ o, partner: partnerFor.has(o.id), identification: o.services.includes('identification') }))
      .sort((a, b) => Number(b.partner) - Number(a.partner) || Number(b.identification) - Number(a.identification) || a.o.code.localeCompare(b.o.code));
    for (const b of bodies) add(b.o.id, 'province');
  }

  // 3. fallback: the lead body
  if (leadBodyId && usable(leadBodyId)) add(leadBodyId, 'fallback');

  const first = candidates[0];
  return first ? { orgId: first.orgId, rule: first.rule, candidates } : { orgId: null, rule: 'fallback', candidates };
}
