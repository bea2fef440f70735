/** Time source. Tests pass a controllable clock to exercise timeouts and deadlines. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-01-15T09:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(options: { minutes?: number; seconds?: number; hours?: number; days?: number }): void {
    const { minutes = 0, seconds = 0, hours = 0, days = 0 } = options;
    this.t += ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000;
  }
  set(to: Date | string): void {
    this.t = new Date(to).getTime();
  }
}
