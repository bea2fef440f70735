/**
 * The per-user inbox (issue 4, point 6): what waits for the caller, one section per kind, and the
 * counts shown by the header badge. Each kind is shown only to the holders of the permission that
 * acts on it, for the organisation the caller acts for:
 *
 * - referrals: received and waiting for an answer (referrals.receive);
 * - approvals: closure/reopening requests of the organisation's cases by someone else (cases.approve);
 * - steps: procedure steps the organisation acts on, due soon or overdue (the procedure actors);
 * - transfers: case transfer requests to decide (cases.write or cases.approve);
 * - coordinations: hotline-coordinated transfers to confirm or refuse (cases.write, the body holding
 *   the case) or still open (hotline.write, the station that proposed them);
 * - notifications: the caller's unread notifications (everyone).
 *
 * Items name records by code (referral, case and person codes), kind and dates: never names or
 * free text. Opening an item goes to its record, which applies scope and audit as always.
 * Reading the inbox and its counts is audited (kinds and counts only).
 */
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { Permission } from '../../../domain/permissions.ts';
import type { Locale } from '../../platform/i18n.ts';
import { stepOf } from '../../../domain/procedures/index.ts';
import { runActorPermissions } from '../procedures/runs.ts';
import { definitionsById } from '../procedures/queries.ts';
import * as q from './queries.ts';

export const inboxKinds = ['referrals', 'approvals', 'steps', 'transfers', 'coordinations', 'notifications'] as const;
export type InboxKind = (typeof inboxKinds)[number];

export interface InboxItem {
  id: string;
  /** Where the item is worked (a path of the web app), or null. */
  link: string | null;
  /** When it arrived (sent, requested, proposed, created; a step's entry). */
  at: string;
  dueAt: string | null;
  overdue: boolean;
  /** The record's own code (referral code), if it has one. */
  code: string | null;
  caseCode: string | null;
  personCode: string | null;
  /** What it is: a reason, kind or status code, or a procedure step's name. */
  what: string;
  status: string | null;
  from: string | null;
  to: string | null;
  /** notifications: whether it is still unread; otherwise null. */
  unread: boolean | null;
  /** coordinations: the caller's side. */
  side: 'hotline' | 'sender' | null;
}

export interface InboxCounts {
  counts: Partial<Record<InboxKind, number>>;
  /** Items waiting for the caller's action (every kind but notifications). */
  total: number;
}

export interface InboxDto extends InboxCounts {
  sections: { kind: InboxKind; count: number; items: InboxItem[] }[];
}

const itemsPerKind = 50;
const noOrg = '00000000-0000-0000-0000-000000000000';

function has(tx: ScopedTx, ...permissions: readonly Permission[]): boolean {
  return permissions.some((p) => tx.actor.permissions.has(p));
}

/** The kinds the caller sees. */
function kindsOf(tx: ScopedTx): InboxKind[] {
  const kinds: InboxKind[] = [];
  const org = tx.actor.orgId !== null;
  if (org && has(tx, 'referrals.receive')) kinds.push('referrals');
  if (org && has(tx, 'cases.approve')) kinds.push('approvals');
  if (org && has(tx, ...runActorPermissions)) kinds.push('steps');
  if (org && has(tx, 'cases.write', 'cases.approve')) kinds.push('transfers');
  if (org && has(tx, 'cases.write', 'hotline.write')) kinds.push('coordinations');
  kinds.push('notifications');
  return kinds;
}

function whoOf(tx: ScopedTx): q.Who {
  return { userId: tx.actor.userId, orgId: tx.actor.orgId ?? noOrg, now: tx.now };
}

function n(row: { n: string | number | bigint } | undefined): number {
  return Number(row?.n ?? 0);
}

/** One count query per kind. */
async function countKind(tx: ScopedTx, kind: InboxKind): Promise<number> {
  const who = whoOf(tx);
  const db = tx.db;
  switch (kind) {
    case 'referrals':
      return n(await q.waitingReferrals(db, who).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst());
    case 'approvals':
      return n(await q.pendingApprovals(db, who).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst());
    case 'steps':
      return n(await q.dueSteps(db, who).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst());
    case 'transfers':
      return n(await q.transferRequests(db, who).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst());
    case 'coordinations':
      return tx.actor.permissions.has('hotline.write')
        ? n(await q.coordinationsFollowed(db, who).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst())
        : n(await q.coordinationsToAnswer(db, who).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst());
    case 'notifications':
      return n(await q.unreadNotifications(db, who).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst());
  }
}

