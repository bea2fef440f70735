/**
 * The consultation forum (staff only): the list with full-text search and filters (the answered
 * threads are the knowledge base), the ask form with the live personal-data warning, and a thread
 * with its question and answers, the answer form for experts, acceptance, the author's edits with
 * their versions, and the moderation controls (hide/show a post, lock, close, with a reason).
 *
 * Post texts are rendered as text: paragraphs, lists and bold from the Markdown subset of
 * src/domain/public/markdown.ts (parseBlocks), built as React elements, never as HTML.
 */
import { Fragment, useId, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { can } from '../../access.ts';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey, type Translate } from '../../i18n/index.tsx';
import { useMe } from '../../session.tsx';
import { parseBlocks } from '../../../domain/public/markdown.ts';
import {
  checkPost,
  forumCategories,
  forumCategoryLabels,
  forumLimits,
  forumStatuses,
  normaliseTag,
  piiKindLabels,
  type ForumCategory,
  type ForumStatus,
  type PostModerationAction,
  type ThreadModerationAction,
} from '../../../domain/forum/index.ts';

interface Author {
  id: string;
  name: string | null;
  organisationName: string | null;
}

interface Summary {
  id: string;
  title: string;
  category: ForumCategory;
  tags: string[];
  status: ForumStatus;
  locked: boolean;
  answerCount: number;
  hidden: boolean;
  excerpt: string | null;
  author: Author;
  createdAt: string;
  lastActivityAt: string;
}

interface Post {
  id: string;
  kind: 'question' | 'answer';
  body: string | null;
  author: Author;
  createdAt: string;
  editedAt: string | null;
  version: number;
  hidden: boolean;
  hiddenReason: string | null;
  accepted: boolean;
  mine: boolean;
  canEdit: boolean;
}

interface Thread extends Summary {
  version: number;
  acceptedPostId: string | null;
  question: Post;
  answers: Post[];
  moderation: Array<{ id: string; postId: string | null; action: PostModerationAction | ThreadModerationAction; reason: string; moderatorName: string | null; at: string }>;
  can: { answer: boolean; accept: boolean; moderate: boolean };
}

type PostField = 'title' | 'body' | 'tags';

function useCategoryLabel(): (c: ForumCategory) => string {
  const { locale } = useI18n();
  return (c) => forumCategoryLabels[c][locale];
}

const statusKey = (s: ForumStatus): MessageKey => `forum.status.${s}`;

/** Inline text: **bold** as <strong>, everything else as written. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*\n]+\*\*)/g).map((part, i) => (/^\*\*[^*\n]+\*\*$/.test(part) ? <strong key={i}>{part.slice(2, -2)}</strong> : <Fragment key={i}>{part}</Fragment>));
}

/** A post's text as paragraphs and lists (headings become bold paragraphs: the page keeps its outline). */
export function ForumText(props: { body: string }) {
  const blocks = parseBlocks(props.body);
  return (
    <div className="forum-text">
      {blocks.map((b, i) => {
        if (b.kind === 'heading') return <p key={i}><strong>{inline(b.text)}</strong></p>;
        if (b.kind === 'list') {
          const items = b.items.map((it, j) => <li key={j}>{inline(it)}</li>);
          return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
        }
        return (
          <p key={i}>
            {b.lines.map((l, j) => (
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                {inline(l)}
              </Fragment>
            ))}
          </p>
        );
      })}
    </div>
  );
}

