/**
 * Server-rendered HTML of the public event pages, inside the public site's chrome (quick exit,
 * hotline, languages, strict CSP): every value passes through escapeHtml. The events are written
 * in Italian: they are marked lang="it" and, on pages in other languages, the chrome's notice
 * says so.
 */
import { escapeHtml } from '../../../domain/public/markdown.ts';
import { languageInfo, type PublicLanguage } from '../../../domain/public/languages.ts';
import type { RegistrationErrorKey } from '../../../domain/events/index.ts';
import { maxAnswerLength, maxEmailLength, maxNameLength, maxPhoneLength } from '../../../domain/events/index.ts';
import { chrome, fill } from '../public/chrome.ts';
import { pageHtml } from '../public/render.ts';
import { eventTexts, type EventTexts } from './texts.ts';
import { registrationOpen, type PublicEvent } from './registrations.ts';

const e = escapeHtml;
const it = ' lang="it" dir="ltr"';

export function formatWhen(lang: PublicLanguage, start: Date, end?: Date): string {
  const intl = languageInfo[lang].intl;
  const day = new Intl.DateTimeFormat(intl, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' });
  if (!end) return day.format(start);
  const sameDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' });
  const endText = sameDay.format(start) === sameDay.format(end)
    ? new Intl.DateTimeFormat(intl, { timeStyle: 'short', timeZone: 'Europe/Rome' }).format(end)
    : day.format(end);
  return `${day.format(start)} – ${endText}`;
}

function notice(lang: PublicLanguage): string {
  return lang === 'it' ? '' : `<p class="notice" role="note">${e(chrome[lang].fallback)}</p>\n`;
}

function availability(t: EventTexts, ev: PublicEvent): string {
  if (ev.status === 'cancelled') return `<p class="notice"><strong>${e(t.cancelledEvent)}</strong></p>`;
  const left = ev.capacity - ev.confirmed;
  if (left > 0) return `<p>${e(fill(t.places, { n: String(left) }))}</p>`;
  return `<p>${e(ev.waitingList ? t.waitingOpen : t.full)}</p>`;
}

function factsHtml(lang: PublicLanguage, t: EventTexts, ev: PublicEvent): string {
  const rows: Array<[string, string]> = [[t.when, e(formatWhen(lang, ev.startsAt, ev.endsAt))]];
  if (ev.place) rows.push([t.where, `<bdi${it}>${e(ev.place)}</bdi>`]);
  if (ev.onlineUrl) rows.push([t.online, `<a href="${e(ev.onlineUrl)}" rel="noopener noreferrer" dir="ltr">${e(ev.onlineUrl)}</a>`]);
  if (ev.audience) rows.push([t.audience, `<bdi${it}>${e(ev.audience)}</bdi>`]);
  return `<dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export function eventListHtml(options: { lang: PublicLanguage; exitUrl: string; events: readonly PublicEvent[] }): string {
  const { lang, events } = options;
  const t = eventTexts[lang];
  const items = events.map((ev) => `<li><h2><a href="/p/${lang}/events/${e(ev.slug)}"><bdi${it}>${e(ev.title)}</bdi></a></h2>
${factsHtml(lang, t, ev)}
${availability(t, ev)}
</li>`);
  const main = `${events.length > 0 ? notice(lang) : ''}<h1>${e(t.listTitle)}</h1>
<p>${e(t.listIntro)}</p>
${items.length > 0 ? `<ul class="events">${items.join('\n')}</ul>` : `<p>${e(t.none)}</p>`}`;
  return pageHtml({ lang, path: '/events', current: 'events', title: t.listTitle, exitUrl: options.exitUrl, main });
}

export interface RegistrationForm {
  name: string;
  email: string;
  phone: string;
  consent: boolean;
  answers: Record<string, string>;
}

export const emptyForm: RegistrationForm = { name: '', email: '', phone: '', consent: false, answers: {} };

/** Problems shown above the form: per field, or about the whole registration. */
export type PageError = { field: string; key: RegistrationErrorKey } | { field: null; key: 'expired' | 'tooMany' | 'duplicate' | 'fullRefused' | 'closed' };

function fieldId(field: string): string {
  return field.startsWith('f_') ? `reg-f-${field.slice(2)}` : `reg-${field}`;
}

export function eventPageHtml(options: {
  lang: PublicLanguage;
  exitUrl: string;
  event: PublicEvent;
  now: Date;
  token: string;
  form: RegistrationForm;
  errors: readonly PageError[];
}): string {
  const { lang, event: ev, form, errors } = options;
  const t = eventTexts[lang];
  const labelOf = (field: string): string => {
    if (field === 'name') return t.name;
    if (field === 'email') return t.email;
    if (field === 'phone') return t.phone;
    return ev.formFields.find((f) => `f_${f.key}` === field)?.label ?? field;
  };
  const message = (err: PageError): string => {
    if (err.field === null) return t[err.key];
    if (err.key === 'consent') return t.consentMissing;
    return fill(t[err.key], { label: labelOf(err.field) });
  };
  const errorBox = errors.length
    ? `<div class="errors" role="alert" id="registration-errors"><p>${e(t.errorsTitle)}</p><ul>${errors
      .map((err) => (err.field === null ? `<li>${e(message(err))}</li>` : `<li><a href="#${fieldId(err.field)}">${e(message(err))}</a></li>`))
      .join('')}</ul></div>`
    : '';
  const invalid = (field: string) => (errors.some((x) => x.field === field) ? ' aria-invalid="true"' : '');
  const input = (field: string, label: string, type: string, value: string, required: boolean, max: number, autocomplete: string) =>
    `<p><label for="${fieldId(field)}">${e(label)} <span class="hint">${e(required ? `* ${t.requiredMark}` : t.optional)}</span></label><br>
<input id="${fieldId(field)}" name="${e(field)}" type="${type}" value="${e(value)}" maxlength="${max}"${required ? ' required' : ''}${autocomplete ? ` autocomplete="${autocomplete}"` : ''}${invalid(field)}></p>`;
  const custom = ev.formFields.map((f) => {
    const field = `f_${f.key}`;
    const value = form.answers[f.key] ?? '';
    if (f.type === 'checkbox') {
      return `<p><label class="choice" for="${fieldId(field)}"><input type="checkbox" id="${fieldId(field)}" name="${e(field)}" value="yes"${value ? ' checked' : ''}${f.required ? ' required' : ''}${invalid(field)}> <bdi${it}>${e(f.label)}</bdi> <span class="hint">${e(f.required ? `* ${t.requiredMark}` : t.optional)}</span></label></p>`;
    }
    if (f.type === 'select') {
      const opts = (f.options ?? []).map((o) => `<option value="${e(o)}"${o === value ? ' selected' : ''}>${e(o)}</option>`).join('');
      return `<p><label for="${fieldId(field)}"><bdi${it}>${e(f.label)}</bdi> <span class="hint">${e(f.required ? `* ${t.requiredMark}` : t.optional)}</span></label><br>
<select id="${fieldId(field)}" name="${e(field)}"${f.required ? ' required' : ''}${invalid(field)}><option value=""></option>${opts}</select></p>`;
    }
    const type = f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text';
    return input(field, f.label, type, value, f.required, maxAnswerLength, '');
  });
  const open = registrationOpen(ev, options.now);
  const full = ev.confirmed >= ev.capacity && !ev.waitingList;
  const formHtml = open && !full
    ? `<section aria-labelledby="form-title">
<h2 id="form-title">${e(t.formTitle)}</h2>
<p>${e(t.formIntro)}</p>
${errorBox}
<form class="feedback registration" method="post" action="/p/${lang}/events/${e(ev.slug)}">
<input type="hidden" name="token" value="${e(options.token)}">
${input('name', t.name, 'text', form.name, true, maxNameLength, 'name')}
${input('email', t.email, 'email', form.email, true, maxEmailLength, 'email')}
${input('phone', t.phone, 'tel', form.phone, false, maxPhoneLength, 'tel')}
${custom.join('\n')}
<fieldset><legend>${e(t.consent)}</legend>
<p class="consent-text"${it}>${e(ev.consentText)}</p>
<label class="choice" for="reg-consent"><input type="checkbox" id="reg-consent" name="consent" value="yes" required${form.consent ? ' checked' : ''}${invalid('consent')}> ${e(t.consent)} <span class="hint">* ${e(t.requiredMark)}</span></label>
</fieldset>
<div class="hp" aria-hidden="true"><label for="website">Website</label> <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${e(t.send)}</button></p>
</form>
</section>`
    : errorBox || `<p><strong>${e(ev.status === 'cancelled' ? t.cancelledEvent : full && open ? t.fullRefused : t.closed)}</strong></p>`;
  const description = ev.description
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const credits = ev.creditsCode || ev.creditsHours
    ? `<p>${e(fill(t.credits, { hours: ev.creditsHours ?? '—', code: ev.creditsCode ?? '—' }))}</p>`
    : '';
  const main = `${notice(lang)}<h1${it}>${e(ev.title)}</h1>
${factsHtml(lang, t, ev)}
<p>${e(fill(t.deadline, { date: formatWhen(lang, ev.registrationDeadline) }))}</p>
${availability(t, ev)}
<div class="content"${it}>
${description}
</div>
${credits}
${formHtml}
<p><a href="/p/${lang}/events">${e(t.backToEvents)}</a></p>`;
  return pageHtml({ lang, path: `/events/${ev.slug}`, current: null, title: ev.title, exitUrl: options.exitUrl, main });
}

export function registeredHtml(options: { lang: PublicLanguage; exitUrl: string; event: PublicEvent; status: 'confirmed' | 'waiting' }): string {
  const { lang, event: ev } = options;
  const t = eventTexts[lang];
  const main = `<h1>${e(t.registeredTitle)}</h1>
<p><bdi${it}>${e(ev.title)}</bdi> — ${e(formatWhen(lang, ev.startsAt, ev.endsAt))}</p>
<p role="status">${e(options.status === 'confirmed' ? t.registeredConfirmed : t.registeredWaiting)}</p>
<p><a href="/p/${lang}/events">${e(t.backToEvents)}</a></p>`;
  return pageHtml({ lang, path: `/events/${ev.slug}/registered`, current: null, title: t.registeredTitle, exitUrl: options.exitUrl, main });
}

export function cancelPageHtml(options: {
  lang: PublicLanguage;
  exitUrl: string;
  token: string;
  view: { status: string; event: { title: string; startsAt: Date } } | null;
  done: boolean;
}): string {
  const { lang, view } = options;
  const t = eventTexts[lang];
  const back = `<p><a href="/p/${lang}/events">${e(t.backToEvents)}</a></p>`;
  let main: string;
  if (!view) {
    main = `<h1>${e(t.cancelTitle)}</h1>\n<p>${e(t.cancelUnknown)}</p>\n${back}`;
  } else if (options.done || view.status === 'cancelled') {
    main = `<h1>${e(t.cancelledTitle)}</h1>\n<p><bdi${it}>${e(view.event.title)}</bdi></p>\n<p role="status">${e(t.cancelledText)}</p>\n${back}`;
  } else {
    main = `<h1>${e(t.cancelTitle)}</h1>
<p><bdi${it}>${e(view.event.title)}</bdi> — ${e(formatWhen(lang, view.event.startsAt))}</p>
<p>${e(t.cancelText)}</p>
<form method="post" action="/p/${lang}/events/cancel/${e(options.token)}"><p><button type="submit">${e(t.cancelButton)}</button></p></form>
${back}`;
  }
  // The language switcher must not carry the secret link to other pages' addresses: it points to the list.
  return pageHtml({ lang, path: '/events', current: null, title: view && (options.done || view.status === 'cancelled') ? t.cancelledTitle : t.cancelTitle, exitUrl: options.exitUrl, main });
}