async function countsOf(tx: ScopedTx, kinds: readonly InboxKind[]): Promise<InboxCounts> {
  const counts: Partial<Record<InboxKind, number>> = {};
  let total = 0;
  for (const kind of kinds) {
    const c = await countKind(tx, kind);
    counts[kind] = c;
    if (kind !== 'notifications') total += c;
  }
  return { counts, total };
}

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

const blank = { dueAt: null, overdue: false, code: null, caseCode: null, personCode: null, status: null, from: null, to: null, unread: null, side: null } as const;

async function itemsOf(tx: ScopedTx, kind: InboxKind, locale: Locale): Promise<InboxItem[]> {
  const who = whoOf(tx);
  const db = tx.db;
  const now = tx.now.getTime();
  switch (kind) {
    case 'referrals': {
      const rows = await q.waitingReferrals(db, who)
        .innerJoin('organisations as fo', 'fo.id', 'referrals.from_org_id')
        .select(['referrals.id', 'referrals.code', 'referrals.reason', 'referrals.urgency', 'referrals.sent_at', 'referrals.answer_due_at', 'fo.name as from_name'])
        .orderBy('referrals.answer_due_at').limit(itemsPerKind).execute();
      return rows.map((r) => ({
        ...blank, id: r.id, link: `/referrals/${r.id}`, at: iso(r.sent_at) ?? '', dueAt: iso(r.answer_due_at), overdue: new Date(r.answer_due_at).getTime() <= now,
        code: r.code, what: r.reason, status: r.urgency, from: r.from_name,
      }));
    }
    case 'approvals': {
      const rows = await q.pendingApprovals(db, who)
        .select(['a.id', 'a.kind', 'a.requested_at', 'cases.code as case_code'])
        .orderBy('a.requested_at').limit(itemsPerKind).execute();
      return rows.map((r) => ({ ...blank, id: r.id, link: '/case-approvals', at: iso(r.requested_at) ?? '', caseCode: r.case_code, what: r.kind }));
    }
    case 'steps': {
      const rows = await q.dueSteps(db, who)
        .select(['s.id', 's.step_key', 's.entered_at', 's.due_at', 'r.procedure_id', 'r.subject_type', 'r.subject_id'])
        .orderBy('s.due_at').limit(itemsPerKind).execute();
      const definitions = await definitionsById(db, [...new Set(rows.map((r) => r.procedure_id))]);
      const callIds = rows.filter((r) => r.subject_type === 'hotline_call').map((r) => r.subject_id);
      const callReferrals = callIds.length === 0 ? [] : await db.selectFrom('referrals').select(['id', 'hotline_call_id']).where('hotline_call_id', 'in', callIds).where('to_org_id', '=', who.orgId).execute();
      const hotline = tx.actor.permissions.has('hotline.write');
      return rows.map((r) => {
        const d = definitions.get(r.procedure_id);
        const step = d ? stepOf(d, r.step_key) : undefined;
        let link: string | null = null;
        if (r.subject_type === 'referral') link = `/referrals/${r.subject_id}`;
        else if (r.subject_type === 'case') link = `/cases/${r.subject_id}`;
        else {
          const ref = callReferrals.find((x) => x.hotline_call_id === r.subject_id);
          link = ref ? `/referrals/${ref.id}` : hotline ? `/hotline/calls/${r.subject_id}` : null;
        }
        const due = r.due_at ? new Date(r.due_at) : null;
        return {
          ...blank, id: r.id, link, at: iso(r.entered_at) ?? '', dueAt: iso(due), overdue: due !== null && due.getTime() <= now,
          what: d && step ? `${d.name[locale]} — ${step.name[locale]}` : r.step_key, status: r.subject_type,
        };
      });
    }
    case 'transfers': {
      const rows = await q.transferRequests(db, who)
        .innerJoin('cases', 'cases.id', 't.case_id')
        .innerJoin('persons', 'persons.id', 'cases.person_id')
        .innerJoin('organisations as fo', 'fo.id', 't.from_org_id')
        .select(['t.id', 't.reason', 't.requested_at', 'cases.code as case_code', 'persons.code as person_code', 'fo.name as from_name'])
        .orderBy('t.requested_at').limit(itemsPerKind).execute();
      return rows.map((r) => ({ ...blank, id: r.id, link: '/transfers?box=in', at: iso(r.requested_at) ?? '', caseCode: r.case_code, personCode: r.person_code, what: r.reason, from: r.from_name }));
    }
    case 'coordinations': {
      const hotline = tx.actor.permissions.has('hotline.write');
      const base = hotline ? q.coordinationsFollowed(db, who) : q.coordinationsToAnswer(db, who).leftJoin('case_transfers as t', 't.id', 'c.transfer_id');
      const rows = await base
        .innerJoin('cases', 'cases.id', 'c.case_id')
        .innerJoin('organisations as fo', 'fo.id', 'c.from_org_id')
        .innerJoin('organisations as tor', 'tor.id', 'c.to_org_id')
        .select(['c.id', 'c.reason', 'c.status', 'c.proposed_at', 't.status as transfer_status', 'cases.code as case_code', 'fo.name as from_name', 'tor.name as to_name'])
        .orderBy('c.proposed_at').limit(itemsPerKind).execute();
      return rows.map((r) => ({
        ...blank, id: r.id, link: '/transfer-coordinations', at: iso(r.proposed_at) ?? '', caseCode: r.case_code, what: r.reason,
        status: r.status === 'confirmed' && r.transfer_status ? `transfer_${r.transfer_status}` : r.status, from: r.from_name, to: r.to_name, side: hotline ? 'hotline' : 'sender',
      }));
    }
    case 'notifications': {
      const rows = await q.unreadNotifications(db, who).select(['notifications.id', 'notifications.kind', 'notifications.record_type', 'notifications.record_id', 'notifications.created_at'])
        .orderBy('notifications.created_at', 'desc').limit(itemsPerKind).execute();
      return rows.map((r) => ({ ...blank, id: r.id, link: notificationLink(r.kind, r.record_type, r.record_id, tx), at: iso(r.created_at) ?? '', what: r.kind, unread: true }));
    }
  }
}

