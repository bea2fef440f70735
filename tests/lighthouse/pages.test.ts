/**
 * The Lighthouse harness finds its pages on the server: the project page from the home page, the
 * event page from the events list when there is one, and says plainly when there is none. Checked
 * against small stand-in servers (the real pages are measured by tests/browser/lighthouse.test.ts).
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { formatScore, meetsTargets, publicPages, type PageScore } from '../../bench/lighthouse/harness.ts';

let server: Server | null = null;

async function serve(routes: Record<string, { status: number; body: string }>): Promise<string> {
  server = createServer((req, res) => {
    const route = routes[req.url ?? ''] ?? { status: 404, body: '<h1>Pagina non trovata</h1>' };
    res.writeHead(route.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

const home = { status: 200, body: '<main><a href="/p/it/help">Aiuto</a><ul><li><a href="/p/it/projects/piano-demo-5">Piano</a></li></ul></main>' };

describe('Lighthouse harness: the pages it measures', () => {
  it('without an events list: the event page is reported as not available, with the reason', async () => {
    const url = await serve({ '/p/it/': home });
    const { pages, unavailable } = await publicPages(url);
    expect(pages.map((p) => p.path)).toEqual(['/p/it/', '/p/ar/', '/p/it/projects/piano-demo-5', '/p/it/help', '/p/it/feedback?page=%2Fhelp']);
    expect(unavailable).toEqual([{ label: 'event page', reason: '/p/it/events answers 404 (no events list on this server)' }]);
  });

  it('with an events list: its first event page is measured too', async () => {
    const url = await serve({
      '/p/it/': home,
      '/p/it/events': { status: 200, body: '<main><h1>Eventi</h1><a href="/p/it/">Home</a><a href="/p/it/events/formazione-2027-03">Formazione</a><a href="/p/it/events/altro">Altro</a></main>' },
    });
    const { pages, unavailable } = await publicPages(url);
    expect(pages.slice(-2)).toEqual([
      { label: 'events list (it)', path: '/p/it/events' },
      { label: 'event page (it)', path: '/p/it/events/formazione-2027-03' },
    ]);
    expect(unavailable).toEqual([]);
  });

  it('an events list with no event, or a home page with no project, is said so', async () => {
    const url = await serve({ '/p/it/': { status: 200, body: '<main></main>' }, '/p/it/events': { status: 200, body: '<main><h1>Eventi</h1></main>' } });
    const { unavailable } = await publicPages(url);
    expect(unavailable.map((u) => `${u.label}: ${u.reason}`)).toEqual([
      'project page: the home page links to no project page',
      'event page: the events list links to no event page',
    ]);
  });

  it('scores below either target fail', () => {
    const score = (performance: number, accessibility: number): PageScore => ({
      label: 'home (it)', path: '/p/it/', performance, accessibility, metrics: { fcp: 800, lcp: 900, tbt: 10, cls: 0 }, failing: [], transferBytes: 3800, benchmarkIndex: 1500, runs: 1,
    });
    expect(meetsTargets(score(0.95, 1))).toBe(true);
    expect(meetsTargets(score(0.94, 1))).toBe(false);
    expect(meetsTargets(score(1, 0.98))).toBe(false);
    expect(formatScore(score(0.94, 1))).toMatch(/^FAIL home \(it\) +performance {2}94 {2}accessibility 100/);
  });
});
