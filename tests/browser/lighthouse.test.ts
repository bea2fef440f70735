/**
 * Lighthouse (mobile preset: simulated slow 4G, 4x CPU slowdown) with Debian's Chromium on the
 * pages of the acceptance: the home page in Italian and in Arabic (right to left) and an event
 * page. Performance at least 0.95, accessibility 1.0. The event page is taken from the events list
 * (/p/it/events); while that list answers 404 the run says so and measures the other pages.
 * `npm run lighthouse` measures more pages (project, help, feedback) with the same harness.
 */
import { describe, expect, it } from 'vitest';
import { formatScore, runLighthouse, targets } from '../../bench/lighthouse/harness.ts';

describe('Lighthouse on the public site', () => {
  it('home page (Italian, Arabic) and event page: performance >= 0.95, accessibility 1.0', async () => {
    const lines: string[] = [];
    const { scores, unavailable } = await runLighthouse({
      preset: 'mobile',
      only: (page) => page.path === '/p/it/' || page.path === '/p/ar/' || page.label.startsWith('event page'),
      log: (line) => lines.push(line),
    });
    for (const u of unavailable.filter((x) => x.label === 'event page')) lines.push(`n/a  event page: not available (${u.reason})`);
    console.log(lines.join('\n'));

    expect(scores.map((s) => s.path).slice(0, 2)).toEqual(['/p/it/', '/p/ar/']);
    const event = scores.find((s) => s.label.startsWith('event page'));
    // Exactly one of the two: the event page measured, or its absence explained.
    expect(Boolean(event) !== unavailable.some((u) => u.label === 'event page')).toBe(true);
    for (const s of scores) {
      const detail = `${formatScore(s)}; audits without full marks: ${s.failing.join('; ')}`;
      expect(s.performance, `performance of ${detail}`).toBeGreaterThanOrEqual(targets.performance);
      expect(s.accessibility, `accessibility of ${detail}`).toBe(targets.accessibility);
      expect(formatScore(s)).toMatch(/^ok /);
    }
  }, 300_000);
});
