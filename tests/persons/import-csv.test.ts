/** The import's CSV reader: quoting, embedded separators and line breaks, BOM, CRLF, chunking. */
import { describe, expect, it } from 'vitest';
import { CsvReader, CsvSyntaxError, csvLine, parseCsvText } from '../../src/cli/import-csv.ts';

describe('CSV reader', () => {
  it('reads plain, quoted and empty fields', () => {
    expect(parseCsvText('a,b,c\n1,,3\n')).toEqual([['a', 'b', 'c'], ['1', '', '3']]);
    expect(parseCsvText('"x","",y\n')).toEqual([['x', '', 'y']]);
    expect(parseCsvText('a,b,\n')).toEqual([['a', 'b', '']]);
  });

  it('keeps commas, quotes and line breaks inside quoted fields', () => {
    expect(parseCsvText('"Okoro, Joy","say ""hi""","line1\nline2\r\nline3"\n')).toEqual([['Okoro, Joy', 'say "hi"', 'line1\nline2\r\nline3']]);
  });

  it('drops a UTF-8 byte-order mark and accepts CRLF, LF and CR line ends, and a missing final one', () => {
    expect(parseCsvText('\ufeffprs_FirstName,x\r\nЕлена,1\r\nفاطمة,2\n明,3\r王,4')).toEqual([
      ['prs_FirstName', 'x'],
      ['Елена', '1'],
      ['فاطمة', '2'],
      ['明', '3'],
      ['王', '4'],
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '\ufeffa,b\r\n"q,1","multi\r\nline"\r\n"x""y",z\r\n\r\nlast,"row"';
    const whole = parseCsvText(text);
    expect(whole).toEqual([['a', 'b'], ['q,1', 'multi\r\nline'], ['x"y', 'z'], [''], ['last', 'row']]);
    for (let size = 1; size <= 7; size++) {
      const reader = new CsvReader();
      const out: string[][] = [];
      for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
      out.push(...reader.end());
      expect(out, `chunks of ${size}`).toEqual(whole);
    }
  });

  it('refuses broken quoting, naming the record', () => {
    expect(() => parseCsvText('a,b\n"open,1\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsvText('a,b\n"x"y,1\n')).toThrow(/closing quote/);
    expect(() => parseCsvText('a,b\nx"y,1\n')).toThrow(/quote inside an unquoted field/);
    try {
      parseCsvText('a\nb\n"c"d\n');
    } catch (e) {
      expect((e as CsvSyntaxError).record).toBe(3);
    }
  });

  it('writes fields that read back the same', () => {
    const values = ['plain', 'with,comma', 'with "quote"', 'two\nlines', ' padded ', ''];
    expect(parseCsvText(csvLine(values))).toEqual([values]);
  });
});
