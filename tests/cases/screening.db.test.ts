/**
 * Screening on both engines: the lists in the user's language, a known answer set evaluated as the
 * rule says, the list population checked against the person's age, the decision reason encrypted,
 * who may screen which case, and audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases } from '../helpers/engines.ts';
import { openTestApp, type TestApp } from '../helpers/app.ts';
import { lastAuditId, snapshot } from '../access/snapshot.ts';
import { auditSince, call, makeWorld, openCase, person, setLocale, type CaseWorld } from './helpers.ts';

/** Adult labour list: deceptive recruitment (1 strong + 1 medium), exploitative conditions (1 strong + 1 medium), coercion at destination (2 strong). */
const likelyVictim = {
  'dr.nature_of_job': 'yes',
  'dr.working_conditions': 'yes',
  'ex.excessive_hours': 'yes',
  'ex.low_or_no_pay': 'yes',
  'cd.documents': 'yes',
  'cd.debt_bondage': 'yes',
  'cd.isolation': 'no',
  'cd.violence': 'unknown',
} as const;

describe.each(await engineCases())('screening on $engine', ({ engine, skip }) => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp({ engine });
    w = await makeWorld(t);
  });
  afterAll(async () => {
    if (!skip) await t.close();
  });

  it.skipIf(skip)('lists the four lists in the user’s language, with dimensions, strengths and the rule', async () => {
    const it1 = await call(t, w.outreach, 'GET', '/api/screening/lists');
    expect(it1.status).toBe(200);
    expect(it1.body.lists.map((l: { id: string }) => l.id)).toEqual(['adult_labour', 'adult_sexual', 'child_labour', 'child_sexual']);
    const documents = it1.body.lists[0].indicators.find((i: { id: string }) => i.id === 'cd.documents');
    expect(documents).toMatchObject({ dimension: 'coercion_at_destination', strength: 'strong' });
    expect(it1.body.rule.id).toBe('ilo-ec-2009-delphi');
    expect(it1.body.dimensions).toHaveLength(6);
    await setLocale(t, w.outreach, 'en');
    try {
      const en = await call(t, w.outreach, 'GET', '/api/screening/lists');
      const enDocuments = en.body.lists[0].indicators.find((i: { id: string }) => i.id === 'cd.documents');
      expect(enDocuments.text).not.toBe(documents.text);
      expect(en.body.dimensions[0].label).toBe('Deceptive recruitment');
    } finally {
      await setLocale(t, w.outreach, 'it');
    }
    expect((await call(t, w.outsider, 'GET', '/api/screening/lists')).status).toBe(200);
  });

  it.skipIf(skip)('evaluates a known answer set, keeps the rule and reasoning, encrypts the decision reason, audits', async () => {
    const c = await openCase(t, w.worker, { personId: (await person(t, w.orgId, { birth: { birthDate: '1990-02-01' } })).id, phase: 'screening' });
    const mark = await lastAuditId(t.database.db);
    const r = await call(t, w.worker, 'POST', `/api/cases/${c.id}/screenings`, {
      listId: 'adult_labour', answers: likelyVictim, decision: 'possible_victim', decisionReason: 'Racconto coerente, documenti trattenuti dal datore.', interpreterLanguage: 'en',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ listId: 'adult_labour', indicativeResult: 'likely_victim', decision: 'possible_victim', suggestedMove: { to: 'identification' }, ruleId: 'ilo-ec-2009-delphi', ruleVersion: 1 });
    const dims = r.body.evaluation.dimensions;
    expect(dims.deceptive_recruitment).toMatchObject({ positive: true, fired: ['strong_and_medium_or_weak'] });
    expect(dims.exploitative_conditions).toMatchObject({ positive: true });
    expect(dims.coercion_at_destination).toMatchObject({ positive: true });
    expect(dims.coercion_at_destination.fired).toContain('two_strong');
    expect(dims.coercive_recruitment.positive).toBe(false);
    expect(r.body.evaluation.requirements.every((q: { met: boolean }) => q.met)).toBe(true);
    expect(r.body.evaluation.answered).toMatchObject({ yes: 6, no: 1, unknown: 1 });
    expect(r.body.reasoning.it.at(-1)).toContain('Probabile vittima di tratta');
    expect(r.body.reasoning.en.at(-1)).toContain('Likely victim of trafficking');
    const row = await t.database.db.selectFrom('screenings').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(row.indicative_result).toBe('likely_victim');
    expect(row.decision_reason_enc).toMatch(/^v1:/);
    expect(row.decision_reason_enc).not.toContain('documenti');
    expect((row.rule as { id: string }).id).toBe('ilo-ec-2009-delphi');
    expect(await auditSince(t, mark)).toEqual([expect.objectContaining({ action: 'screening.create', outcome: 'success', record_type: 'case', record_id: c.id })]);

    // the same answers without the coercion at destination: not enough, though unknowns could change it
    const partial = await call(t, w.worker, 'POST', `/api/cases/${c.id}/screenings`, {
      listId: 'adult_labour', answers: { ...likelyVictim, 'cd.documents': 'unknown', 'cd.debt_bondage': 'no' }, decision: 'further_assessment', decisionReason: 'Da approfondire.',
    });
    expect(partial.status).toBe(201);
    expect(partial.body.indicativeResult).toBe('not_enough_indicators');
    expect(partial.body.evaluation.couldChangeWithUnknowns).toBe(true);

    const mark2 = await lastAuditId(t.database.db);
    const list = await call(t, w.coordinator, 'GET', `/api/cases/${c.id}/screenings`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { decisionReason: string }) => s.decisionReason).sort()).toEqual(['Da approfondire.', 'Racconto coerente, documenti trattenuti dal datore.']);
    expect(await auditSince(t, mark2)).toEqual([expect.objectContaining({ action: 'screening.read', outcome: 'success', record_id: c.id })]);
  });

  it.skipIf(skip)('child lists for minors and possible minors, adult lists for adults; unknown indicators refused', async () => {
    const minor = await openCase(t, w.worker, { personId: (await person(t, w.orgId, { birth: { estimatedYear: 2008 } })).id });
    const adult = await openCase(t, w.worker, { personId: (await person(t, w.orgId, { birth: { birthDate: '1999-09-09' } })).id });
    const before = await snapshot({ db: t.database.db, includeAudit: true });
    const wrongForMinor = await call(t, w.worker, 'POST', `/api/cases/${minor.id}/screenings`, { listId: 'adult_sexual', answers: {}, decision: 'further_assessment', decisionReason: 'x' });
    expect(wrongForMinor.status).toBe(400);
    expect(wrongForMinor.body.error.issues).toEqual([{ path: 'body.listId', message: expect.stringContaining('usa una lista per minori') }]);
    const wrongForAdult = await call(t, w.worker, 'POST', `/api/cases/${adult.id}/screenings`, { listId: 'child_labour', answers: {}, decision: 'further_assessment', decisionReason: 'x' });
    expect(wrongForAdult.status).toBe(400);
    const unknownIndicator = await call(t, w.worker, 'POST', `/api/cases/${adult.id}/screenings`, { listId: 'adult_labour', answers: { 'zz.nothing': 'yes' }, decision: 'further_assessment', decisionReason: 'x' });
    expect(unknownIndicator.status).toBe(400);
    expect(unknownIndicator.body.error.issues[0].path).toBe('body.answers.zz.nothing');
    const noReason = await call(t, w.worker, 'POST', `/api/cases/${adult.id}/screenings`, { listId: 'adult_labour', answers: {}, decision: 'not_a_victim', decisionReason: '  ' });
    expect(noReason.status).toBe(400);
    expect(await snapshot({ db: t.database.db, includeAudit: true })).toEqual(before);
    const child = await call(t, w.worker, 'POST', `/api/cases/${minor.id}/screenings`, { listId: 'child_sexual', answers: { 'dr.nature_of_job': 'yes' }, decision: 'further_assessment', decisionReason: 'Colloquio con la tutrice.' });
    expect(child.status).toBe(201);
    expect(child.body.evaluation.population).toBe('child');
  });

  it.skipIf(skip)('outreach workers screen only the cases they are on the team of', async () => {
    const other = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id });
    const onTeam = await openCase(t, w.worker, { personId: (await person(t, w.orgId)).id, team: [{ userId: w.outreach.userId, teamRole: 'outreach' }] });
    const body = { listId: 'adult_sexual', answers: {}, decision: 'further_assessment', decisionReason: 'Primo contatto in strada.' };
    const hidden = await call(t, w.outreach, 'POST', `/api/cases/${other.id}/screenings`, body);
    expect(hidden.status).toBe(404);
    const ok = await call(t, w.outreach, 'POST', `/api/cases/${onTeam.id}/screenings`, body);
    expect(ok.status).toBe(201);
    expect((await call(t, w.outreach, 'GET', `/api/cases/${onTeam.id}/screenings`)).status).toBe(200);
    // but they read no case itself (no cases.read)
    expect((await call(t, w.outreach, 'GET', `/api/cases/${onTeam.id}`)).status).toBe(404);
    // coordinators (no screening.write) cannot screen
    expect((await call(t, w.coordinator, 'POST', `/api/cases/${onTeam.id}/screenings`, body)).status).toBe(404);
  });
});
