/**
 * What an expense pays for. Economic support for a person (seeds 000 and 004: bureaucratic and
 * health expenses, transport, pocket money, rent) and the rest of a project's costs ("other").
 * Codes are stored; labels are shown.
 */
export const expenseCategories = ['bureaucratic_fees', 'health', 'transport', 'pocket_money', 'housing', 'training', 'other'] as const;
export type ExpenseCategory = (typeof expenseCategories)[number];

export const expenseCategoryLabels: Record<ExpenseCategory, { it: string; en: string }> = {
  bureaucratic_fees: { it: 'Spese burocratiche (permesso, passaporto)', en: 'Bureaucratic fees (permit, passport)' },
  health: { it: 'Spese sanitarie', en: 'Health costs' },
  transport: { it: 'Trasporti', en: 'Transport' },
  pocket_money: { it: 'Pocket money', en: 'Pocket money' },
  housing: { it: 'Affitto e alloggio', en: 'Rent and housing' },
  training: { it: 'Formazione', en: 'Training' },
  other: { it: 'Altro', en: 'Other' },
};

export function isExpenseCategory(value: string): value is ExpenseCategory {
  return (expenseCategories as readonly string[]).includes(value);
}

/** Largest amount of one expense: numeric(12,2). */
export const maxExpenseAmount = '9999999999.99';
