import { describe, expect, it } from 'vitest';
import { bar, progressBar } from './progress.ts';

/** A stream that keeps what is written, and a clock moved by hand. */
function setup(tty: boolean) {
  const chunks: string[] = [];
  let ms = 0;
  const progress = progressBar({ stream: { isTTY: tty, write: (c: string) => chunks.push(c) }, now: () => ms, width: 10 });
  return { progress, chunks, text: () => chunks.join(''), tick: (n: number) => (ms += n) };
}

describe('bar', () => {
  it('draws the filled share and the floor of the percentage', () => {
    expect(bar(0, 10, 10)).toBe('[..........]   0%');
    expect(bar(5, 10, 10)).toBe('[#####.....]  50%');
    expect(bar(999, 1000, 10)).toBe('[##########]  99%');
    expect(bar(12, 10, 4)).toBe('[####] 100%');
  });

  it('counts a total of zero as done', () => {
    expect(bar(0, 0, 4)).toBe('[####] 100%');
  });
});

describe('progress bar on a terminal', () => {
  it('redraws one line in place, at most every 200 ms, always drawing the end', () => {
    const { progress, chunks, tick } = setup(true);
    progress.update('persons', 0, 10, '0/10');
    progress.update('persons', 1, 10, '1/10');
    tick(100);
    progress.update('persons', 2, 10, '2/10');
    expect(chunks).toEqual(['\rpersons [..........]   0%  0/10 ']);
    tick(100);
    progress.update('persons', 3, 10, '3/10');
    expect(chunks.at(-1)).toBe('\rpersons [###.......]  30%  3/10 ');
    tick(1);
    progress.update('persons', 10, 10, '10/10');
    expect(chunks.at(-1)).toBe('\rpersons [##########] 100%  10/10 ');
    progress.done();
    expect(chunks).toHaveLength(4);
    expect(chunks.at(-1)).toBe('\n');
  });

  it('draws the last update a throttle left out before ending the line', () => {
    const { progress, chunks, tick } = setup(true);
    progress.update('x', 1, 10);
    tick(10);
    progress.update('x', 7, 10);
    progress.done();
    expect(chunks).toEqual(['\rx [#.........]  10% ', '\rx [#######...]  70% ', '\n']);
  });

  it('starts a new line for a new label, and rates by the seconds since the label began', () => {
    const { progress, text, tick } = setup(true);
    progress.update('check', 1, 2);
    tick(50);
    progress.update('check', 2, 2);
    progress.update('import', 0, 4, (s) => `${s} s`);
    tick(2000);
    progress.update('import', 4, 4, (s) => `${s} s`);
    progress.done();
    expect(text()).toBe('\rcheck [#####.....]  50% \rcheck [##########] 100% \n\rimport [..........]   0%  0 s \rimport [##########] 100%  2 s \n');
  });

  it('writes a message on a line of its own and draws the bar again below it', () => {
    const { progress, chunks } = setup(true);
    progress.update('rows', 1, 4);
    progress.note('row 3: bad date');
    expect(chunks.slice(1)).toEqual(['\r\x1b[2Krow 3: bad date\n', '\rrows [###.......]  25% ']);
  });

  it('does not draw the same line twice', () => {
    const { progress, chunks, tick } = setup(true);
    progress.update('persons', 0, 0, '0/0 persons');
    tick(500);
    progress.update('persons', 0, 0, '0/0 persons');
    progress.done();
    expect(chunks).toEqual(['\rpersons [##########] 100%  0/0 persons ', '\n']);
  });

  it('writes nothing when nothing was reported', () => {
    const { progress, chunks } = setup(true);
    progress.done();
    expect(chunks).toEqual([]);
  });
});

describe('progress bar elsewhere (not a terminal)', () => {
  it('writes a plain line per tenth and per label, without control characters', () => {
    const { progress, text } = setup(false);
    for (let i = 0; i <= 40; i++) progress.update('report', i, 40);
    progress.update('render', 0, 0, '0/0');
    progress.done();
    const lines = text().split('\n');
    expect(lines.slice(0, 11)).toEqual(['report: 0%', 'report: 10%', 'report: 20%', 'report: 30%', 'report: 40%', 'report: 50%', 'report: 60%', 'report: 70%', 'report: 80%', 'report: 90%', 'report: 100%']);
    expect(lines.slice(11)).toEqual(['render: 100% 0/0', '']);
    // eslint-disable-next-line no-control-regex
    expect(text()).not.toMatch(/[\r\x1b]/);
  });

  it('writes the final line when the last update fell inside a tenth already written', () => {
    const { progress, text } = setup(false);
    progress.update('persons', 50, 100, '50/100 persons');
    progress.update('persons', 57, 100, '57/100 persons');
    expect(text()).toBe('persons: 50% 50/100 persons\n');
    progress.done();
    expect(text()).toBe('persons: 50% 50/100 persons\npersons: 57% 57/100 persons\n');
  });

  it('writes the last state of a label before the next label', () => {
    const { progress, text } = setup(false);
    progress.update('check', 50, 100);
    progress.update('check', 55, 100);
    progress.update('import', 0, 10);
    expect(text()).toBe('check: 50%\ncheck: 55%\nimport: 0%\n');
  });

  it('writes messages as plain lines', () => {
    const { progress, text } = setup(false);
    progress.update('rows', 1, 4);
    progress.note('row 3: bad date');
    progress.done();
    expect(text()).toBe('rows: 25%\nrow 3: bad date\n');
  });
});
