/**
 * The funder's export of a project's expenses: one row per expense (date, line, category, payer,
 * amount, case code, receipt, over-budget flag and reason, description of project costs only),
 * then the total of each line and the grand total, all computed exactly in cents. CSV (RFC 4180,
 * UTF-8 with BOM, amounts as plain decimals with a dot) or XLSX (exceljs). A person appears only
 * as the case code; cells that a spreadsheet would run as a formula are neutralised.
 */
import ExcelJS from 'exceljs';
import { expenseCategoryLabels, fromCents, isExpenseCategory, toCents } from '../../../domain/expenses/index.ts';
import type { ExportData } from './service.ts';

type Locale = 'it' | 'en';

const headings: Record<Locale, string[]> = {
  it: ['Data', 'Voce', 'Descrizione della voce', 'Categoria', 'Pagato da', 'Importo (EUR)', 'Presa in carico', 'Ricevuta', 'Fuori budget', 'Motivo fuori budget', 'Descrizione (solo costi di progetto)'],
  en: ['Date', 'Line', 'Line description', 'Category', 'Paid by', 'Amount (EUR)', 'Case', 'Receipt', 'Over budget', 'Over-budget reason', 'Description (project costs only)'],
};

const words: Record<Locale, { lineTotal: string; total: string; yes: string; no: string; sheet: string; totalsSheet: string; project: string; period: string; scopeOrg: string }> = {
  it: { lineTotal: 'Totale voce', total: 'Totale', yes: 'sì', no: 'no', sheet: 'Spese', totalsSheet: 'Totali per voce', project: 'Progetto', period: 'Periodo', scopeOrg: 'solo le spese della propria organizzazione' },
  en: { lineTotal: 'Line total', total: 'Total', yes: 'yes', no: 'no', sheet: 'Expenses', totalsSheet: 'Totals by line', project: 'Project', period: 'Period', scopeOrg: 'only the expenses of the own organisation' },
};

type Cell = string | { money: string };

/** Rows of the export (header first), amounts kept as exact decimal strings. */
export function exportRows(data: ExportData, locale: Locale): { rows: Cell[][]; totals: Array<{ code: string; label: string; total: string }>; total: string } {
  const w = words[locale];
  const rows: Cell[][] = [headings[locale]];
  const totals: Array<{ code: string; label: string; total: string }> = [];
  let grand = 0n;
  let current: { code: string; label: string; cents: bigint } | undefined;
  const closeLine = () => {
    if (!current) return;
    rows.push(['', current.code, current.label, '', '', { money: fromCents(current.cents) }, '', '', '', '', w.lineTotal]);
    totals.push({ code: current.code, label: current.label, total: fromCents(current.cents) });
  };
  for (const r of data.rows) {
    if (!current || current.code !== r.line_code) {
      closeLine();
      current = { code: r.line_code, label: r.line_label, cents: 0n };
    }
    const cents = toCents(r.amount);
    current.cents += cents;
    grand += cents;
    rows.push([
      r.spent_on,
      r.line_code,
      r.line_label,
      isExpenseCategory(r.category) ? expenseCategoryLabels[r.category][locale] : r.category,
      r.paid_by_name,
      { money: r.amount },
      r.case_code ?? '',
      r.receipt_ref ?? '',
      r.over_budget ? w.yes : w.no,
      data.reasons.get(r.id) ?? '',
      data.descriptions.get(r.id) ?? '',
    ]);
  }
  closeLine();
  rows.push(['', '', '', '', '', { money: fromCents(grand) }, '', '', '', '', w.total]);
  return { rows, totals, total: fromCents(grand) };
}

/** A text cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading apostrophe. */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(data: ExportData, locale: Locale): string {
  const { rows } = exportRows(data, locale);
  const lines = rows.map((r) => r.map((c) => (typeof c === 'string' ? csvField(neutralise(c)) : c.money)).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(data: ExportData, locale: Locale): Promise<Buffer> {
  const w = words[locale];
  const { rows, totals, total } = exportRows(data, locale);
  const book = new ExcelJS.Workbook();
  book.creator = 'Ponte';
  const sheet = book.addWorksheet(w.sheet);
  sheet.addRow([`${w.project}: ${data.project.code} – ${data.project.name}`]);
  sheet.addRow([`${w.period}: ${data.from} – ${data.to}${data.scope === 'organisation' ? ` (${w.scopeOrg})` : ''}`]);
  sheet.addRow([]);
  // Amounts are written as spreadsheet numbers (two decimals shown); every sum was made in cents.
  for (const r of rows) sheet.addRow(r.map((c) => (typeof c === 'string' ? neutralise(c) : Number(c.money))));
  const amountCol = sheet.getColumn(6);
  amountCol.numFmt = '#,##0.00';
  sheet.getRow(4).font = { bold: true };
  sheet.columns.forEach((col, i) => {
    col.width = [12, 8, 36, 28, 30, 14, 18, 16, 10, 30, 40][i] ?? 14;
  });
  const t = book.addWorksheet(w.totalsSheet);
  t.addRow([headings[locale][1], headings[locale][2], headings[locale][5]]).font = { bold: true };
  for (const l of totals) t.addRow([l.code, neutralise(l.label), Number(l.total)]);
  t.addRow(['', w.total, Number(total)]).font = { bold: true };
  t.getColumn(3).numFmt = '#,##0.00';
  t.getColumn(2).width = 40;
  t.getColumn(3).width = 16;
  return Buffer.from(await book.xlsx.writeBuffer());
}
