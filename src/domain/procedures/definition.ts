/**
 * Standard operating procedures as data: what a procedure applies to, its ordered steps, who acts
 * at each step, the allowed next steps (a graph) and the deadline of each step, measured from
 * entering it (src/domain/calendar). `procedureDefinitionSchema` checks the shape;
 * `validateProcedure` the graph (unknown or duplicate steps, unreachable steps, no end). Pure.
 */
import { z } from 'zod';
import { durationUnits, type Duration, type LocalHoliday } from '../calendar/index.ts';
import { organisationTypeKeys, type OrganisationTypeKey } from '../organisations.ts';
import { referralReasonKeys } from '../referrals/reasons.ts';

export const procedureSubjectTypes = ['referral', 'case', 'hotline_call'] as const;
export type ProcedureSubjectType = (typeof procedureSubjectTypes)[number];

/** In a referral (and a routed hotline call) the sending and the receiving body. */
export const procedureSides = ['sender', 'receiver'] as const;
export type ProcedureSide = (typeof procedureSides)[number];

const keyPattern = /^[a-z][a-z0-9_]{1,62}$/;
export const procedureKeySchema = z.string().regex(keyPattern, 'lowercase letters, digits and _, starting with a letter (2–63)');
export const stepKeySchema = z.string().regex(keyPattern, 'lowercase letters, digits and _, starting with a letter (2–63)');

const localized = (max: number) => z.object({ it: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

export const durationSchema = z.object({ amount: z.number().int().min(1).max(1000), unit: z.enum(durationUnits) }).strict();

export const localHolidaySchema = z
  .object({
    monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/).optional(),
    date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/).optional(),
    name: localized(120),
  })
  .strict()
  .refine((h) => (h.monthDay === undefined) !== (h.date === undefined), { message: 'give monthDay (every year) or date (once)' });

export const appliesToSchema = z.discriminatedUnion('subject', [
  z
    .object({
      subject: z.literal('referral'),
      /** Referral reasons (src/domain/referrals/reasons.ts) the procedure follows. */
      reasons: z.array(z.enum(referralReasonKeys)).min(1).max(referralReasonKeys.length),
      /** Only referrals sent by bodies of these types (e.g. the asylum commission); all when absent. */
      senderOrgTypes: z.array(z.enum(organisationTypeKeys)).min(1).max(organisationTypeKeys.length).optional(),
    })
    .strict(),
  z.object({ subject: z.literal('case') }).strict(),
  z.object({ subject: z.literal('hotline_call') }).strict(),
]);

export const stepActorsSchema = z
  .object({
    /** Types of organisation (src/domain/organisations.ts) that act at this step. */
    orgTypes: z.array(z.enum(organisationTypeKeys)).max(organisationTypeKeys.length).optional(),
    /** The side that acts (referrals and hotline calls): the sending or the receiving body. */
    side: z.enum(procedureSides).optional(),
  })
  .strict();

export const procedureStepSchema = z
  .object({
    key: stepKeySchema,
    name: localized(160),
    actors: stepActorsSchema,
    /** Steps that may follow; none for an end step. */
    next: z.array(stepKeySchema).max(20),
    /** Time allowed at this step, measured from entering it. */
    deadline: durationSchema.optional(),
    /** Warn the acting body this long before the deadline. */
    warnBefore: durationSchema.optional(),
  })
  .strict();

export const procedureDefinitionSchema = z
  .object({
    key: procedureKeySchema,
    name: localized(160),
    description: localized(2000).optional(),
    appliesTo: appliesToSchema,
    /** The first step is where every run starts. */
    steps: z.array(procedureStepSchema).min(1).max(50),
    /** Extra holidays (e.g. a patron saint's day) skipped by working-day deadlines. */
    localHolidays: z.array(localHolidaySchema).max(50).optional(),
  })
  .strict();

export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>;
export type ProcedureStep = z.infer<typeof procedureStepSchema>;
export type AppliesTo = z.infer<typeof appliesToSchema>;

