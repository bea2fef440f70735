/** Helpers of the events tests: an event created and published through the staff API, and the public form. */
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import type { LoggedIn } from '../helpers/login.ts';

export const form = 'application/x-www-form-urlencoded';

let n = 0;

export function eventBody(t: TestApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = t.clock.now().getTime();
  n++;
  return {
    slug: `seminario-prova-${n}-${Math.random().toString(36).slice(2, 8)}`,
    title: `Seminario di prova ${n}`,
    audience: 'Assistenti sociali e operatori',
    description: 'Indicatori di tratta.\n\nCasi pratici.',
    startsAt: new Date(now + 10 * 86_400_000).toISOString(),
    endsAt: new Date(now + 10 * 86_400_000 + 3 * 3_600_000).toISOString(),
    place: 'Sala convegni, Via Esempio 1, Torino',
    onlineUrl: null,
    capacity: 1,
    registrationDeadline: new Date(now + 9 * 86_400_000).toISOString(),
    waitingList: true,
    formFields: [
      { key: 'ente', label: 'Ente di appartenenza', type: 'text', required: true },
      { key: 'ruolo', label: 'Ruolo', type: 'select', required: false, options: ['Assistente sociale', 'Educatore', 'Altro'] },
      { key: 'crediti', label: 'Chiedo i crediti formativi', type: 'checkbox', required: false },
    ],
    consentText: 'I dati sono trattati solo per gestire l’iscrizione e cancellati 90 giorni dopo l’evento.',
    creditsCode: 'CROAS-2026-117',
    creditsHours: 4,
    ...overrides,
  };
}

export interface CreatedEvent {
  id: string;
  slug: string;
  version: number;
}

export async function createPublishedEvent(t: TestApp, trainer: LoggedIn, overrides: Record<string, unknown> = {}): Promise<CreatedEvent> {
  const body = eventBody(t, overrides);
  const created = await t.app.inject({ method: 'POST', url: '/api/events', headers: trainer.headers, payload: body });
  expect(created.statusCode, created.body).toBe(201);
  const ev = created.json<{ id: string; slug: string; version: number }>();
  const published = await t.app.inject({ method: 'POST', url: `/api/events/${ev.id}/publish`, headers: trainer.headers, payload: { version: ev.version } });
  expect(published.statusCode, published.body).toBe(200);
  return { id: ev.id, slug: ev.slug, version: published.json<{ version: number }>().version };
}

let address = 0;
export const nextAddress = (): string => `198.51.100.${(++address % 250) + 1}`;

export async function openForm(t: TestApp, lang: string, slug: string): Promise<{ token: string; body: string; status: number }> {
  const r = await t.app.inject({ method: 'GET', url: `/p/${lang}/events/${slug}`, remoteAddress: nextAddress() });
  return { token: /name="token" value="([^"]+)"/.exec(r.body)?.[1] ?? '', body: r.body, status: r.statusCode };
}

export async function postForm(t: TestApp, url: string, fields: Record<string, string> | string, remoteAddress = nextAddress()) {
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: { 'content-type': form },
    payload: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
  });
}

/** Opens the form, waits the minimum form age on the manual clock, and registers. */
export async function registerVisitor(t: TestApp, slug: string, fields: Record<string, string>, lang = 'it') {
  const f = await openForm(t, lang, slug);
  t.clock.advance({ seconds: 5 });
  return postForm(t, `/p/${lang}/events/${slug}`, { token: f.token, website: '', consent: 'yes', f_ente: 'Cooperativa Esempio', ...fields });
}