/** The live personal-data warning: what the shared check finds in the fields, as the user types. */
function PiiWarning(props: { fields: Partial<Record<PostField, string>>; id?: string }) {
  const { t, locale } = useI18n();
  const findings = useMemo(() => checkPost<PostField>(props.fields), [props.fields]);
  return (
    <div id={props.id} aria-live="polite" className="mb-3">
      {findings.length > 0 ? (
        <div className="alert alert-warning" role="status">
          <strong>{t('forum.piiTitle')}</strong>
          <p className="mb-1">{t('forum.piiIntro')}</p>
          <ul className="mb-0 forum-pii-list">
            {findings.map((f, i) => (
              <li key={i}>
                {t('forum.piiItem', {
                  field: t(`forum.field.${f.field}`),
                  kind: piiKindLabels[f.kind][locale],
                  excerpt: (props.fields[f.field] ?? '').slice(f.start, f.end),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function hasPii(fields: Partial<Record<PostField, string>>): boolean {
  return checkPost<PostField>(fields).length > 0;
}

function authorLine(t: Translate, key: 'forum.askedBy' | 'forum.answeredBy', a: Author, date: string): string {
  return t(key, { name: a.name ?? '—', organisation: a.organisationName ?? '—', date });
}

// =============================================================================================
// The list

export function ForumListPage() {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const categoryLabel = useCategoryLabel();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const status = params.get('status') ?? '';
  const tag = params.get('tag') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [text, setText] = useState(q);
  const [cat, setCat] = useState(category);
  const [st, setSt] = useState(status);
  const query = { ...(q ? { q } : {}), ...(category ? { category } : {}), ...(status ? { status } : {}), ...(tag ? { tag } : {}), ...(page > 1 ? { page: String(page) } : {}) };
  const list = useLoad((signal) => api.get<{ items: Summary[]; total: number; page: number; pageSize: number }>('/api/forum/threads', query, signal), `forum-${params.toString()}`);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const go = (next: Record<string, string>) => {
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== ''));
    setParams(clean);
  };

  return (
    <Page
      title={t('forum.title')}
      lead={t('forum.lead')}
      actions={
        can(me, 'forum.post') ? (
          <Link className="btn btn-primary" to="/forum/new">
            {t('forum.ask')}
          </Link>
        ) : null
      }
    >
      <form
        role="search"
        className="row align-items-end mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: text.trim(), category: cat, status: st, tag });
        }}
      >
        <TextField className="col-md-5" type="search" label={t('forum.search')} hint={t('forum.searchHint')} value={text} onChange={setText} maxLength={forumLimits.searchMax} id="forum-search" />
        <SelectField
          className="col-md-3"
          label={t('forum.category')}
          value={cat}
          onChange={setCat}
          options={[{ value: '', label: t('forum.anyCategory') }, ...forumCategories.map((c) => ({ value: c, label: categoryLabel(c) }))]}
          id="forum-category"
        />
        <SelectField
          className="col-md-2"
          label={t('forum.status')}
          value={st}
          onChange={setSt}
          options={[{ value: '', label: t('forum.anyStatus') }, ...forumStatuses.map((s) => ({ value: s, label: t(statusKey(s)) }))]}
          id="forum-status"
        />
        <div className="col-md-2 mb-4 d-flex gap-2">
          <button type="submit" className="btn btn-primary">
            {t('common.search')}
          </button>
        </div>
      </form>
      {tag ? (
        <p>
          {t('forum.tag')}: <span className="badge bg-secondary">{tag}</span>{' '}
          <button type="button" className="btn btn-link btn-sm" onClick={() => go({ q, category, status })}>
            {t('common.reset')}
          </button>
        </p>
      ) : null}
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <p role="status" id="forum-count">
            {t('forum.results', { count: list.data.total })}
          </p>
          <ul className="list-unstyled forum-list" id="forum-threads">
            {list.data.items.map((th) => (
              <li key={th.id} className="border-bottom py-3 forum-thread">
                <h2 className="h5 mb-1">
                  <Link to={`/forum/${th.id}`}>{th.title}</Link>
                </h2>
                <p className="mb-1 small">
                  <span className="badge bg-primary me-1">{categoryLabel(th.category)}</span>
                  <span className={`badge me-1 ${th.status === 'answered' ? 'bg-success' : th.status === 'closed' ? 'bg-dark' : 'bg-secondary'}`}>{t(statusKey(th.status))}</span>
                  {th.locked ? <span className="badge bg-dark me-1">{t('forum.locked')}</span> : null}
                  {th.hidden ? <span className="badge bg-danger me-1">{t('forum.hidden')}</span> : null}
                  {t('forum.answers', { count: th.answerCount })}
                  {th.tags.map((tg) => (
                    <Fragment key={tg}>
                      {' '}
                      <button type="button" className="btn btn-link btn-sm p-0 align-baseline" onClick={() => go({ tag: tg })}>
                        #{tg}
                      </button>
                    </Fragment>
                  ))}
                </p>
                {th.excerpt ? <p className="mb-1">{th.excerpt}</p> : null}
                <p className="mb-0 small text-secondary">{authorLine(t, 'forum.askedBy', th.author, formatDateTime(th.createdAt))}</p>
              </li>
            ))}
          </ul>
          {list.data.items.length === 0 ? <p>{t('common.noResults')}</p> : null}
          {pages > 1 ? (
            <nav aria-label={t('forum.pageOf', { page, pages })} className="d-flex gap-2 align-items-center">
              <button type="button" className="btn btn-outline-primary btn-sm" disabled={page <= 1} onClick={() => go({ ...query, page: String(page - 1) })}>
                {t('forum.previous')}
              </button>
              <span>{t('forum.pageOf', { page, pages })}</span>
              <button type="button" className="btn btn-outline-primary btn-sm" disabled={page >= pages} onClick={() => go({ ...query, page: String(page + 1) })}>
                {t('forum.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

// =============================================================================================
// Asking

function parseTags(raw: string): { tags: string[]; invalid: string | null } {
  const tags: string[] = [];
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const tag = normaliseTag(part);
    if (!tag) return { tags, invalid: part.trim() };
    if (!tags.includes(tag)) tags.push(tag);
  }
  return { tags, invalid: null };
}

export function ForumAskPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const categoryLabel = useCategoryLabel();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState('');
  const [tagText, setTagText] = useState('');
  const [body, setBody] = useState('');
  const submit = useSubmit();
  const warningId = useId();
  const fields = useMemo(() => ({ title, body, tags: parseTags(tagText).tags.join(' ') }), [title, body, tagText]);

  const send = () =>
    submit.run(
      () => {
        const errors: FieldErrors = {};
        const trimmed = title.trim();
        if (trimmed.length < forumLimits.titleMin || trimmed.length > forumLimits.titleMax) errors.title = t('forum.titleLength');
        if (!category) errors.category = t('forum.required');
        if (body.trim() === '') errors.body = t('forum.required');
        const { tags, invalid } = parseTags(tagText);
        if (invalid) errors.tags = t('forum.tagInvalid', { tag: invalid });
        else if (tags.length > forumLimits.tagsMax) errors.tags = t('forum.tooManyTags');
        if (hasPii(fields)) errors.body ??= t('forum.piiBlocked');
        return errors;
      },
      async () => {
        const thread = await api.post<Thread>('/api/forum/threads', { title: title.trim(), body, category, tags: parseTags(tagText).tags });
        await navigate(`/forum/${thread.id}`, { state: { notice: t('forum.posted') } });
      },
    );

  return (
    <Page title={t('forum.newTitle')} narrow>
      <div className="alert alert-info" id="forum-no-personal-data">
        {t('forum.noPersonalData')}
      </div>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <ErrorAlert error={submit.error} />
        <TextField label={t('forum.questionTitle')} hint={t('forum.titleHint')} value={title} onChange={setTitle} error={submit.fieldErrors.title} required maxLength={forumLimits.titleMax} id="forum-title" />
        <SelectField
          label={t('forum.category')}
          value={category}
          onChange={setCategory}
          placeholder={t('common.choose')}
          options={forumCategories.map((c) => ({ value: c, label: categoryLabel(c) }))}
          error={submit.fieldErrors.category}
          required
          id="forum-new-category"
        />
        <TextField label={t('forum.tags')} hint={t('forum.tagsHint')} value={tagText} onChange={setTagText} error={submit.fieldErrors.tags} id="forum-tags" />
        <TextArea label={t('forum.body')} hint={t('forum.bodyHint')} value={body} onChange={setBody} rows={8} error={submit.fieldErrors.body} required id="forum-body" />
        <PiiWarning fields={fields} id={warningId} />
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {submit.busy ? t('forum.sending') : t('forum.send')}
        </button>
      </form>
    </Page>
  );
}

// =============================================================================================
// A thread

type Pending = { target: 'post'; id: string; action: PostModerationAction } | { target: 'thread'; action: ThreadModerationAction };

export function ForumThreadPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const categoryLabel = useCategoryLabel();
  const [tick, setTick] = useState(0);
  const loaded = useLoad((signal) => api.get<Thread>(`/api/forum/threads/${id}`, undefined, signal), `forum-thread-${id}-${tick}`);
  const [thread, setThread] = useState<Thread | null>(null);
  const current = thread && thread.id === id ? thread : loaded.data;
  const [notice, setNotice] = useState<string | null>(null);
  const action = useSubmit();
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [answer, setAnswer] = useState('');
  const answerSubmit = useSubmit();
  const answerFields = useMemo(() => ({ body: answer }), [answer]);

  const applied = (th: Thread, text: string = t('forum.saved')) => {
    setThread(th);
    setNotice(text);
    setTick((n) => n + 1);
  };

  if (!current) {
    return (
      <Page title={t('forum.title')}>
        <ErrorAlert error={loaded.error} />
        {loaded.loading ? <Loading /> : null}
      </Page>
    );
  }

  const accept = (postId: string | null) =>
    action.run(() => ({}), async () => applied(await api.post<Thread>(`/api/forum/threads/${current.id}/accept`, { postId })));

  const moderate = () =>
    action.run(
      (): FieldErrors => (reason.trim() === '' ? { reason: t('forum.reasonRequired') } : {}),
      async () => {
        if (!pending) return;
        const url = pending.target === 'post' ? `/api/forum/posts/${pending.id}/moderation` : `/api/forum/threads/${current.id}/moderation`;
        const th = await api.post<Thread>(url, { action: pending.action, reason: reason.trim() });
        setPending(null);
        setReason('');
        applied(th);
      },
    );

  const sendAnswer = () =>
    answerSubmit.run(
      (): FieldErrors => {
        if (answer.trim() === '') return { body: t('forum.required') };
        return hasPii(answerFields) ? { body: t('forum.piiBlocked') } : {};
      },
      async () => {
        const th = await api.post<Thread>(`/api/forum/threads/${current.id}/answers`, { body: answer });
        setAnswer('');
        applied(th);
      },
    );

  const moderationForm =
    pending !== null ? (
      <form
        noValidate
        className="border rounded p-3 mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          void moderate();
        }}
      >
        <TextArea
          label={t('forum.mod.postReason', { action: t(`forum.mod.${pending.action}`) })}
          hint={t('forum.reasonHint')}
          value={reason}
          onChange={setReason}
          rows={2}
          error={action.fieldErrors.reason}
          required
          id="forum-mod-reason"
        />
        <div className="d-flex gap-2">
          <button type="submit" className="btn btn-primary btn-sm" disabled={action.busy}>
            {t('forum.mod.apply')}
          </button>
          <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => setPending(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    ) : null;

  const postView = (p: Post) => (
    <PostView
      key={p.id}
      post={p}
      thread={current}
      editing={editing === p.id}
      onEdit={() => setEditing(p.id)}
      onEdited={(th) => {
        setEditing(null);
        applied(th);
      }}
      onCancelEdit={() => setEditing(null)}
      onAccept={(postId) => void accept(postId)}
      onModerate={(a) => {
        setPending({ target: 'post', id: p.id, action: a });
        setReason('');
      }}
      pendingForm={pending?.target === 'post' && pending.id === p.id ? moderationForm : null}
      busy={action.busy}
    />
  );

  return (
    <Page title={current.title}>
      <p>
        <Link to="/forum">{t('forum.title')}</Link>
      </p>
      <p className="small" id="forum-thread-meta">
        <span className="badge bg-primary me-1">{categoryLabel(current.category)}</span>
        <span className={`badge me-1 ${current.status === 'answered' ? 'bg-success' : current.status === 'closed' ? 'bg-dark' : 'bg-secondary'}`}>{t(statusKey(current.status))}</span>
        {current.locked ? <span className="badge bg-dark me-1">{t('forum.locked')}</span> : null}
        {current.tags.map((tg) => (
          <Link key={tg} className="me-1" to={`/forum?tag=${encodeURIComponent(tg)}`}>
            #{tg}
          </Link>
        ))}
      </p>
      <Notice text={notice} />
      <ErrorAlert error={action.error} />
      <section aria-labelledby="forum-question-heading">
        <h2 className="h4" id="forum-question-heading">
          {t('forum.question')}
        </h2>
        {postView(current.question)}
      </section>
      <section aria-labelledby="forum-answers-heading" className="mt-4">
        <h2 className="h4" id="forum-answers-heading">
          {t('forum.answersTitle')}
        </h2>
        {current.answers.length === 0 ? <p>{t('forum.noAnswers')}</p> : null}
        <ol className="list-unstyled" id="forum-answers">
          {current.answers.map((a) => (
            <li key={a.id}>{postView(a)}</li>
          ))}
        </ol>
      </section>
      {current.can.answer ? (
        <section aria-labelledby="forum-answer-heading" className="mt-4">
          <h2 className="h4" id="forum-answer-heading">
            {t('forum.answerTitle')}
          </h2>
          <div className="alert alert-info">{t('forum.noPersonalData')}</div>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void sendAnswer();
            }}
          >
            <ErrorAlert error={answerSubmit.error} />
            <TextArea label={t('forum.answerLabel')} hint={t('forum.bodyHint')} value={answer} onChange={setAnswer} rows={6} error={answerSubmit.fieldErrors.body} required id="forum-answer" />
            <PiiWarning fields={answerFields} />
            <button type="submit" className="btn btn-primary" disabled={answerSubmit.busy}>
              {t('forum.sendAnswer')}
            </button>
          </form>
        </section>
      ) : current.status === 'closed' || current.locked ? (
        <p className="mt-4">{t('forum.answerClosed')}</p>
      ) : null}
      {current.can.moderate ? (
        <section aria-labelledby="forum-moderation-heading" className="mt-4">
          <h2 className="h4" id="forum-moderation-heading">
            {t('forum.moderation')}
          </h2>
          <div className="d-flex flex-wrap gap-2 mb-3">
            {(current.locked ? (['unlock'] as const) : (['lock'] as const)).map((a) => (
              <button key={a} type="button" className="btn btn-outline-primary btn-sm" onClick={() => setPending({ target: 'thread', action: a })}>
                {t(`forum.mod.${a}`)}
              </button>
            ))}
            {(current.status === 'closed' ? (['reopen'] as const) : (['close'] as const)).map((a) => (
              <button key={a} type="button" className="btn btn-outline-primary btn-sm" onClick={() => setPending({ target: 'thread', action: a })}>
                {t(`forum.mod.${a}`)}
              </button>
            ))}
          </div>
          {pending?.target === 'thread' ? moderationForm : null}
          {current.moderation.length > 0 ? (
            <>
              <h3 className="h5">{t('forum.mod.log')}</h3>
              <ul id="forum-moderation-log">
                {current.moderation.map((m) => (
                  <li key={m.id}>{t('forum.mod.logItem', { date: formatDateTime(m.at), name: m.moderatorName ?? '—', action: t(`forum.mod.${m.action}`), reason: m.reason })}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}

function PostView(props: {
  post: Post;
  thread: Thread;
  editing: boolean;
  onEdit: () => void;
  onEdited: (th: Thread) => void;
  onCancelEdit: () => void;
  onAccept: (postId: string | null) => void;
  onModerate: (a: PostModerationAction) => void;
  pendingForm: ReactNode;
  busy: boolean;
}) {
  const { t, formatDateTime } = useI18n();
  const { post: p, thread } = props;
  const [showHistory, setShowHistory] = useState(false);
  const mayReadHistory = thread.can.moderate || p.mine;
  return (
    <article className={`card card-bg mb-3 forum-post${p.accepted ? ' border border-success' : ''}`} aria-label={p.kind === 'question' ? t('forum.question') : authorLine(t, 'forum.answeredBy', p.author, formatDateTime(p.createdAt))}>
      <div className="card-body">
        {p.accepted ? <p className="text-success fw-bold mb-2">{t('forum.accepted')}</p> : null}
        {p.hidden ? (
          <p className="text-danger mb-2">{p.hiddenReason ? t('forum.hiddenReason', { reason: p.hiddenReason }) : t('forum.hiddenPost')}</p>
        ) : null}
        {props.editing ? (
          <EditForm post={p} thread={thread} onDone={props.onEdited} onCancel={props.onCancelEdit} />
        ) : p.body !== null ? (
          <ForumText body={p.body} />
        ) : null}
        <p className="small text-secondary mb-2">
          {authorLine(t, p.kind === 'question' ? 'forum.askedBy' : 'forum.answeredBy', p.author, formatDateTime(p.createdAt))}
          {p.editedAt ? ` · ${t('forum.edited', { date: formatDateTime(p.editedAt) })}` : null}
        </p>
        <div className="d-flex flex-wrap gap-2">
          {p.canEdit && !props.editing ? (
            <button type="button" className="btn btn-outline-primary btn-sm" onClick={props.onEdit}>
              {t('forum.editPost')}
            </button>
          ) : null}
          {p.kind === 'answer' && thread.can.accept && !p.hidden ? (
            <button type="button" className="btn btn-outline-success btn-sm" disabled={props.busy} onClick={() => props.onAccept(p.accepted ? null : p.id)}>
              {p.accepted ? t('forum.unaccept') : t('forum.accept')}
            </button>
          ) : null}
          {thread.can.moderate ? (
            <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => props.onModerate(p.hidden ? 'unhide' : 'hide')}>
              {t(p.hidden ? 'forum.mod.unhide' : 'forum.mod.hide')}
            </button>
          ) : null}
          {mayReadHistory && p.version > 1 ? (
            <button type="button" className="btn btn-link btn-sm" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
              {t('forum.history')}
            </button>
          ) : null}
        </div>
        {props.pendingForm ? <div className="mt-3">{props.pendingForm}</div> : null}
        {showHistory ? <History postId={p.id} version={p.version} /> : null}
      </div>
    </article>
  );
}

function History(props: { postId: string; version: number }) {
  const { t, formatDateTime } = useI18n();
  const versions = useLoad(
    (signal) => api.get<{ items: Array<{ version: number; title: string | null; body: string; editedBy: string | null; at: string }> }>(`/api/forum/posts/${props.postId}/versions`, undefined, signal),
    `forum-versions-${props.postId}-${props.version}`,
  );
  return (
    <div className="mt-3">
      <h3 className="h6">{t('forum.historyOf')}</h3>
      <ErrorAlert error={versions.error} />
      {versions.data ? (
        <ol reversed className="forum-history">
          {versions.data.items.map((v) => (
            <li key={v.version}>
              <p className="small text-secondary mb-1">{t('forum.version', { version: v.version, date: formatDateTime(v.at), name: v.editedBy ?? '—' })}</p>
              {v.title ? <p className="fw-bold mb-1">{v.title}</p> : null}
              <ForumText body={v.body} />
            </li>
          ))}
        </ol>
      ) : (
        <Loading />
      )}
    </div>
  );
}

function EditForm(props: { post: Post; thread: Thread; onDone: (th: Thread) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const isQuestion = props.post.kind === 'question';
  const [title, setTitle] = useState(props.thread.title);
  const [body, setBody] = useState(props.post.body ?? '');
  const submit = useSubmit();
  const fields = useMemo(() => (isQuestion ? { title, body } : { body }), [isQuestion, title, body]);
  const save = () =>
    submit.run(
      () => {
        const errors: FieldErrors = {};
        if (isQuestion && (title.trim().length < forumLimits.titleMin || title.trim().length > forumLimits.titleMax)) errors.title = t('forum.titleLength');
        if (body.trim() === '') errors.body = t('forum.required');
        if (hasPii(fields)) errors.body ??= t('forum.piiBlocked');
        return errors;
      },
      async () => {
        const th = await api.patch<Thread>(`/api/forum/posts/${props.post.id}`, { version: props.post.version, body, ...(isQuestion ? { title: title.trim() } : {}) });
        props.onDone(th);
      },
    );
  return (
    <form
      noValidate
      className="mb-3"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <ErrorAlert error={submit.error} />
      {isQuestion ? <TextField label={t('forum.questionTitle')} value={title} onChange={setTitle} error={submit.fieldErrors.title} required maxLength={forumLimits.titleMax} /> : null}
      <TextArea label={t('forum.body')} value={body} onChange={setBody} rows={6} error={submit.fieldErrors.body} required />
      <PiiWarning fields={fields} />
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary btn-sm" disabled={submit.busy}>
          {t('forum.saveEdit')}
        </button>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