export const procedureIssueCodes = {
  duplicate_step: { it: 'Chiave di passo ripetuta.', en: 'Duplicate step key.' },
  unknown_next_step: { it: 'Il passo successivo indicato non esiste.', en: 'The next step does not exist.' },
  duplicate_next: { it: 'Passo successivo ripetuto.', en: 'Next step listed twice.' },
  self_next: { it: 'Un passo non può seguire sé stesso.', en: 'A step cannot follow itself.' },
  unreachable_step: { it: 'Passo non raggiungibile dal primo passo.', en: 'Step not reachable from the first step.' },
  no_terminal_step: { it: 'Serve almeno un passo finale (senza passi successivi).', en: 'At least one end step (with no next steps) is needed.' },
  no_way_to_end: { it: 'Da questo passo non si arriva a nessun passo finale.', en: 'No end step can be reached from this step.' },
  no_actor: { it: 'Indica chi agisce: tipi di organizzazione e/o una parte.', en: 'Say who acts: organisation types and/or a side.' },
  side_not_applicable: { it: 'Le parti (mittente/destinatario) valgono solo per segnalazioni e chiamate al Numero Verde.', en: 'Sides (sender/receiver) apply only to referrals and hotline calls.' },
  warn_without_deadline: { it: 'Il preavviso richiede una scadenza.', en: 'A warning needs a deadline.' },
  warn_too_long: { it: 'Il preavviso deve essere più breve della scadenza.', en: 'The warning must be shorter than the deadline.' },
  deadline_on_end_step: { it: 'Un passo finale non ha scadenza.', en: 'An end step has no deadline.' },
} as const satisfies Record<string, { it: string; en: string }>;

export type ProcedureIssueCode = keyof typeof procedureIssueCodes;

export interface ProcedureIssue {
  /** Dotted path in the definition, e.g. `steps.2.next.0`. */
  path: string;
  code: ProcedureIssueCode;
  message: { it: string; en: string };
}

function issue(path: string, code: ProcedureIssueCode): ProcedureIssue {
  return { path, code, message: procedureIssueCodes[code] };
}

export function isEndStep(step: Pick<ProcedureStep, 'next'>): boolean {
  return step.next.length === 0;
}

/** The graph rules a shape-valid definition must also meet; empty when it is sound. */
export function validateProcedure(definition: ProcedureDefinition): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  const { steps } = definition;
  const index = new Map<string, number>();
  for (const [i, s] of steps.entries()) {
    if (index.has(s.key)) issues.push(issue(`steps.${i}.key`, 'duplicate_step'));
    else index.set(s.key, i);
  }
  const sidesApply = definition.appliesTo.subject !== 'case';
  for (const [i, s] of steps.entries()) {
    const seen = new Set<string>();
    for (const [j, n] of s.next.entries()) {
      if (!index.has(n)) issues.push(issue(`steps.${i}.next.${j}`, 'unknown_next_step'));
      else if (n === s.key) issues.push(issue(`steps.${i}.next.${j}`, 'self_next'));
      if (seen.has(n)) issues.push(issue(`steps.${i}.next.${j}`, 'duplicate_next'));
      seen.add(n);
    }
    const end = isEndStep(s);
    if (!end && (s.actors.orgTypes?.length ?? 0) === 0 && !s.actors.side) issues.push(issue(`steps.${i}.actors`, 'no_actor'));
    if (s.actors.side && !sidesApply) issues.push(issue(`steps.${i}.actors.side`, 'side_not_applicable'));
    if (end && s.deadline) issues.push(issue(`steps.${i}.deadline`, 'deadline_on_end_step'));
    if (s.warnBefore && !s.deadline) issues.push(issue(`steps.${i}.warnBefore`, 'warn_without_deadline'));
    if (s.warnBefore && s.deadline && !warnShorter(s.warnBefore, s.deadline)) issues.push(issue(`steps.${i}.warnBefore`, 'warn_too_long'));
  }
  // Reachability from the first step.
  const reached = new Set<string>();
  const first = steps[0];
  if (first) {
    const queue = [first.key];
    while (queue.length > 0) {
      const k = queue.shift();
      if (k === undefined || reached.has(k)) continue;
      reached.add(k);
      const s = steps[index.get(k) ?? -1];
      for (const n of s?.next ?? []) if (index.has(n) && !reached.has(n)) queue.push(n);
    }
  }
  for (const [i, s] of steps.entries()) if (index.get(s.key) === i && !reached.has(s.key)) issues.push(issue(`steps.${i}.key`, 'unreachable_step'));
  // An end, and a way to it from every step.
  if (!steps.some(isEndStep)) issues.push(issue('steps', 'no_terminal_step'));
  else {
    const canEnd = new Set(steps.filter(isEndStep).map((s) => s.key));
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of steps) {
        if (!canEnd.has(s.key) && s.next.some((n) => canEnd.has(n))) {
          canEnd.add(s.key);
          changed = true;
        }
      }
    }
    for (const [i, s] of steps.entries()) {
      // A step pointing at an unknown step is reported as such, not twice.
      if (index.get(s.key) === i && reached.has(s.key) && !canEnd.has(s.key) && s.next.every((n) => index.has(n))) issues.push(issue(`steps.${i}.next`, 'no_way_to_end'));
    }
  }
  return issues;
}

