/**
 * "Leave feedback" on the public pages: a short anonymous form (was the page useful, an optional
 * comment) stored for staff review, and the staff side (list, review state, retention).
 *
 * The visitor stays anonymous: no cookie, no session, no address kept (the audit entry of a
 * submission carries no IP either). The comment is encrypted, since a visitor may write something
 * personal despite the warning. Resistance to bots needs no third party:
 * - a signed form token (HMAC over the time the form was served, its language and page) that
 *   must be at least a few seconds old and at most a couple of hours;
 * - a hidden field that people never fill in (filled → answered like a success, nothing stored);
 * - a limit per client address held only in memory (never written), and a network-wide hourly cap
 *   counted in the database.
 */
import { startEvery } from '../../platform/periodic.ts';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { DataAccess } from '../../platform/access.ts';
import { writeAudit, type AuditAction } from '../../platform/audit.ts';
import { conflictError, notFound } from '../../platform/errors.ts';
import { fieldAad, type FieldCipher } from '../../platform/crypto.ts';
import { registerEncryptedColumn } from '../../platform/encrypted-columns.ts';
import { escapeHtml } from '../../../domain/public/markdown.ts';
import { isPublicLanguage, type PublicLanguage } from '../../../domain/public/languages.ts';
import { italianToday } from '../../../domain/case-records.ts';
import { fill } from './chrome.ts';
import { feedbackTexts } from './feedback-texts.ts';
import { pageHtml } from './render.ts';

const e = escapeHtml;

export const feedbackComment = { table: 'public_feedback', column: 'comment_enc' } as const;
registerEncryptedColumn(feedbackComment);

/** Longest comment, in UTF-16 code units (what the browser's maxlength counts). */
export const maxCommentLength = 2000;
/** A form sent sooner than this after it was served is taken for a bot. */
const minFormAgeMs = 3_000;
/** A form older than this has expired (the visitor is asked to send it again). */
const maxFormAgeMs = 2 * 3_600_000;
/** Per client address, in memory only. */
const perClientLimit = 5;
const perClientWindowMs = 10 * 60_000;

/** The page a feedback is about, after /p/<lang>: the same shape the database accepts. */
const pagePathPattern = /^\/[a-z0-9/-]{0,120}$/;

export function cleanPagePath(value: unknown): string {
  return typeof value === 'string' && pagePathPattern.test(value) && !value.startsWith('/feedback') ? value : '/';
}

// C0 and C1 controls other than tab, line feed and carriage return; lone surrogates become U+FFFD
// when the form is decoded, so the replacement character is refused as well.
// eslint-disable-next-line no-control-regex
const badCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/u;

export interface FeedbackSettings {
  /** Days a feedback is kept before it is deleted. */
  retentionDays: number;
  /** Most feedback accepted from the whole public in one hour. */
  maxPerHour: number;
}

export type FeedbackErrorKey = 'empty' | 'tooLong' | 'badText' | 'expired' | 'tooMany';

export interface FeedbackForm {
  page: string;
  useful: 'yes' | 'no' | null;
  comment: string;
}

/** Signs and checks the form tokens; the key lives in memory (a restart only expires open forms). */
export class FormTokens {
  private readonly key = randomBytes(32);

  issue(options: { lang: PublicLanguage; page: string; now: Date }): string {
    const at = String(options.now.getTime());
    return `${at}.${this.mac(at, options.lang, options.page)}`;
  }

  /** 'ok', 'early' (too soon: a bot), or 'expired' (too old, tampered or missing). */
  check(options: { token: unknown; lang: PublicLanguage; page: string; now: Date }): 'ok' | 'early' | 'expired' {
    if (typeof options.token !== 'string') return 'expired';
    const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(options.token);
    if (!match) return 'expired';
    const [, at = '', sig = ''] = match;
    const expected = Buffer.from(this.mac(at, options.lang, options.page));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'expired';
    const age = options.now.getTime() - Number(at);
    if (age < minFormAgeMs) return 'early';
    if (age > maxFormAgeMs) return 'expired';
    return 'ok';
  }

  private mac(at: string, lang: string, page: string): string {
    return createHmac('sha256', this.key).update(`${at}\n${lang}\n${page}`).digest('base64url');
  }
}

