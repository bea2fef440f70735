/**
 * The progress bar of the `ponte` commands, on stderr. On a terminal: one line redrawn in place,
 * `label [#########.....................]  30%  detail`, at most every 200 ms (a change of label and
 * the end are always drawn; a new label starts a new line). Elsewhere (a pipe, a file, CI): no
 * control characters, a plain line `label: 30% detail` each time the percentage enters a new tenth
 * and on a new label. A total of zero is 100%.
 */

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBar {
  /**
   * `done` of `total` under `label`. `detail` follows the percentage; a function of the seconds
   * since the label first appeared is only called when a line is drawn.
   */
  update(label: string, done: number, total: number, detail?: string | ((seconds: number) => string)): void;
  /** A message line of its own (the bar is drawn again below it on a terminal). */
  note(line: string): void;
  /** Draws what a throttled update left out and ends the bar's line. */
  done(): void;
}

/** `[#####.....]  50%`: the bar and the percentage (floor, 0 to 100; a total of zero is 100%). */
export function bar(done: number, total: number, width = 30): string {
  const pct = percent(done, total);
  const filled = Math.round((pct / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%`;
}

function percent(done: number, total: number): number {
  return total > 0 ? Math.max(0, Math.min(100, Math.floor((done * 100) / total))) : 100;
}

type Detail = string | ((seconds: number) => string) | undefined;

export function progressBar(options: { stream?: ProgressStream; now?: () => number; throttleMs?: number; width?: number } = {}): ProgressBar {
  const { stream = process.stderr, now = () => performance.now(), throttleMs = 200 } = options;
  const tty = stream.isTTY === true;
  const started = new Map<string, number>();
  /** the last state given, and whether it is on screen */
  let last: { label: string; done: number; total: number; detail: Detail } | null = null;
  let shown = false;
  let drawnAt = -Infinity;
  let tenth = -1;
  /** the terminal line on screen (not written again when unchanged) */
  let line = '';

  const draw = (again = false): void => {
    if (!last) return;
    const { label, done, total, detail: d } = last;
    const detail = typeof d === 'function' ? d((now() - (started.get(label) ?? now())) / 1000) : d;
    const text = tty ? `\r${label} ${bar(done, total, options.width)}${detail ? `  ${detail}` : ''} ` : `${label}: ${percent(done, total)}%${detail ? ` ${detail}` : ''}\n`;
    shown = true;
    tenth = Math.floor(percent(done, total) / 10);
    if (tty && text === line && !again) return;
    stream.write((line = text));
    drawnAt = now();
  };

  return {
    update(label, done, total, detail) {
      if (!started.has(label)) started.set(label, now());
      const newLabel = last !== null && last.label !== label;
      if (newLabel) {
        // the previous label's last state, then (on a terminal) a line of its own for the new one
        if (!shown) draw();
        if (tty) stream.write('\n');
        line = '';
      }
      last = { label, done, total, detail };
      const pct = percent(done, total);
      const due = newLabel || (tty ? pct === 100 || now() - drawnAt >= throttleMs : Math.floor(pct / 10) !== tenth);
      if (due) draw();
      else shown = false;
    },
    note(message) {
      stream.write(tty && last ? `\r\x1b[2K${message}\n` : `${message}\n`);
      if (tty) draw(true);
    },
    done() {
      if (!shown) draw();
      if (tty && last) stream.write('\n');
      last = null;
      shown = false;
      line = '';
      tenth = -1;
    },
  };
}