/** Rough comparison across units (a working day counted as one calendar day, for this check only). */
function warnShorter(warn: Duration, deadline: Duration): boolean {
  const hours = (d: Duration): number => (d.unit === 'hours' ? d.amount : d.amount * 24);
  if (warn.unit === deadline.unit) return warn.amount < deadline.amount;
  return hours(warn) < hours(deadline);
}

export type ParseResult = { ok: true; definition: ProcedureDefinition } | { ok: false; issues: { path: string; code: string; message: { it: string; en: string } }[] };

const shapeMessage = { it: 'Valore mancante o non valido.', en: 'Missing or invalid value.' };

/** Shape and graph checks in one: what the editor shows next to each field. */
export function parseProcedure(input: unknown): ParseResult {
  const parsed = procedureDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: 'shape', message: { it: `${shapeMessage.it} (${i.message})`, en: `${shapeMessage.en} (${i.message})` } })) };
  }
  const issues = validateProcedure(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, definition: parsed.data };
}

export function stepOf(definition: ProcedureDefinition, key: string): ProcedureStep | undefined {
  return definition.steps.find((s) => s.key === key);
}

export function firstStep(definition: ProcedureDefinition): ProcedureStep {
  const s = definition.steps[0];
  if (!s) throw new Error('procedure without steps');
  return s;
}

/** Whether a run at `from` may move to `to`. */
export function canMove(definition: ProcedureDefinition, from: string, to: string): boolean {
  return stepOf(definition, from)?.next.includes(to) ?? false;
}

/** The local holidays a procedure's working-day deadlines skip. */
export function localHolidaysOf(definition: ProcedureDefinition): LocalHoliday[] {
  return (definition.localHolidays ?? []).map((h) => ({ ...(h.monthDay ? { monthDay: h.monthDay } : {}), ...(h.date ? { date: h.date } : {}), name: h.name }));
}

/**
 * Which of a run's bodies acts at a step: the side's body (orgIds[0] sender, orgIds[1] receiver),
 * else the first involved body of one of the step's organisation types, else none in particular.
 */
export function actingOrgOf(options: { step: ProcedureStep; orgs: readonly { id: string; type: string }[] }): string | null {
  const { step, orgs } = options;
  if (step.actors.side) return orgs[step.actors.side === 'sender' ? 0 : 1]?.id ?? null;
  const types = step.actors.orgTypes ?? [];
  return orgs.find((o) => (types as readonly string[]).includes(o.type))?.id ?? null;
}

/** Whether a body (id and type) may act at a step of a run with these bodies. */
export function mayAct(options: { step: ProcedureStep; orgs: readonly { id: string; type: string }[]; actor: { id: string; type: string } }): boolean {
  const { step, orgs, actor } = options;
  if (!orgs.some((o) => o.id === actor.id)) return false;
  if (step.actors.side) {
    const sideOrg = orgs[step.actors.side === 'sender' ? 0 : 1];
    if (sideOrg?.id !== actor.id) return false;
  }
  const types = step.actors.orgTypes ?? [];
  return types.length === 0 || (types as readonly string[]).includes(actor.type);
}

/** Whether a procedure applies to a referral with this reason sent by a body of this type. */
export function appliesToReferral(definition: ProcedureDefinition, referral: { reason: string; senderOrgType?: string | null | undefined }): 0 | 1 | 2 {
  const a = definition.appliesTo;
  if (a.subject !== 'referral' || !(a.reasons as readonly string[]).includes(referral.reason)) return 0;
  if (!a.senderOrgTypes) return 1;
  return referral.senderOrgType && (a.senderOrgTypes as readonly string[]).includes(referral.senderOrgType) ? 2 : 0;
}

export type { OrganisationTypeKey };
