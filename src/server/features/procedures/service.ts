/**
 * Rules of the procedures feature over HTTP: reading and editing procedure definitions (versions),
 * reading and advancing a run, and the SLA board.
 *
 * Who:
 * - list and read definitions: procedures.manage, or anyone who acts in procedures
 *   (referrals.send, referrals.receive, cases.read, hotline.write). Definitions hold no personal
 *   data and their existence is no secret: a refusal is 403.
 * - create and edit: procedures.manage (403).
 * - read a run: the same readers, members of a body involved in the run; others 404 (a run points
 *   at a referral, case or call).
 * - advance a run: members of an involved body holding an acting permission (runActorPermissions),
 *   when the current step is their body's; else 404 (not involved) or 403 (not their step).
 * - SLA board: the readers; the lead body's coordinators and administrators (procedures.manage or
 *   cases.approve) see the whole network, everyone else only their own organisation (403 for
 *   another). Counts and durations only.
 */
import type { DataAccess, ScopedTx } from '../../platform/access.ts';
import type { AuditAction, AuditEntry } from '../../platform/audit.ts';
import { PonteError, conflictError, forbidden, notFound } from '../../platform/errors.ts';
import type { Permission } from '../../../domain/permissions.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { addDaysToDate, deadlineState, romeDate, romeInstant, type DeadlineState } from '../../../domain/calendar/index.ts';
import { isEndStep, mayAct, parseProcedure, slaBoard, stepOf, type ProcedureDefinition, type SlaFigures } from '../../../domain/procedures/index.ts';
import { procedureColumns } from './encrypted.ts';
import * as q from './queries.ts';
import { advanceRun, runActorPermissions, type RunSummary } from './runs.ts';
import type { AdvanceBody, ProcedureCreate, ProcedureUpdate, SlaQuery } from './schemas.ts';

export interface ProcedureServices {
  cipher: FieldCipher;
}

export const procedureReaderPermissions = ['procedures.manage', 'referrals.send', 'referrals.receive', 'cases.read', 'hotline.write'] as const satisfies readonly Permission[];
const networkSlaPermissions = ['procedures.manage', 'cases.approve'] as const satisfies readonly Permission[];

async function requireAny(access: DataAccess, permissions: readonly Permission[], entry: Omit<AuditEntry, 'outcome'>, denied: 403 | 404) {
  const actor = access.requireActor();
  if (permissions.some((p) => actor.permissions.has(p))) return actor;
  await access.auditDenied({ ...entry, details: { ...entry.details, missing: permissions.join('|') } });
  throw denied === 403 ? forbidden(`missing one of ${permissions.join(', ')}`) : notFound(`missing one of ${permissions.join(', ')}`);
}

async function hidden(access: DataAccess, action: AuditAction, recordType: string, recordId: string): Promise<never> {
  await access.auditDenied({ action, recordType, recordId, details: { reason: 'not_found' } });
  throw notFound(`${recordType} not visible`);
}

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Definitions

export interface ProcedureListItem {
  key: string;
  version: number;
  active: boolean;
  name: { it: string; en: string };
  subjectType: string;
  steps: number;
  updatedAt: string;
}

export interface ProcedureDetail {
  key: string;
  version: number;
  active: boolean;
  current: boolean;
  definition: ProcedureDefinition;
  createdAt: string;
  versions: { version: number; active: boolean; createdAt: string }[];
}

export async function listProcedures(options: { access: DataAccess }): Promise<{ items: ProcedureListItem[] }> {
  const { access } = options;
  await requireAny(access, procedureReaderPermissions, { action: 'procedure.list', recordType: 'procedure' }, 403);
  return access.transaction(async (tx) => {
    const rows = await q.currentVersions(tx.db);
    const items = rows.map((r) => {
      const d = q.definitionOf(r);
      return { key: r.key, version: r.version, active: r.active, name: d.name, subjectType: d.appliesTo.subject, steps: d.steps.length, updatedAt: new Date(r.created_at).toISOString() };
    });
    await tx.audit({ action: 'procedure.list', outcome: 'success', recordType: 'procedure', details: { count: items.length } });
    return { items };
  });
}

async function detail(tx: ScopedTx, row: q.ProcedureRow): Promise<ProcedureDetail> {
  const versions = await q.versionsOf(tx.db, row.key);
  return {
    key: row.key,
    version: row.version,
    active: row.active,
    current: versions[0]?.version === row.version,
    definition: q.definitionOf(row),
    createdAt: new Date(row.created_at).toISOString(),
    versions: versions.map((v) => ({ version: v.version, active: v.active, createdAt: new Date(v.created_at).toISOString() })),
  };
}

