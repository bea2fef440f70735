/**
 * A streaming CSV reader (RFC 4180 and what spreadsheets export): fields separated by commas,
 * optionally in double quotes, with `""` for a quote inside a quoted field; quoted fields may hold
 * commas and line breaks; records end with CRLF, LF or CR; a UTF-8 byte-order mark at the start is
 * dropped. Feed it text in chunks of any size (a chunk may end in the middle of a field or of a
 * CRLF); it returns the records completed so far.
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export class CsvReader {
  private field = '';
  private record: string[] = [];
  /** inside a quoted field */
  private quoted = false;
  /** just read a quote inside a quoted field: either the closing quote or the first of `""` */
  private quoteSeen = false;
  /** the last character was a CR ending a record (a following LF belongs to it) */
  private afterCr = false;
  /** the current field has started with a quote and was closed: only a separator may follow */
  private closed = false;
  private started = false;
  private fieldHasContent = false;
  /** number of records completed (header included) */
  count = 0;

  /** Feeds a chunk; returns the records it completed. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let plainStart = -1;
    const flushPlain = (end: number): void => {
      if (plainStart >= 0) {
        this.field += text.slice(plainStart, end);
        plainStart = -1;
      }
    };
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === 10) continue;
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === 34) {
            this.field += '"';
            continue;
          }
          this.quoted = false;
          this.closed = true;
          // fall through: the character after the closing quote is handled below
        } else if (ch === 34) {
          flushPlain(i);
          this.quoteSeen = true;
          continue;
        } else {
          if (plainStart < 0) plainStart = i;
          continue;
        }
      }
      if (ch === 44) {
        flushPlain(i);
        this.endField();
      } else if (ch === 10 || ch === 13) {
        flushPlain(i);
        this.endField();
        out.push(this.endRecord());
        if (ch === 13) this.afterCr = true;
      } else if (ch === 34 && !this.fieldHasContent && !this.closed) {
        this.quoted = true;
        this.fieldHasContent = true;
      } else {
        if (this.closed) throw new CsvSyntaxError('text after a closing quote (a quote inside a field must be doubled: "")', this.count + 1);
        if (ch === 34) throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field and double the quote: "")', this.count + 1);
        this.fieldHasContent = true;
        if (plainStart < 0) plainStart = i;
      }
    }
    flushPlain(text.length);
    return out;
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): string[][] {
    if (this.quoted && !this.quoteSeen) throw new CsvSyntaxError('a quoted field is not closed before the end of the file', this.count + 1);
    if (this.quoteSeen) {
      this.quoteSeen = false;
      this.quoted = false;
    }
    if (this.field === '' && this.record.length === 0 && !this.fieldHasContent) return [];
    this.endField();
    return [this.endRecord()];
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.closed = false;
    this.fieldHasContent = false;
  }

  private endRecord(): string[] {
    const r = this.record;
    this.record = [];
    this.count++;
    return r;
  }
}

/** Whether a record is an empty line (one empty field): skipped by readers. */
export function isBlankRecord(record: readonly string[]): boolean {
  return record.length === 1 && record[0] === '';
}

/** Parses a whole text (tests, small files). */
export function parseCsvText(text: string): string[][] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

/** Quotes a field for writing when needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
