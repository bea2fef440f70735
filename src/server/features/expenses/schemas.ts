/** Request schemas of expenses, spending and the funder's export. Every object is strict. */
import { z } from 'zod';
import { isoDate, line, money, orEmpty, text, uuid } from '../../../domain/fields.ts';
import { expenseCategories } from '../../../domain/expenses/index.ts';

export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();

export const expenseCreate = z
  .object({
    budgetLineId: uuid,
    /** The case of the person supported (economic support); absent for project costs. */
    caseId: uuid.nullable().optional(),
    /** Default: the caller's organisation. */
    paidByOrganisationId: uuid.nullable().optional(),
    category: z.enum(expenseCategories),
    spentOn: isoDate,
    /** Exact decimal string (or a JSON number with at most two decimals), more than zero. */
    amount: money,
    description: text(2000).nullable().optional(),
    receiptRef: line(80).nullable().optional(),
    /** Required (non-empty) when the expense takes the line over its amount. */
    overBudgetReason: text(2000).nullable().optional(),
  })
  .strict();
export type ExpenseCreate = z.infer<typeof expenseCreate>;

/** A period: both ends optional (default: the project's period). */
export const periodQuery = z
  .object({
    from: orEmpty(isoDate),
    to: orEmpty(isoDate),
  })
  .strict();
export type PeriodQuery = z.infer<typeof periodQuery>;

export const expenseListQuery = z
  .object({
    from: orEmpty(isoDate),
    to: orEmpty(isoDate),
    budgetLineId: orEmpty(uuid),
    organisationId: orEmpty(uuid),
  })
  .strict();
export type ExpenseListQuery = z.infer<typeof expenseListQuery>;

export const exportQuery = z
  .object({
    from: orEmpty(isoDate),
    to: orEmpty(isoDate),
    format: z.enum(['csv', 'xlsx']).default('csv'),
  })
  .strict();
export type ExportQuery = z.infer<typeof exportQuery>;
