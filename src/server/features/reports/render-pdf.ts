/**
 * The report as PDF (pdfkit): title page, key figures, bar charts drawn with vector primitives,
 * one table per indicator and the SIRIT tables, page numbers on every page. Italian or English as
 * the model. Standard fonts only (Helvetica covers the Italian letters and typographic quotes).
 */
import PDFDocument from 'pdfkit';
import { figureText, formatDay, reportText, type ReportChart, type ReportModel, type ReportTable } from '../../../domain/monitoring/report.ts';

type Doc = InstanceType<typeof PDFDocument>;

const margin = 50;
const ink = '#1a1a1a';
const muted = '#555555';
const accent = '#0066cc';
const rule = '#b0b0b0';

function bottom(doc: Doc): number {
  return doc.page.height - margin - 20;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(ink).text(text, margin, doc.y, { width: doc.page.width - 2 * margin });
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, size = 9, color = muted): void {
  doc.font('Helvetica').fontSize(size).fillColor(color).text(text, margin, doc.y, { width: doc.page.width - 2 * margin });
  doc.moveDown(0.4);
}

function titlePage(doc: Doc, model: ReportModel): void {
  const l = model.locale;
  const width = doc.page.width - 2 * margin;
  doc.rect(margin, margin, width, 6).fill(accent);
  doc.font('Helvetica-Bold').fontSize(26).fillColor(ink).text(model.title, margin, 140, { width });
  doc.moveDown(1.5);
  const line = (k: string, v: string) => {
    doc.font('Helvetica-Bold').fontSize(12).fillColor(ink).text(`${k}: `, { continued: true }).font('Helvetica').text(v);
    doc.moveDown(0.3);
  };
  if (model.project) {
    line(reportText.project[l], `${model.project.name} (${model.project.code})`);
    line(reportText.funder[l], model.project.funder);
  }
  line(reportText.period[l], `${formatDay(model.from, l)} – ${formatDay(model.to, l)}`);
  line(reportText.territory[l], model.territory);
  line(reportText.generated[l], `${formatDay(model.generatedAt.slice(0, 10), l)} ${model.generatedAt.slice(11, 16)} UTC`);
  doc.moveDown(1.5);
  for (const note of model.notes) paragraph(doc, note, 10);
}

function keyFigures(doc: Doc, model: ReportModel): void {
  const l = model.locale;
  heading(doc, reportText.keyFigures[l], 16);
  const width = doc.page.width - 2 * margin;
  for (const f of model.keyFigures) {
    ensureSpace(doc, 18);
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).fillColor(ink).text(f.label, margin, y, { width: width - 140 });
    const after = doc.y;
    doc.font('Helvetica-Bold').text(`${figureText(f.value, l)} ${f.value === null ? '' : f.unit}`.trim(), margin + width - 130, y, { width: 130, align: 'right' });
    doc.y = Math.max(after, doc.y) + 2;
    doc.moveTo(margin, doc.y).lineTo(margin + width, doc.y).lineWidth(0.3).strokeColor(rule).stroke();
    doc.y += 3;
  }
}

/** A horizontal bar chart: label, bar proportional to the value, the value (or "n.d." without a bar). */
function barChart(doc: Doc, chart: ReportChart, locale: ReportModel['locale']): void {
  const rowH = 16;
  heading(doc, chart.title, 12);
  ensureSpace(doc, chart.bars.length * rowH + 10);
  const width = doc.page.width - 2 * margin;
  const labelW = 190;
  const valueW = 50;
  const barMax = width - labelW - valueW - 10;
  const max = Math.max(1, ...chart.bars.map((b) => b.value ?? 0));
  const top = doc.y;
  let y = top;
  for (const bar of chart.bars) {
    doc.font('Helvetica').fontSize(8).fillColor(ink).text(bar.label, margin, y + 3, { width: labelW - 6, height: rowH, ellipsis: true, lineBreak: false });
    if (bar.value !== null && bar.value > 0) doc.rect(margin + labelW, y + 2, Math.max(1, (bar.value / max) * barMax), rowH - 5).fill(accent);
    doc.font('Helvetica').fontSize(8).fillColor(ink).text(figureText(bar.value, locale), margin + labelW + barMax + 6, y + 3, { width: valueW, lineBreak: false });
    y += rowH;
  }
  doc.moveTo(margin + labelW, top).lineTo(margin + labelW, y).lineWidth(0.5).strokeColor(muted).stroke();
  doc.x = margin;
  doc.y = y + 6;
}

