/** Request schemas of expenses, spending and the funder's export. Every object is strict. */
import { z } from 'zod';
import { isoDate, line, money, orEmpty, text, uuid } from '../../../domain/fields.ts';
import { expenseCategories } from '../../../domain/expenses/index.ts';
import { issueMessages } from '../../../domain/issue-messages.ts';

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

const nonEmpty = (v: object): boolean => Object.entries(v).some(([k, x]) => k !== 'version' && x !== undefined);

/** A correction: the fields given change, the rest stay; the version read is required. */
export const expenseUpdate = z
  .object({
    version: z.number().int().min(1),
    budgetLineId: uuid.optional(),
    category: z.enum(expenseCategories).optional(),
    spentOn: isoDate.optional(),
    amount: money.optional(),
    description: text(2000).nullable().optional(),
    receiptRef: line(80).nullable().optional(),
    /** Required (non-empty) when the expense, as corrected, takes its line over its amount. */
    overBudgetReason: text(2000).nullable().optional(),
  })
  .strict()
  .refine(nonEmpty, { message: issueMessages.emptyPatch.en });
export type ExpenseUpdate = z.infer<typeof expenseUpdate>;

export const expenseCancel = z.object({ version: z.number().int().min(1), reason: text(2000) }).strict();
export type ExpenseCancel = z.infer<typeof expenseCancel>;

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
