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

interface State {
  label: string;
  done: number;
  total: number;
  detail: string | ((seconds: number) => string) | undefined;
}

export function progressBar(options: { stream?: ProgressStream; now?: () => number; throttleMs?: number; width?: number } = {}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const throttle = options.throttleMs ?? 200;
  const tty = stream.isTTY === true;
  const started = new Map<string, number>();
  /** the last state given, and whether it is on screen */
  let last: State | null = null;
  let shown = false;
  let drawnAt = -Infinity;
  let tenth = -1;
  /** the terminal line on screen (not drawn again when unchanged) */
  let line = '';

  const draw = (s: State, again = false): void => {
    const detail = typeof s.detail === 'function' ? s.detail((now() - (started.get(s.label) ?? now())) / 1000) : s.detail;
    shown = true;
    if (tty) {
      const next = `\r${s.label} ${bar(s.done, s.total, options.width)}${detail ? `  ${detail}` : ''} `;
      if (next === line && !again) return;
      stream.write((line = next));
    } else {
      stream.write(`${s.label}: ${percent(s.done, s.total)}%${detail ? ` ${detail}` : ''}\n`);
    }
    drawnAt = now();
  };

  return {
    update(label, done, total, detail) {
      const s: State = { label, done, total, detail };
      if (!started.has(label)) started.set(label, now());
      const newLabel = last !== null && last.label !== label;
      if (tty) {
        if (newLabel) {
          if (!shown && last) draw(last);
          stream.write('\n');
          line = '';
        } else if (last !== null && now() - drawnAt < throttle && percent(done, total) < 100) {
          last = s;
          shown = false;
          return;
        }
        last = s;
        draw(s);
        return;
      }
      const t = Math.floor(percent(done, total) / 10);
      last = s;
      if (!newLabel && t === tenth) {
        shown = false;
        return;
      }
      tenth = t;
      draw(s);
    },
    note(message) {
      if (tty && last) {
        stream.write(`\r\x1b[2K${message}\n`);
        draw(last, true);
      } else {
        stream.write(`${message}\n`);
      }
    },
    done() {
      if (last && !shown) draw(last);
      if (tty && last) stream.write('\n');
      last = null;
      shown = false;
      line = '';
      tenth = -1;
    },
  };
}