function table(doc: Doc, t: ReportTable, locale: ReportModel['locale']): void {
  heading(doc, t.title, 12);
  paragraph(doc, t.definition ? `${t.definition} (${t.unit})` : `(${t.unit})`, 8);
  if (t.withheld) {
    paragraph(doc, reportText.withheld[locale], 9, ink);
    return;
  }
  const width = doc.page.width - 2 * margin;
  const cols = t.colLabels ?? [];
  const nNum = cols.length + 1;
  const labelW = Math.max(120, Math.min(200, width - nNum * 60));
  const numW = (width - labelW) / nNum;
  const headerCells = [t.rowHeader, ...cols, reportText.total[locale]];
  const drawRow = (cells: string[], bold: boolean, fill?: string) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (i === 0 ? labelW : numW) - 6 }))) + 6;
    ensureSpace(doc, h);
    const y = doc.y;
    if (fill) doc.rect(margin, y, width, h).fill(fill);
    cells.forEach((c, i) => {
      const x = i === 0 ? margin : margin + labelW + (i - 1) * numW;
      doc.fillColor(ink).text(c, x + 3, y + 3, { width: (i === 0 ? labelW : numW) - 6, align: i === 0 ? 'left' : 'right' });
    });
    doc.moveTo(margin, y + h).lineTo(margin + width, y + h).lineWidth(0.3).strokeColor(rule).stroke();
    doc.x = margin;
    doc.y = y + h;
  };
  drawRow(headerCells, true, '#e8eef6');
  t.rowLabels.forEach((label, i) => {
    const row = t.colLabels ? (t.cells[i] ?? []).map((c) => figureText(c, locale)) : [];
    drawRow([label, ...row, figureText(t.rowTotals[i], locale)], false);
  });
  drawRow([reportText.total[locale], ...(t.colTotals ?? []).map((c) => figureText(c, locale)), figureText(t.total, locale)], true, '#f2f2f2');
  doc.moveDown(0.5);
}

function pageNumbers(doc: Doc, locale: ReportModel['locale'], title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor(muted)
      .text(`${title} · ${reportText.page[locale]} ${i + 1} ${reportText.of[locale]} ${range.count}`, margin, doc.page.height - margin + 10, { width: doc.page.width - 2 * margin, align: 'center', lineBreak: false });
    doc.page.margins.bottom = keep;
  }
}

/** Renders the model; `onProgress` gets 0–100 as sections are drawn. */
export async function renderPdf(model: ReportModel, onProgress?: (percent: number) => void | Promise<void>): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    info: { Title: model.title, Subject: model.project ? `${model.project.code} ${model.from} – ${model.to}` : `${model.from} – ${model.to}`, Creator: 'Ponte' },
    lang: model.locale === 'it' ? 'it-IT' : 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  titlePage(doc, model);
  doc.addPage();
  keyFigures(doc, model);
  if (model.charts.length > 0) {
    heading(doc, reportText.charts[model.locale], 16);
    for (const c of model.charts) barChart(doc, c, model.locale);
  }
  const total = model.sections.reduce((a, s) => a + s.tables.length, 0) || 1;
  let done = 0;
  for (const section of model.sections) {
    doc.addPage();
    heading(doc, section.heading, 16);
    if (section.intro) paragraph(doc, section.intro, 9);
    for (const t of section.tables) {
      table(doc, t, model.locale);
      done++;
      await onProgress?.(Math.round((done / total) * 100));
    }
  }
  pageNumbers(doc, model.locale, model.title);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
