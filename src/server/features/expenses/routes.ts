/** HTTP routes of economic support and budget. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { PonteApp } from '../../app.ts';
import { expenseCategories } from '../../../domain/expenses/index.ts';
import { contentDisposition } from '../case-records/routes.ts';
import * as service from './service.ts';
import { toCsv, toXlsx } from './export.ts';
import { expenseCancel, expenseCreate, expenseListQuery, expenseUpdate, exportQuery, idParams, noQuery, periodQuery } from './schemas.ts';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['economic support and budget'];

const scope = z.enum(['project', 'organisation']);
const expenseResponse = z.object({
  id: z.string(), projectId: z.string(), projectCode: z.string(), budgetLineId: z.string(), budgetLineCode: z.string(), budgetLineLabel: z.string(),
  caseId: z.string().nullable(), caseCode: z.string().nullable(), paidByOrganisationId: z.string(), paidByOrganisationName: z.string(),
  category: z.enum(expenseCategories), spentOn: z.string(), amount: z.string(), description: z.string().nullable(), descriptionHidden: z.boolean(),
  receiptRef: z.string().nullable(), overBudget: z.boolean(), overBudgetReason: z.string().nullable(), recordedAt: z.string(),
  version: z.number(), cancelledAt: z.string().nullable(), cancelReason: z.string().nullable(),
});
const overBudgetResponse = z.object({
  error: z.object({
    code: z.literal('over_budget'), message: z.string(), requestId: z.string(),
    figures: z.object({ budgetLineId: z.string(), budgetLineCode: z.string(), lineAmount: z.string(), spent: z.string(), expense: z.string(), after: z.string(), excess: z.string() }),
  }),
});
const lineResponse = z.object({ id: z.string(), code: z.string(), label: z.string(), amount: z.string() });
const chargeableResponse = z.object({
  id: z.string(), code: z.string(), name: z.string(), funder: z.string(), periodStart: z.string(), periodEnd: z.string(), scope,
  canRecordProjectExpenses: z.boolean(), payers: z.array(z.object({ id: z.string(), name: z.string() })), lines: z.array(lineResponse),
});
const spendingResponse = z.object({
  projectId: z.string(), projectCode: z.string(), projectName: z.string(), scope, from: z.string(), to: z.string(), total: z.string(),
  lines: z.array(z.object({
    id: z.string(), code: z.string(), label: z.string(), amount: z.string(), spent: z.string(), spentToDate: z.string(), remaining: z.string(),
    percent: z.string().nullable(), overBudget: z.boolean(),
  })),
  partners: z.array(z.object({ organisationId: z.string(), organisationName: z.string(), spent: z.string() })),
  months: z.array(z.object({ month: z.string(), spent: z.string() })),
});

export async function expenseRoutes(app: PonteApp): Promise<void> {
  const deps = (req: FastifyRequest): service.ExpenseDeps => ({ access: req.access, cipher: app.services.cipher });

  app.get('/api/expenses/projects', {
    schema: {
      tags, summary: 'Projects the caller’s body belongs to (lead or partner), with their budget lines and the payers the caller may name (budget.read, budget.write or cases.write)',
      querystring: noQuery, security, response: { 200: z.object({ items: z.array(chargeableResponse) }) },
    },
  }, async (req) => service.chargeableProjects(deps(req)));

  app.post('/api/projects/:id/expenses', {
    schema: {
      tags,
      summary: 'Record an expense on a budget line of the project (budget.write; cases.write for an expense attached to a visible case). Over the line’s amount: 409 over_budget with the figures, unless overBudgetReason is given',
      params: idParams, body: expenseCreate, security: writeSecurity, response: { 201: expenseResponse, 409: overBudgetResponse },
    },
  }, async (req, reply) => {
    try {
      return await reply.status(201).send(await service.createExpense({ ...deps(req), projectId: req.params.id, input: req.body }));
    } catch (e) {
      if (e instanceof service.OverBudget) {
        return reply.status(409).send({ error: { code: 'over_budget' as const, message: e.localized[req.access.meta.locale], requestId: req.id, figures: e.figures } });
      }
      throw e;
    }
  });

  app.patch('/api/expenses/:id', {
    schema: {
      tags,
      summary: 'Correct an expense: amount, line, date, category, description, receipt (as for recording it; version required, 409 when stale or cancelled). Over the line after the change: 409 over_budget with the figures, unless overBudgetReason is given',
      params: idParams, body: expenseUpdate, security: writeSecurity, response: { 200: expenseResponse, 409: overBudgetResponse.or(z.object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }) })) },
    },
  }, async (req, reply) => {
    try {
      return await service.updateExpense({ ...deps(req), expenseId: req.params.id, input: req.body });
    } catch (e) {
      if (e instanceof service.OverBudget) {
        return reply.status(409).send({ error: { code: 'over_budget' as const, message: e.localized[req.access.meta.locale], requestId: req.id, figures: e.figures } });
      }
      throw e;
    }
  });

  app.post('/api/expenses/:id/cancel', {
    schema: {
      tags, summary: 'Cancel an expense with a reason: kept for the record, counted in no total (as for recording it; version required)',
      params: idParams, body: expenseCancel, security: writeSecurity, response: { 200: expenseResponse },
    },
  }, async (req) => service.cancelExpense({ ...deps(req), expenseId: req.params.id, input: req.body }));

  app.get('/api/projects/:id/expenses', {
    schema: {
      tags, summary: 'Expenses of the project in a period (budget.read; the lead body sees all, a partner what it paid)',
      params: idParams, querystring: expenseListQuery, security,
      response: { 200: z.object({ items: z.array(expenseResponse), total: z.string(), scope, from: z.string(), to: z.string() }) },
    },
  }, async (req) => service.listProjectExpenses({ ...deps(req), projectId: req.params.id, query: req.query }));

  app.get('/api/projects/:id/spending', {
    schema: {
      tags, summary: 'Spent vs budget per line, per partner and per month in a period (budget.read; the lead body sees all, a partner what it paid)',
      params: idParams, querystring: periodQuery, security, response: { 200: spendingResponse },
    },
  }, async (req) => service.projectSpending({ ...deps(req), projectId: req.params.id, query: req.query }));

  app.get('/api/projects/:id/expenses/export', {
    schema: {
      tags, summary: 'The funder’s export of the expenses of a period, with totals per line, as CSV or XLSX; persons only as case codes (budget.read; audited)',
      params: idParams, querystring: exportQuery, security,
    },
  }, async (req, reply) => {
    const data = await service.exportData({ ...deps(req), projectId: req.params.id, query: req.query });
    const locale = req.access.meta.locale;
    const base = `spese-${data.project.code}-${data.from}-${data.to}`;
    void reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff');
    if (req.query.format === 'xlsx') {
      return reply
        .header('Content-Disposition', contentDisposition(`${base}.xlsx`))
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await toXlsx(data, locale));
    }
    return reply.header('Content-Disposition', contentDisposition(`${base}.csv`)).type('text/csv; charset=utf-8').send(toCsv(data, locale));
  });

  app.get('/api/cases/:id/expenses', {
    schema: {
      tags, summary: 'Economic support given within the case: its expenses on every project (budget.read and cases.read, case visible)',
      params: idParams, querystring: noQuery, security, response: { 200: z.object({ items: z.array(expenseResponse), total: z.string() }) },
    },
  }, async (req) => service.listCaseExpenses({ ...deps(req), caseId: req.params.id }));
}