function notificationLink(kind: string, recordType: string, recordId: string, tx: ScopedTx): string | null {
  switch (recordType) {
    case 'case':
      return `/cases/${recordId}`;
    case 'person':
      return `/persons/${recordId}`;
    case 'referral':
      return `/referrals/${recordId}`;
    case 'case_transfer':
      return kind === 'case.transfer_requested' ? '/transfers?box=in' : '/transfers?box=out';
    case 'case_approval_request':
      return tx.actor.permissions.has('cases.approve') && kind === 'case.approval_requested' ? '/case-approvals' : null;
    case 'transfer_coordination':
      return '/transfer-coordinations';
    case 'hotline_call':
      return tx.actor.permissions.has('hotline.write') ? `/hotline/calls/${recordId}` : null;
    default:
      return null;
  }
}

/** GET /api/inbox/counts: per kind the caller sees, and the total waiting for action. */
export async function inboxCounts(options: { access: DataAccess }): Promise<InboxCounts> {
  return options.access.transaction(async (tx) => {
    const result = await countsOf(tx, kindsOf(tx));
    await tx.audit({ action: 'inbox.counts', outcome: 'success', recordType: 'inbox', details: { kinds: Object.keys(result.counts).join(','), total: result.total } });
    return result;
  });
}

/** GET /api/inbox: the sections the caller sees, each with its count and its first items. */
export async function readInbox(options: { access: DataAccess }): Promise<InboxDto> {
  const { access } = options;
  return access.transaction(async (tx) => {
    const kinds = kindsOf(tx);
    const result = await countsOf(tx, kinds);
    const sections: InboxDto['sections'] = [];
    for (const kind of kinds) sections.push({ kind, count: result.counts[kind] ?? 0, items: await itemsOf(tx, kind, access.meta.locale) });
    await tx.audit({
      action: 'inbox.read', outcome: 'success', recordType: 'inbox', fields: ['code', 'caseCode', 'personCode'],
      details: Object.fromEntries(sections.map((s) => [s.kind, s.items.length])),
    });
    return { ...result, sections };
  });
}
