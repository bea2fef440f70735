/**
 * The report as XLSX (exceljs): a summary sheet (title, project, period, notes, key figures) and
 * one sheet per table. Totals of unsuppressed tables are SUM formulas with their value cached;
 * in a suppressed table they are the published values (a formula over hidden cells would be wrong),
 * hidden figures are the text "n.d.".
 */
import ExcelJS from 'exceljs';
import { formatDay, reportText, type ReportModel, type ReportTable } from '../../../domain/monitoring/report.ts';
import type { Published } from '../../../domain/monitoring/suppression.ts';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
export function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 28) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 27 - String(i).length)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function col(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function tableSheet(wb: ExcelJS.Workbook, t: ReportTable, model: ReportModel, taken: Set<string>): void {
  const l = model.locale;
  const ws = wb.addWorksheet(sheetName(t.title, taken));
  ws.addRow([t.title]).font = { bold: true, size: 13 };
  ws.addRow([t.definition ? `${t.definition} (${t.unit})` : `(${t.unit})`]);
  if (t.withheld) {
    ws.addRow([reportText.withheld[l]]);
    return;
  }
  ws.addRow([]);
  const cols = t.colLabels ?? [];
  const header = ws.addRow([t.rowHeader, ...cols, reportText.total[l]]);
  header.font = { bold: true };
  const first = header.number + 1;
  const last = first + t.rowLabels.length - 1;
  const nCols = cols.length;
  const totalCol = nCols + 2;
  const exact = !t.withheld && t.total !== null && t.cells.every((r) => r.every((c) => c !== null)) && t.rowTotals.every((c) => c !== null);
  const hidden = reportText.hidden[l];
  const cell = (v: Published) => (v === null ? hidden : v);
  t.rowLabels.forEach((label, i) => {
    const r = i + first;
    const inner = t.colLabels ? (t.cells[i] ?? []).map(cell) : [];
    const rowTotal = t.rowTotals[i] ?? null;
    const totalCell = exact && nCols > 0 ? { formula: `SUM(B${r}:${col(nCols + 1)}${r})`, result: rowTotal ?? 0 } : cell(rowTotal);
    ws.addRow([label, ...inner, totalCell]);
  });
  const totals: unknown[] = [reportText.total[l]];
  for (let j = 0; j < nCols; j++) {
    const c = col(j + 2);
    const v = t.colTotals?.[j] ?? null;
    totals.push(exact && t.rowLabels.length > 0 ? { formula: `SUM(${c}${first}:${c}${last})`, result: v ?? 0 } : cell(v));
  }
  const tc = col(totalCol);
  totals.push(exact && t.rowLabels.length > 0 ? { formula: `SUM(${tc}${first}:${tc}${last})`, result: t.total ?? 0 } : cell(t.total));
  ws.addRow(totals).font = { bold: true };
  ws.getColumn(1).width = 42;
  for (let j = 2; j <= totalCol; j++) ws.getColumn(j).width = 14;
}

export async function renderXlsx(model: ReportModel, onProgress?: (percent: number) => void | Promise<void>): Promise<Buffer> {
  const l = model.locale;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Ponte';
  wb.created = new Date(model.generatedAt);
  const taken = new Set<string>();
  const summary = wb.addWorksheet(sheetName(l === 'it' ? 'Sintesi' : 'Summary', taken));
  summary.addRow([model.title]).font = { bold: true, size: 14 };
  if (model.project) {
    summary.addRow([reportText.project[l], `${model.project.name} (${model.project.code})`]);
    summary.addRow([reportText.funder[l], model.project.funder]);
  }
  summary.addRow([reportText.period[l], `${formatDay(model.from, l)} – ${formatDay(model.to, l)}`]);
  summary.addRow([reportText.territory[l], model.territory]);
  summary.addRow([reportText.generated[l], model.generatedAt]);
  for (const n of model.notes) summary.addRow([n]);
  summary.addRow([]);
  summary.addRow([reportText.keyFigures[l]]).font = { bold: true };
  for (const f of model.keyFigures) summary.addRow([f.label, f.value ?? reportText.hidden[l], f.unit]);
  summary.getColumn(1).width = 48;
  summary.getColumn(2).width = 40;
  const tables = model.sections.flatMap((s) => s.tables);
  let done = 0;
  for (const t of tables) {
    tableSheet(wb, t, model, taken);
    done++;
    await onProgress?.(Math.round((done / Math.max(1, tables.length)) * 100));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
