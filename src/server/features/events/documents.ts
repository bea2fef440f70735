/**
 * Documents of an event: the registrants' export (CSV, RFC 4180 with BOM, or XLSX) and the
 * attendance certificate (PDF) with the professional credits. Cells a spreadsheet would run as a
 * formula are neutralised.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { EventDto, RegistrationDto } from './service.ts';

type Locale = 'it' | 'en';

const words = {
  it: {
    headings: ['Stato', 'Nome', 'E-mail', 'Telefono', 'Lingua', 'Presente', 'Iscritto il', 'Consenso il'],
    status: { confirmed: 'confermato', waiting: 'in lista d’attesa', cancelled: 'annullato' },
    yes: 'sì', no: 'no', sheet: 'Iscritti',
    certTitle: 'Attestato di partecipazione',
    certifies: 'Si attesta che',
    attended: 'ha partecipato all’evento formativo',
    held: 'tenutosi il',
    place: 'Luogo',
    online: 'Online',
    credits: 'Crediti formativi',
    code: 'Codice di accreditamento',
    issued: 'Rilasciato il',
  },
  en: {
    headings: ['Status', 'Name', 'E-mail', 'Phone', 'Language', 'Present', 'Registered on', 'Consent given on'],
    status: { confirmed: 'confirmed', waiting: 'waiting list', cancelled: 'cancelled' },
    yes: 'yes', no: 'no', sheet: 'Registrants',
    certTitle: 'Certificate of attendance',
    certifies: 'This is to certify that',
    attended: 'attended the training event',
    held: 'held on',
    place: 'Place',
    online: 'Online',
    credits: 'Professional credits',
    code: 'Accreditation code',
    issued: 'Issued on',
  },
} as const;

function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const v = neutralise(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Header then one row per registration; the staff-defined fields follow the fixed columns. */
export function exportRows(event: EventDto, items: readonly RegistrationDto[], locale: Locale): string[][] {
  const w = words[locale];
  const head = [...w.headings, ...event.formFields.map((f) => f.label)];
  const rows = items.map((r) => [
    w.status[r.status],
    r.name,
    r.email,
    r.phone ?? '',
    r.lang,
    r.attended ? w.yes : w.no,
    r.createdAt.slice(0, 16).replace('T', ' '),
    r.consentAt.slice(0, 16).replace('T', ' '),
    ...event.formFields.map((f) => {
      const v = r.answers[f.key];
      return typeof v === 'boolean' ? (v ? w.yes : w.no) : (v ?? '');
    }),
  ]);
  return [head, ...rows];
}

export function toCsv(event: EventDto, items: readonly RegistrationDto[], locale: Locale): string {
  return `\ufeff${exportRows(event, items, locale).map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export async function toXlsx(event: EventDto, items: readonly RegistrationDto[], locale: Locale): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Ponte';
  const sheet = book.addWorksheet(words[locale].sheet);
  sheet.addRow([neutralise(event.title)]);
  sheet.addRow([]);
  const rows = exportRows(event, items, locale);
  rows.forEach((r) => sheet.addRow(r.map(neutralise)));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(3).font = { bold: true };
  sheet.columns.forEach((col, i) => {
    col.width = [18, 30, 32, 18, 8, 10, 18, 18][i] ?? 24;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

function formatDay(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(new Date(iso));
}

/** The attendance certificate of one attendee, one A4 page. */
export function certificatePdf(options: { event: EventDto; registration: RegistrationDto; locale: Locale; issuedAt: Date }): Promise<Buffer> {
  const { event, registration, locale } = options;
  const w = words[locale];
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 60, info: { Title: `${w.certTitle} – ${event.title}`, Author: 'Ponte', Creator: 'Ponte' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(24).text(w.certTitle, { align: 'center' });
    doc.moveDown(2);
    doc.font('Helvetica').fontSize(13).text(w.certifies, { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(20).text(registration.name, { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica').fontSize(13).text(w.attended, { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(16).text(event.title, { align: 'center' });
    doc.moveDown(0.5);
    doc.font('Helvetica').fontSize(13).text(`${w.held} ${formatDay(locale, event.startsAt)}`, { align: 'center' });
    doc.text(`${w.place}: ${event.place ?? w.online}`, { align: 'center' });
    if (event.creditsHours !== null || event.creditsCode) {
      doc.moveDown(1.5);
      if (event.creditsHours !== null) doc.text(`${w.credits}: ${String(event.creditsHours)}`, { align: 'center' });
      if (event.creditsCode) doc.text(`${w.code}: ${event.creditsCode}`, { align: 'center' });
    }
    doc.moveDown(3);
    doc.fontSize(11).text(`${w.issued} ${formatDay(locale, options.issuedAt.toISOString())}`, { align: 'left' });
    doc.end();
  });
}