/** Sliding-window counter per client address, kept in memory only and pruned as it goes. */
export class ClientLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limit = perClientLimit, private readonly windowMs = perClientWindowMs) {}

  /** Counts a hit; false when the client is over the limit. */
  take(client: string, now: number): boolean {
    const recent = (this.hits.get(client) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(client, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(client, recent);
    if (this.hits.size > 10_000) {
      for (const [key, times] of this.hits) if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(key);
    }
    return true;
  }
}

/** Reads the posted fields; anything unexpected is ignored, never echoed unescaped. */
export function readForm(body: unknown): { form: FeedbackForm; token: unknown; trap: string } {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const one = (name: string): string => {
    const v = fields[name];
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
    return '';
  };
  const useful = one('useful');
  return {
    form: {
      page: cleanPagePath(one('page')),
      useful: useful === 'yes' || useful === 'no' ? useful : null,
      comment: one('comment').normalize('NFC').replace(/\r\n?/g, '\n').trim(),
    },
    token: fields.token,
    trap: one('website'),
  };
}

export function validateForm(form: FeedbackForm): FeedbackErrorKey[] {
  const errors: FeedbackErrorKey[] = [];
  if (form.useful === null && form.comment === '') errors.push('empty');
  if (form.comment.length > maxCommentLength) errors.push('tooLong');
  if (badCharacters.test(form.comment)) errors.push('badText');
  return errors;
}

/** The form page (also re-shown with the errors and what the visitor wrote). */
export function feedbackFormHtml(options: {
  lang: PublicLanguage;
  exitUrl: string;
  token: string;
  form: FeedbackForm;
  errors: readonly FeedbackErrorKey[];
}): string {
  const { lang, form, errors } = options;
  const t = feedbackTexts[lang];
  const message = (k: FeedbackErrorKey): string => fill(t[k], { max: String(maxCommentLength) });
  const target = (k: FeedbackErrorKey): string => (k === 'empty' ? 'useful-yes' : 'comment');
  const errorBox = errors.length
    ? `<div class="errors" role="alert" id="feedback-errors"><p>${e(t.errorsTitle)}</p><ul>${errors
      .map((k) => `<li><a href="#${target(k)}">${e(message(k))}</a></li>`)
      .join('')}</ul></div>`
    : '';
  const commentInvalid = errors.some((k) => k === 'tooLong' || k === 'badText');
  const radio = (value: 'yes' | 'no') =>
    `<label class="choice"><input type="radio" id="useful-${value}" name="useful" value="${value}"${form.useful === value ? ' checked' : ''}> ${e(t[value])}</label>`;
  const main = `<h1>${e(t.title)}</h1>
<p>${e(t.intro)}</p>
<p class="notice">${e(t.warning)}</p>
${errorBox}
<form class="feedback" method="post" action="/p/${lang}/feedback">
<input type="hidden" name="page" value="${e(form.page)}">
<input type="hidden" name="token" value="${e(options.token)}">
<fieldset><legend>${e(t.useful)}</legend>${radio('yes')} ${radio('no')}</fieldset>
<p><label for="comment">${e(t.comment)}</label><br>
<span id="comment-hint" class="hint">${e(fill(t.commentHint, { max: String(maxCommentLength) }))}</span><br>
<textarea id="comment" name="comment" rows="6" maxlength="${maxCommentLength}" aria-describedby="comment-hint"${commentInvalid ? ' aria-invalid="true"' : ''}>${e(form.comment)}</textarea></p>
<div class="hp" aria-hidden="true"><label for="website">Website</label> <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<p><button type="submit">${e(t.send)}</button></p>
</form>
<p><a href="/p/${lang}${e(form.page)}">${e(t.backToPage)}</a></p>`;
  return pageHtml({ lang, path: '/feedback', current: null, title: t.title, exitUrl: options.exitUrl, main });
}

export function feedbackSentHtml(options: { lang: PublicLanguage; exitUrl: string; page: string }): string {
  const t = feedbackTexts[options.lang];
  const main = `<h1>${e(t.sentTitle)}</h1>
<p role="status">${e(t.sentText)}</p>
<p><a href="/p/${options.lang}${e(options.page)}">${e(t.backToPage)}</a></p>`;
  return pageHtml({ lang: options.lang, path: '/feedback/sent', current: null, title: t.sentTitle, exitUrl: options.exitUrl, main });
}

/** Stores a valid feedback (comment encrypted), unless the network-wide hourly cap is reached. */
export async function storeFeedback(options: {
  access: DataAccess;
  cipher: FieldCipher;
  settings: FeedbackSettings;
  lang: PublicLanguage;
  form: FeedbackForm;
}): Promise<'stored' | 'capped'> {
  const { access, cipher, settings, lang, form } = options;
  return access.anonymousTransaction(async (tx) => {
    const since = new Date(tx.now.getTime() - 3_600_000);
    const recent = await tx.db.selectFrom('public_feedback').select((eb) => eb.fn.countAll<string>().as('n')).where('created_at', '>', since).executeTakeFirstOrThrow();
    if (Number(recent.n) >= settings.maxPerHour) return 'capped';
    const deleteAfter = new Date(tx.now.getTime() + settings.retentionDays * 86_400_000);
    // The id is chosen here so that the comment can be sealed to its row before the row is written.
    const id = randomUUID();
    const sealed = form.comment === '' ? null : await cipher.encrypt({ plaintext: form.comment, aad: fieldAad({ ...feedbackComment, rowId: id }), db: tx.db });
    await tx.db
      .insertInto('public_feedback')
      .values({ id, lang, page_path: form.page, useful: form.useful === null ? null : form.useful === 'yes', comment_enc: sealed, created_at: tx.now, delete_after: italianToday(deleteAfter) })
      .execute();
    await tx.audit(
      { action: 'public_feedback.create', outcome: 'success', recordType: 'public_feedback', recordId: id, fields: form.comment ? ['useful', 'comment'] : ['useful'], details: { lang } },
      null,
      null,
      { withoutIp: true },
    );
    return 'stored';
  });
}

// --- staff side (public.edit) -------------------------------------------------------------------

export type FeedbackStatus = 'new' | 'reviewed' | 'archived';

export interface FeedbackDto {
  id: string;
  lang: string;
  page: string;
  useful: boolean | null;
  comment: string | null;
  status: FeedbackStatus;
  createdAt: string;
  reviewedBy: { id: string; displayName: string } | null;
  reviewedAt: string | null;
  deleteAfter: string;
  version: number;
}

async function requireEditor(access: DataAccess, action: AuditAction, recordId?: string) {
  return access.require({ permission: 'public.edit', entry: { action, recordType: 'public_feedback', ...(recordId ? { recordId } : {}) }, hide: false });
}

const limitPerPage = 100;

export async function listFeedback(options: {
  access: DataAccess;
  cipher: FieldCipher;
  query: { status?: FeedbackStatus | undefined; lang?: string | undefined; before?: string | undefined };
}): Promise<{ items: FeedbackDto[]; counts: Record<FeedbackStatus, number>; next: string | null }> {
  const { access, cipher, query } = options;
  await requireEditor(access, 'public_feedback.list');
  return access.transaction(async (tx) => {
    let q = tx.db
      .selectFrom('public_feedback as f')
      .leftJoin('users as u', 'u.id', 'f.reviewed_by')
      .select(['f.id', 'f.lang', 'f.page_path', 'f.useful', 'f.comment_enc', 'f.status', 'f.created_at', 'f.reviewed_by', 'u.display_name', 'f.reviewed_at', 'f.delete_after', 'f.version'])
      .orderBy('f.created_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(limitPerPage + 1);
    if (query.status) q = q.where('f.status', '=', query.status);
    if (query.lang) q = q.where('f.lang', '=', query.lang);
    if (query.before) q = q.where('f.created_at', '<', new Date(query.before));
    const rows = await q.execute();
    const page = rows.slice(0, limitPerPage);
    const counted = await tx.db.selectFrom('public_feedback').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
    const counts: Record<FeedbackStatus, number> = { new: 0, reviewed: 0, archived: 0 };
    for (const c of counted) counts[c.status] = Number(c.n);
    const items: FeedbackDto[] = [];
    for (const r of page) {
      items.push({
        id: r.id,
        lang: r.lang,
        page: r.page_path,
        useful: r.useful,
        comment: r.comment_enc === null ? null : await cipher.decrypt({ value: r.comment_enc, aad: fieldAad({ ...feedbackComment, rowId: r.id }), db: tx.db }),
        status: r.status,
        createdAt: r.created_at.toISOString(),
        reviewedBy: r.reviewed_by ? { id: r.reviewed_by, displayName: r.display_name ?? '' } : null,
        reviewedAt: r.reviewed_at ? r.reviewed_at.toISOString() : null,
        deleteAfter: r.delete_after,
        version: r.version,
      });
    }
    await tx.audit({
      action: 'public_feedback.list', outcome: 'success', recordType: 'public_feedback',
      fields: ['useful', 'comment'], details: { count: items.length, status: query.status ?? null },
    });
    const last = page[page.length - 1];
    return { items, counts, next: rows.length > limitPerPage && last ? last.created_at.toISOString() : null };
  });
}

export async function reviewFeedback(options: {
  access: DataAccess;
  cipher: FieldCipher;
  id: string;
  input: { status: FeedbackStatus; version: number };
}): Promise<FeedbackDto> {
  const { access, cipher, id, input } = options;
  await requireEditor(access, 'public_feedback.update', id);
  const updated = await access.transaction(async (tx) => {
    const row = await tx.db.selectFrom('public_feedback').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return null;
    if (row.version !== input.version) {
      throw conflictError({ it: 'Il commento è stato cambiato da qualcun altro: ricarica la pagina.', en: 'The feedback was changed by someone else: reload the page.', detail: `version ${row.version}` });
    }
    const r = await tx.db
      .updateTable('public_feedback')
      .set({ status: input.status, reviewed_by: tx.actor.userId, reviewed_at: tx.now, version: row.version + 1 })
      .where('id', '=', id)
      .returning(['id', 'lang', 'page_path', 'useful', 'comment_enc', 'status', 'created_at', 'reviewed_at', 'delete_after', 'version'])
      .executeTakeFirstOrThrow();
    const me = await tx.db.selectFrom('users').select('display_name').where('id', '=', tx.actor.userId).executeTakeFirst();
    await tx.audit({ action: 'public_feedback.update', outcome: 'success', recordType: 'public_feedback', recordId: id, fields: ['status'], details: { status: input.status } });
    return {
      id: r.id,
      lang: r.lang,
      page: r.page_path,
      useful: r.useful,
      comment: r.comment_enc === null ? null : await cipher.decrypt({ value: r.comment_enc, aad: fieldAad({ ...feedbackComment, rowId: r.id }), db: tx.db }),
      status: r.status,
      createdAt: r.created_at.toISOString(),
      reviewedBy: { id: tx.actor.userId, displayName: me?.display_name ?? '' },
      reviewedAt: r.reviewed_at ? r.reviewed_at.toISOString() : null,
      deleteAfter: r.delete_after,
      version: r.version,
    } satisfies FeedbackDto;
  });
  if (updated) return updated;
  await access.auditDenied({ action: 'public_feedback.update', recordType: 'public_feedback', recordId: id, details: { reason: 'not_found' } });
  throw notFound('feedback');
}

export type FeedbackLanguage = PublicLanguage;

export function isFeedbackLanguage(lang: string): lang is PublicLanguage {
  return isPublicLanguage(lang);
}

/** Deletes feedback past its retention date (system work: the retention job and the CLI). */
export async function systemPurgeFeedback(options: { db: Kysely<DB>; now: Date }): Promise<number> {
  return options.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('public_feedback').where('delete_after', '<', italianToday(options.now)).returning('id').execute();
    if (gone.length > 0) {
      await writeAudit({
        db: trx,
        context: { userId: null, orgId: null, ip: null, requestId: null },
        entry: { action: 'public_feedback.purge', outcome: 'success', recordType: 'public_feedback', details: { count: gone.length } },
      });
    }
    return gone.length;
  });
}

/** Runs the purge now and then every `intervalMs` (unref'd timer). */
export function startFeedbackRetention(options: { db: Kysely<DB>; clock: { now(): Date }; intervalMs: number; onError(err: unknown): void }): { stop(): Promise<void> } {
  return startEvery({ intervalMs: options.intervalMs, onError: (err) => options.onError(err), task: () => systemPurgeFeedback({ db: options.db, now: options.clock.now() }) });
}