export async function getProcedure(options: { access: DataAccess; key: string; version?: number | undefined }): Promise<ProcedureDetail> {
  const { access, key, version } = options;
  await requireAny(access, procedureReaderPermissions, { action: 'procedure.read', recordType: 'procedure', recordId: key }, 403);
  const result = await access.transaction(async (tx) => {
    const row = version === undefined ? await q.currentVersion(tx.db, key) : await q.versionOf(tx.db, key, version);
    if (!row) return undefined;
    const d = await detail(tx, row);
    await tx.audit({ action: 'procedure.read', outcome: 'success', recordType: 'procedure', recordId: key, details: { version: row.version } });
    return d;
  });
  return result ?? hidden(access, 'procedure.read', 'procedure', key);
}

/** Shape and graph problems of a submitted definition, as field issues under `body.definition`. */
function checkDefinition(access: DataAccess, input: unknown): ProcedureDefinition {
  const parsed = parseProcedure(input);
  if (parsed.ok) return parsed.definition;
  const locale = access.meta.locale;
  throw new PonteError({
    code: 'validation',
    detail: `procedure: ${parsed.issues.map((i) => `${i.path}:${i.code}`).join(',')}`,
    issues: parsed.issues.map((i) => ({ path: i.path ? `body.definition.${i.path}` : 'body.definition', message: i.message[locale] })),
  });
}

export async function createProcedure(options: { access: DataAccess; input: ProcedureCreate }): Promise<ProcedureDetail> {
  const { access, input } = options;
  await access.require({ permission: 'procedures.manage', entry: { action: 'procedure.create', recordType: 'procedure' }, hide: false });
  const definition = checkDefinition(access, input.definition);
  return access.transaction(async (tx) => {
    if (await q.currentVersion(tx.db, definition.key, { forUpdate: true })) {
      throw conflictError({ it: 'Esiste già una procedura con questa chiave.', en: 'A procedure with this key already exists.', detail: 'procedure key exists' });
    }
    const row = await tx.db
      .insertInto('procedures')
      .values({ key: definition.key, version: 1, definition: JSON.stringify(definition), active: input.active, created_by: tx.actor.userId, created_at: tx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'procedure.create', outcome: 'success', recordType: 'procedure', recordId: definition.key, fields: ['definition', 'active'], details: { version: 1 } });
    return detail(tx, row);
  });
}

