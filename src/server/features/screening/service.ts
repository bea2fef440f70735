/**
 * Screening with the ILO/EC indicators on a case: the lists (no personal data), recording a
 * screening (answers, the computed indicative result with its reasoning and the rule used, the
 * professional's decision with its reason encrypted), and reading a case's screenings.
 *
 * Who screens which case: holders of screening.write, on cases visible to them by the case scope
 * (persons/scope.ts). Those without cases.write or cases.approve — outreach and desk workers —
 * therefore screen only the cases they are the case worker of or on the team of; an outreach
 * worker who flags a possible victim is added to the case team by a case worker first.
 */
import { randomUUID } from 'node:crypto';
import type { DataAccess } from '../../platform/access.ts';
import { PonteError, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import {
  decisionSuggestedMove,
  defaultScreeningRule,
  dimensionLabels,
  evaluateScreening,
  explainScreening,
  indicativeResultLabels,
  screeningAnswersSchema,
  screeningDecisionLabels,
  screeningDimensions,
  screeningListIds,
  screeningLists,
  screeningPopulationFor,
  strengthLabels,
  supportingNotice,
  type ScreeningAnswers,
  type ScreeningEvaluation,
  type ScreeningListId,
} from '../../../domain/screening/index.ts';
import { isMinor } from '../../../domain/cases/index.ts';
import { readStoredIdentity } from '../persons/identity.ts';
import { caseColumns } from '../cases/encrypted.ts';
import { findPerson, findVisibleCase, displayNames } from '../cases/queries.ts';
import { scopeActorOf } from '../cases/service.ts';
import type { ScreeningCreate } from './schemas.ts';

export interface ScreeningServices {
  cipher: FieldCipher;
}

/** The four lists, the dimensions, strengths and the rule, worded in the caller's language. */
export async function screeningListsFor(options: { access: DataAccess }): Promise<unknown> {
  const { access } = options;
  access.requireActor();
  if (!access.can('screening.write') && !access.can('cases.read')) {
    await access.auditDenied({ action: 'screening.read', recordType: 'screening_list', details: { missing: 'screening.write|cases.read' } });
    throw forbidden('missing screening.write or cases.read');
  }
  const locale = access.meta.locale;
  return {
    lists: screeningListIds.map((id) => {
      const list = screeningLists[id];
      return {
        id,
        population: list.population,
        exploitation: list.exploitation,
        label: list.label[locale],
        indicators: list.indicators.map((i) => ({ id: i.id, dimension: i.dimension, strength: i.strength, text: i.text[locale] })),
      };
    }),
    dimensions: screeningDimensions.map((d) => ({ id: d, label: dimensionLabels[d][locale] })),
    strengths: (['strong', 'medium', 'weak'] as const).map((s) => ({ id: s, label: strengthLabels[s][locale] })),
    decisions: (['possible_victim', 'not_a_victim', 'further_assessment'] as const).map((d) => ({ id: d, label: screeningDecisionLabels[d][locale] })),
    rule: defaultScreeningRule,
    notice: supportingNotice[locale],
  };
}

export interface ScreeningDto {
  id: string;
  caseId: string;
  listId: string;
  answers: ScreeningAnswers;
  evaluation: ScreeningEvaluation;
  ruleId: string;
  ruleVersion: number;
  indicativeResult: string;
  indicativeResultLabel: string;
  reasoning: { it: string[]; en: string[] };
  decision: string;
  decisionReason: string;
  interpreterLanguage: string | null;
  suggestedMove: { to: string; closureReason?: string } | null;
  screenedBy: { id: string; displayName: string | null };
  screenedAt: string;
}

function reasoningOf(evaluation: ScreeningEvaluation, listId: ScreeningListId): { it: string[]; en: string[] } {
  const list = screeningLists[listId];
  return { it: explainScreening({ evaluation, list, locale: 'it' }), en: explainScreening({ evaluation, list, locale: 'en' }) };
}

const listMismatch = {
  child: { it: 'la persona è minorenne o possibile minorenne: usa una lista per minori (child_labour o child_sexual)', en: 'the person is a minor or possibly a minor: use a child list (child_labour or child_sexual)' },
  adult: { it: 'la persona è maggiorenne: usa una lista per adulti (adult_labour o adult_sexual)', en: 'the person is an adult: use an adult list (adult_labour or adult_sexual)' },
};

function answersError(locale: Locale, issues: { path: PropertyKey[]; message: string }[]): PonteError {
  return new PonteError({
    code: 'validation',
    issues: issues.map((i) => ({
      path: ['body', 'answers', ...i.path.map(String)].join('.'),
      message: locale === 'it' ? 'indicatore non presente in questa lista' : i.message,
    })),
  });
}

export async function createScreening(options: { access: DataAccess; services: ScreeningServices; caseId: string; input: ScreeningCreate }): Promise<ScreeningDto> {
  const { access, services, caseId, input } = options;
  await access.require({ permission: 'screening.write', entry: { action: 'screening.create', recordType: 'case', recordId: caseId } });
  const locale = access.meta.locale;
  const list = screeningLists[input.listId];
  const checked = screeningAnswersSchema({ list }).safeParse(input.answers);
  if (!checked.success) throw answersError(locale, checked.error.issues);
  const scope = scopeActorOf(access);
  const result = await access.transaction(async (tx) => {
    const row = await findVisibleCase(tx.db, caseId, scope);
    if (!row) return undefined;
    const person = await findPerson(tx.db, row.person_id);
    if (!person) throw new Error('case without person');
    const identity = await readStoredIdentity({ cipher: services.cipher, db: tx.db, personId: person.id, identityEnc: person.identity_enc });
    if (identity.birth) {
      // Child lists for minors and possible minors, adult lists otherwise. With no birth date at all
      // the age is unknown and either list may be used.
      const population = screeningPopulationFor({ minor: isMinor({ birth: identity.birth, on: tx.now.toISOString().slice(0, 10) }) });
      if (population !== list.population) throw fieldError({ locale, path: 'listId', message: listMismatch[population] });
    }
    const evaluation = evaluateScreening({ list, answers: input.answers, rule: defaultScreeningRule });
    const id = randomUUID();
    await tx.db
      .insertInto('screenings')
      .values({
        id,
        case_id: caseId,
        list_id: input.listId,
        answers: JSON.stringify(input.answers),
        rule: JSON.stringify(defaultScreeningRule),
        evaluation: JSON.stringify(evaluation),
        indicative_result: evaluation.result,
        decision: input.decision,
        decision_reason_enc: await services.cipher.encrypt({ plaintext: input.decisionReason, aad: fieldAad({ ...caseColumns.screeningDecisionReason, rowId: id }), db: tx.db }),
        interpreter_language: input.interpreterLanguage ?? null,
        screened_by: tx.actor.userId,
        screened_at: tx.now,
      })
      .execute();
    await tx.audit({
      action: 'screening.create',
      outcome: 'success',
      recordType: 'case',
      recordId: caseId,
      fields: ['listId', 'answers', 'decision', 'decisionReason', ...(input.interpreterLanguage ? ['interpreterLanguage'] : [])],
      details: { screeningId: id },
    });
    const move = decisionSuggestedMove[input.decision];
    return {
      id,
      caseId,
      listId: input.listId,
      answers: input.answers,
      evaluation,
      ruleId: evaluation.ruleId,
      ruleVersion: evaluation.ruleVersion,
      indicativeResult: evaluation.result,
      indicativeResultLabel: indicativeResultLabels[evaluation.result][locale],
      reasoning: reasoningOf(evaluation, input.listId),
      decision: input.decision,
      decisionReason: input.decisionReason,
      interpreterLanguage: input.interpreterLanguage ?? null,
      suggestedMove: move ? { ...move } : null,
      screenedBy: { id: tx.actor.userId, displayName: tx.actor.displayName },
      screenedAt: tx.now.toISOString(),
    } satisfies ScreeningDto;
  });
  if (!result) {
    await access.auditDenied({ action: 'screening.create', recordType: 'case', recordId: caseId, details: { reason: 'not_found' } });
    throw notFound('case not visible');
  }
  return result;
}

export async function caseScreenings(options: { access: DataAccess; services: ScreeningServices; caseId: string }): Promise<{ items: ScreeningDto[] }> {
  const { access, services, caseId } = options;
  access.requireActor();
  const locale = access.meta.locale;
  if (!access.can('cases.read') && !access.can('screening.write')) {
    await access.auditDenied({ action: 'screening.read', recordType: 'case', recordId: caseId, details: { missing: 'cases.read|screening.write' } });
    throw notFound('missing cases.read or screening.write');
  }
  const scope = scopeActorOf(access);
  const result = await access.transaction(async (tx) => {
    const row = await findVisibleCase(tx.db, caseId, scope);
    if (!row) return undefined;
    const rows = await tx.db.selectFrom('screenings').selectAll().where('case_id', '=', caseId).orderBy('screened_at', 'desc').orderBy('id').execute();
    const names = await displayNames(tx.db, rows.map((r) => r.screened_by));
    const items: ScreeningDto[] = [];
    for (const r of rows) {
      const listId = r.list_id as ScreeningListId;
      const evaluation = r.evaluation as unknown as ScreeningEvaluation;
      const move = decisionSuggestedMove[r.decision];
      items.push({
        id: r.id,
        caseId,
        listId,
        answers: r.answers as unknown as ScreeningAnswers,
        evaluation,
        ruleId: evaluation.ruleId,
        ruleVersion: evaluation.ruleVersion,
        indicativeResult: r.indicative_result,
        indicativeResultLabel: indicativeResultLabels[evaluation.result][locale],
        reasoning: reasoningOf(evaluation, listId),
        decision: r.decision,
        decisionReason: await services.cipher.decrypt({ value: r.decision_reason_enc, aad: fieldAad({ ...caseColumns.screeningDecisionReason, rowId: r.id }), db: tx.db }),
        interpreterLanguage: r.interpreter_language,
        suggestedMove: move ? { ...move } : null,
        screenedBy: { id: r.screened_by, displayName: names.get(r.screened_by) ?? null },
        screenedAt: new Date(r.screened_at).toISOString(),
      });
    }
    await tx.audit({ action: 'screening.read', outcome: 'success', recordType: 'case', recordId: caseId, fields: ['answers', 'evaluation', 'decision', 'decisionReason'], details: { count: items.length } });
    return { items };
  });
  if (!result) {
    await access.auditDenied({ action: 'screening.read', recordType: 'case', recordId: caseId, details: { reason: 'not_found' } });
    throw notFound('case not visible');
  }
  return result;
}
