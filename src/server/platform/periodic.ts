/**
 * Background work that repeats while the server runs. The timers are unref'd: they never keep
 * the process alive.
 *
 * - `startEvery`: runs the task now and then every `intervalMs`; a tick that finds the previous
 *   run still going is skipped (retention purges, permit reminders, the job runner, whose `poke()`
 *   asks for a run now on the same terms).
 * - `startSerialLoop`: runs the task now, then `intervalMs` after each run ends; `runNow()` queues
 *   a run after the current one and answers its result (outboxes, referral deadlines, procedure
 *   warnings: work that tests drive by hand).
 */

export function startEvery(options: { intervalMs: number; task: () => Promise<unknown>; onError: (err: unknown) => void }): { stop(): Promise<void>; poke(): void } {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const run = (): void => {
    if (running || stopped) return;
    running = options
      .task()
      .catch((err: unknown) => options.onError(err))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  run();
  return {
    poke: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export function startSerialLoop<T>(options: { intervalMs: number; task: () => Promise<T>; onError?: (err: unknown) => void }): { runNow: () => Promise<T>; stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const run = (): Promise<T> => {
    const next = current.then(() => options.task());
    current = next.catch((e: unknown) => options.onError?.(e));
    return next;
  };
  const schedule = (first: boolean): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run()
        .catch(() => undefined)
        .then(() => schedule(false));
    }, first ? 0 : options.intervalMs);
    timer.unref();
  };
  schedule(true);
  return {
    runNow: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => undefined);
    },
  };
}