export async function updateProcedure(options: { access: DataAccess; key: string; input: ProcedureUpdate }): Promise<ProcedureDetail> {
  const { access, key, input } = options;
  await access.require({ permission: 'procedures.manage', entry: { action: 'procedure.update', recordType: 'procedure', recordId: key }, hide: false });
  const definition = checkDefinition(access, input.definition);
  if (definition.key !== key) {
    throw new PonteError({
      code: 'validation',
      issues: [{ path: 'body.definition.key', message: access.meta.locale === 'it' ? 'La chiave non si può cambiare.' : 'The key cannot change.' }],
    });
  }
  const result = await access.transaction(async (tx) => {
    const current = await q.currentVersion(tx.db, key, { forUpdate: true });
    if (!current) return undefined;
    if (current.version !== input.baseVersion) {
      throw conflictError({ it: 'La procedura è stata modificata nel frattempo: ricarica e riprova.', en: 'The procedure was changed meanwhile: reload and try again.', detail: 'stale version' });
    }
    await tx.db.updateTable('procedures').set({ active: false }).where('key', '=', key).execute();
    const row = await tx.db
      .insertInto('procedures')
      .values({ key, version: current.version + 1, definition: JSON.stringify(definition), active: input.active, created_by: tx.actor.userId, created_at: tx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.audit({ action: 'procedure.update', outcome: 'success', recordType: 'procedure', recordId: key, fields: ['definition', 'active'], details: { version: row.version } });
    return detail(tx, row);
  });
  if (!result) {
    await access.auditDenied({ action: 'procedure.update', recordType: 'procedure', recordId: key, details: { reason: 'not_found' } });
    throw notFound('procedure');
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Runs

export interface RunStepDto {
  key: string;
  name: { it: string; en: string };
  actingOrg: { id: string; name: string } | null;
  enteredAt: string;
  dueAt: string | null;
  warnAt: string | null;
  state: DeadlineState | null;
  completedAt: string | null;
  completedBy: string | null;
  note: string | null;
}

export interface RunDetail {
  id: string;
  procedure: { key: string; version: number; name: { it: string; en: string } };
  subjectType: string;
  subjectId: string;
  organisations: { id: string; name: string; type: string }[];
  currentStep: string;
  status: string;
  startedAt: string;
  completedAt: string | null;
  steps: RunStepDto[];
  /** Steps that may follow the current one, and whether the caller's body may move there. */
  next: { key: string; name: { it: string; en: string }; callerMayAct: boolean }[];
}

async function runDetail(services: ProcedureServices, tx: ScopedTx, run: q.RunRow): Promise<RunDetail> {
  const proc = await q.procedureById(tx.db, run.procedure_id);
  const def = q.definitionOf(proc);
  const orgs = await q.orgsOf(tx.db, run.org_ids);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const rows = await q.stepsOfRun(tx.db, run.id);
  const actingNames = await q.orgsOf(tx.db, rows.map((r) => r.acting_org_id).filter((x): x is string => !!x && !names.has(x)));
  for (const o of actingNames) names.set(o.id, o.name);
  const steps: RunStepDto[] = [];
  for (const r of rows) {
    const s = stepOf(def, r.step_key);
    const due = r.due_at ? new Date(r.due_at) : null;
    steps.push({
      key: r.step_key,
      name: s?.name ?? { it: r.step_key, en: r.step_key },
      actingOrg: r.acting_org_id ? { id: r.acting_org_id, name: names.get(r.acting_org_id) ?? '' } : null,
      enteredAt: new Date(r.entered_at).toISOString(),
      dueAt: iso(r.due_at),
      warnAt: iso(r.warn_at),
      state: due && r.completed_at === null && run.status === 'open' ? deadlineState({ now: tx.now, due, warnAt: r.warn_at ? new Date(r.warn_at) : null }) : null,
      completedAt: iso(r.completed_at),
      completedBy: r.completed_by,
      note: r.note_enc ? await services.cipher.decrypt({ value: r.note_enc, aad: fieldAad({ ...procedureColumns.stepNote, rowId: r.id }), db: tx.db }) : null,
    });
  }
  const current = stepOf(def, run.current_step);
  const callerOrg = orgs.find((o) => o.id === tx.actor.orgId);
  const canActAtAll = runActorPermissions.some((p) => tx.actor.permissions.has(p));
  return {
    id: run.id,
    procedure: { key: proc.key, version: proc.version, name: def.name },
    subjectType: run.subject_type,
    subjectId: run.subject_id,
    organisations: orgs,
    currentStep: run.current_step,
    status: run.status,
    startedAt: new Date(run.started_at).toISOString(),
    completedAt: iso(run.completed_at),
    steps,
    next:
      run.status === 'open' && current
        ? current.next.map((k) => {
            const s = stepOf(def, k);
            return { key: k, name: s?.name ?? { it: k, en: k }, callerMayAct: canActAtAll && !!callerOrg && mayAct({ step: current, orgs, actor: callerOrg }) };
          })
        : [],
  };
}

/** The run if the caller's body is involved in it. */
async function visibleRun(tx: ScopedTx, id: string, options: { forUpdate?: boolean } = {}): Promise<q.RunRow | undefined> {
  const run = await q.findRun(tx.db, id, options);
  if (!run || !tx.actor.orgId || !run.org_ids.includes(tx.actor.orgId)) return undefined;
  return run;
}

export async function getRun(options: { access: DataAccess; services: ProcedureServices; id: string }): Promise<RunDetail> {
  const { access, services, id } = options;
  await requireAny(access, procedureReaderPermissions, { action: 'procedure.run_read', recordType: 'procedure_run', recordId: id }, 404);
  const result = await access.transaction(async (tx) => {
    const run = await visibleRun(tx, id);
    if (!run) return undefined;
    const d = await runDetail(services, tx, run);
    await tx.audit({ action: 'procedure.run_read', outcome: 'success', recordType: 'procedure_run', recordId: id, fields: ['steps', 'note'], details: { subjectType: run.subject_type, subjectId: run.subject_id } });
    return d;
  });
  return result ?? hidden(access, 'procedure.run_read', 'procedure_run', id);
}

export async function advanceRunByUser(options: { access: DataAccess; services: ProcedureServices; id: string; input: AdvanceBody }): Promise<{ run: RunSummary; detail: RunDetail }> {
  const { access, services, id, input } = options;
  await requireAny(access, runActorPermissions, { action: 'procedure.run_advance', recordType: 'procedure_run', recordId: id }, 404);
  const work = access.transaction(async (tx) => {
    const run = await visibleRun(tx, id, { forUpdate: true });
    if (!run) return undefined;
    const summary = await advanceRun(
      { db: tx.db, cipher: services.cipher, audit: (entry) => tx.audit(entry), locale: access.meta.locale },
      { runId: id, toStep: input.toStep, actorOrgId: tx.actor.orgId, userId: tx.actor.userId, note: input.note ?? null, now: tx.now, ...(input.involveOrgIds ? { involveOrgIds: input.involveOrgIds } : {}) },
    );
    return { run: summary, detail: await runDetail(services, tx, await q.mustFindRun(tx.db, id)) };
  });
  let result: Awaited<typeof work>;
  try {
    result = await work;
  } catch (e) {
    // Another body's step: the refusal is audited on its own (the work rolled back).
    if (e instanceof PonteError && e.code === 'forbidden') {
      await access.auditDenied({ action: 'procedure.run_advance', recordType: 'procedure_run', recordId: id, details: { reason: 'not_this_body_step', toStep: input.toStep } });
    }
    throw e;
  }
  return result ?? hidden(access, 'procedure.run_advance', 'procedure_run', id);
}

// ---------------------------------------------------------------------------------------------
// SLA board

export interface SlaResponse {
  scope: 'network' | 'organisation';
  orgId: string | null;
  procedure: string | null;
  from: string;
  to: string;
  generatedAt: string;
  steps: ({ procedureKey: string; procedureName: { it: string; en: string }; stepKey: string; stepName: { it: string; en: string } } & SlaFigures)[];
  organisations: ({ orgId: string | null; name: string | null } & SlaFigures)[];
  total: SlaFigures;
}

export async function slaReport(options: { access: DataAccess; query: SlaQuery }): Promise<SlaResponse> {
  const { access, query } = options;
  const actor = await requireAny(access, procedureReaderPermissions, { action: 'sla.read', recordType: 'sla' }, 403);
  const network = networkSlaPermissions.some((p) => actor.permissions.has(p));
  if (!network && query.orgId !== undefined && query.orgId !== actor.orgId) {
    await access.auditDenied({ action: 'sla.read', recordType: 'sla', details: { reason: 'other_organisation' } });
    throw forbidden('SLA of another organisation');
  }
  const orgId = network ? query.orgId : (actor.orgId ?? '00000000-0000-0000-0000-000000000000');
  return access.transaction(async (tx) => {
    const today = romeDate(tx.now);
    const toDay = query.to ?? today;
    const fromDay = query.from ?? addDaysToDate(toDay, -30);
    if (fromDay > toDay) {
      throw new PonteError({ code: 'validation', issues: [{ path: 'querystring.from', message: access.meta.locale === 'it' ? 'L’inizio del periodo segue la fine.' : 'The period starts after it ends.' }] });
    }
    const from = romeInstant({ date: fromDay });
    const to = romeInstant({ date: addDaysToDate(toDay, 1) });
    const rows = await q.slaRows(tx.db, { procedureKey: query.procedure, orgId, from, to });
    const defs = await q.definitionsById(tx.db, rows.map((r) => r.procedure_id));
    const keyDefs = new Map<string, ProcedureDefinition>();
    for (const r of rows) {
      const d = defs.get(r.procedure_id);
      if (d && !keyDefs.has(r.procedure_key)) keyDefs.set(r.procedure_key, d);
    }
    const domainRows = rows
      .filter((r) => {
        const d = defs.get(r.procedure_id);
        const s = d ? stepOf(d, r.step_key) : undefined;
        return s !== undefined && !isEndStep(s);
      })
      .map((r) => ({
        procedureKey: r.procedure_key,
        stepKey: r.step_key,
        orgId: r.acting_org_id,
        enteredAt: new Date(r.entered_at),
        dueAt: r.due_at ? new Date(r.due_at) : null,
        warnAt: r.warn_at ? new Date(r.warn_at) : null,
        completedAt: r.completed_at ? new Date(r.completed_at) : null,
        runOpen: r.run_status === 'open',
      }));
    const board = slaBoard({
      rows: domainRows,
      now: tx.now,
      from,
      to,
      stepOrder: (p, s) => keyDefs.get(p)?.steps.findIndex((x) => x.key === s) ?? 0,
    });
    const orgNames = new Map((await q.orgsOf(tx.db, board.organisations.map((o) => o.orgId).filter((x): x is string => !!x))).map((o) => [o.id, o.name]));
    await tx.audit({ action: 'sla.read', outcome: 'success', recordType: 'sla', details: { scope: network ? 'network' : 'organisation', procedure: query.procedure ?? null, orgId: orgId ?? null, from: fromDay, to: toDay } });
    return {
      scope: network ? 'network' : 'organisation',
      orgId: orgId ?? null,
      procedure: query.procedure ?? null,
      from: fromDay,
      to: toDay,
      generatedAt: tx.now.toISOString(),
      steps: board.steps.map((s) => {
        const def = keyDefs.get(s.procedureKey);
        return { ...s, procedureName: def?.name ?? { it: s.procedureKey, en: s.procedureKey }, stepName: (def && stepOf(def, s.stepKey)?.name) ?? { it: s.stepKey, en: s.stepKey } };
      }),
      organisations: board.organisations
        .map((o) => ({ ...o, name: o.orgId ? (orgNames.get(o.orgId) ?? null) : null }))
        .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
      total: board.total,
    };
  });
}
