/**
 * The public-site editor (public.edit): the list of public pages with their published languages
 * and a form for a new page; a page's editor per language — title and Markdown text with a live
 * preview rendered by the same safe renderer as the public site, every save a new version, the
 * versions with load, restore and publish, and withdrawal from publication.
 */
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Table } from 'design-react-kit';
import { api } from '../../api.ts';
import { ErrorAlert, Loading, Notice, Page } from '../../components/Page.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { useLoad, useSubmit, type FieldErrors } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { renderMarkdown } from '../../../domain/public/markdown.ts';
import { languageInfo, publicLanguages, publicPageKinds, type PublicLanguage, type PublicPageKind } from '../../../domain/public/languages.ts';
import type { Paged, Project } from '../../types.ts';

interface LanguageState {
  lang: PublicLanguage;
  latestVersion: number | null;
  publishedVersion: number | null;
  publishedVersionId: string | null;
  publishedAt: string | null;
}

interface PublicPage {
  id: string;
  slug: string;
  kind: PublicPageKind;
  project: { id: string; code: string; name: string } | null;
  publicPath: string;
  languages: LanguageState[];
  createdAt: string;
  updatedAt: string;
}

interface Version {
  id: string;
  lang: PublicLanguage;
  version: number;
  title: string;
  body: string;
  restoredFrom: string | null;
  createdBy: { id: string; displayName: string };
  createdAt: string;
  published: boolean;
}

const kindKey = (kind: PublicPageKind): MessageKey => `pub.kind.${kind}`;
const slugPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;

function useLanguageName(): (lang: PublicLanguage) => string {
  const { locale } = useI18n();
  return (lang) => (locale === 'it' ? languageInfo[lang].nameIt : languageInfo[lang].nameEn);
}

export function PublicPageListPage() {
  const { t, formatDateTime } = useI18n();
  const languageName = useLanguageName();
  const location = useLocation();
  const navigate = useNavigate();
  const list = useLoad((signal) => api.get<{ items: PublicPage[] }>('/api/public-pages', undefined, signal), 'public-pages');
  const projects = useLoad(async (signal) => {
    const answer = await api.get<Paged<Project> | Project[]>('/api/projects', undefined, signal);
    return Array.isArray(answer) ? answer : answer.items;
  }, 'projects');
  const [kind, setKind] = useState<PublicPageKind>('page');
  const [slug, setSlug] = useState('');
  const [projectId, setProjectId] = useState('');
  const submit = useSubmit();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const needsProject = kind === 'project';
  const mayHaveProject = kind === 'project' || kind === 'home';

  const create = () =>
    submit.run(
      () => {
        const errors: FieldErrors = {};
        if (!slugPattern.test(slug)) errors.slug = t('pub.slugHint');
        if (needsProject && !projectId) errors.projectId = t('pub.required');
        return errors;
      },
      async () => {
        const page = await api.post<PublicPage>('/api/public-pages', { kind, slug, ...(mayHaveProject && projectId ? { projectId } : {}) });
        await navigate(`/public-pages/${page.id}`, { state: { notice: t('pub.created') } });
      },
    );

  return (
    <Page
      title={t('pub.listTitle')}
      lead={t('pub.listLead')}
      actions={
        <>
          <Link className="btn btn-outline-primary me-2" to="/public-pages/feedback" id="feedback-link">
            {t('pub.feedbackLink')}
          </Link>
          <a className="btn btn-outline-primary" href="/p/it/">
            {t('pub.openSite')}
          </a>
        </>
      }
    >
      <Notice text={notice} />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-responsive">
          <Table hover id="public-page-table">
            <caption className="visually-hidden">{t('pub.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pub.slug')}</th>
                <th scope="col">{t('pub.kind')}</th>
                <th scope="col">{t('pub.project')}</th>
                <th scope="col">{t('pub.languages')}</th>
                <th scope="col">{t('pub.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => {
                const published = p.languages.filter((l) => l.publishedVersion !== null);
                return (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/public-pages/${p.id}`}>{p.slug}</Link>
                    </th>
                    <td>{t(kindKey(p.kind))}</td>
                    <td>{p.project?.name ?? '—'}</td>
                    <td>{published.length > 0 ? published.map((l) => languageName(l.lang)).join(', ') : t('pub.noLanguages')}</td>
                    <td>{formatDateTime(p.updatedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          {list.data.items.length === 0 ? <p>{t('common.noResults')}</p> : null}
        </div>
      ) : null}

      <h2 className="h4 mt-4">{t('pub.new')}</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <ErrorAlert error={submit.error} />
        <div className="row">
          <SelectField
            className="col-md-4"
            label={t('pub.kind')}
            value={kind}
            onChange={(v) => setKind(v as PublicPageKind)}
            options={publicPageKinds.map((k) => ({ value: k, label: t(kindKey(k)) }))}
            error={submit.fieldErrors.kind}
            required
          />
          <TextField className="col-md-4" label={t('pub.slug')} hint={t('pub.slugHint')} value={slug} onChange={setSlug} error={submit.fieldErrors.slug} required maxLength={63} />
          {mayHaveProject ? (
            <SelectField
              className="col-md-4"
              label={t('pub.project')}
              hint={t('pub.projectHint')}
              value={projectId}
              onChange={setProjectId}
              placeholder="—"
              options={(projects.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              error={submit.fieldErrors.projectId}
              required={needsProject}
            />
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {submit.busy ? t('common.saving') : t('pub.create')}
        </button>
      </form>
    </Page>
  );
}

export function PublicPageEditPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const languageName = useLanguageName();
  const location = useLocation();
  const [lang, setLang] = useState<PublicLanguage>('it');
  const [tick, setTick] = useState(0);
  const page = useLoad((signal) => api.get<PublicPage>(`/api/public-pages/${id}`, undefined, signal), `page-${id}-${tick}`);
  const versions = useLoad(
    (signal) => api.get<{ items: Version[] }>(`/api/public-pages/${id}/versions`, { lang }, signal),
    `versions-${id}-${lang}-${tick}`,
  );
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const submit = useSubmit();
  const action = useSubmit();

  // When a language's versions arrive for the first time, the editor starts from the newest one.
  useEffect(() => {
    if (!versions.data || loadedFor === lang) return;
    const newest = versions.data.items[0];
    setTitle(newest?.title ?? '');
    setBody(newest?.body ?? '');
    setLoadedFor(lang);
  }, [versions.data, lang, loadedFor]);

  const refresh = () => setTick((n) => n + 1);
  const state = page.data?.languages.find((l) => l.lang === lang) ?? null;
  const publicUrl = page.data ? page.data.publicPath.replace(/^\/p\/it\//, `/p/${lang}/`) : null;

  const save = () =>
    submit.run(
      () => {
        const errors: FieldErrors = {};
        if (title.trim() === '') errors.title = t('pub.required');
        return errors;
      },
      async () => {
        const v = await api.post<Version>(`/api/public-pages/${id}/versions`, { lang, title, body });
        setNotice(t('pub.saved', { version: v.version }));
        refresh();
      },
    );
  const restore = (v: Version) =>
    action.run(
      () => ({}),
      async () => {
        const copy = await api.post<Version>(`/api/public-pages/${id}/versions/${v.id}/restore`);
        setTitle(copy.title);
        setBody(copy.body);
        setNotice(t('pub.restored', { version: v.version }));
        refresh();
      },
    );
  const publish = (v: Version) =>
    action.run(
      () => ({}),
      async () => {
        await api.post(`/api/public-pages/${id}/publish`, { lang, versionId: v.id });
        setNotice(t('pub.publishedNotice', { version: v.version, language: languageName(lang) }));
        refresh();
      },
    );
  const unpublish = () =>
    action.run(
      () => ({}),
      async () => {
        await api.post(`/api/public-pages/${id}/unpublish`, { lang });
        setNotice(t('pub.unpublished', { language: languageName(lang) }));
        refresh();
      },
    );

  if (page.error) return <ErrorAlert error={page.error} />;
  if (!page.data) return <Loading />;
  const preview = renderMarkdown(body);
  const dir = languageInfo[lang].dir;

  return (
    <Page title={t('pub.editTitle', { slug: page.data.slug })} lead={`${t(kindKey(page.data.kind))}${page.data.project ? ` — ${page.data.project.name}` : ''}`}>
      <p>
        <Link to="/public-pages">{t('common.back')}</Link>
      </p>
      <Notice text={notice} />
      <ErrorAlert error={action.error} />
      <SelectField
        id="pub-language"
        className="col-md-4"
        label={t('pub.language')}
        value={lang}
        onChange={(v) => {
          setLang(v as PublicLanguage);
          setLoadedFor(null);
          setNotice(null);
        }}
        options={publicLanguages.map((l) => ({ value: l, label: `${languageName(l)} (${languageInfo[l].name})` }))}
      />
      <div className="d-flex flex-wrap gap-2 mb-3">
        {publicUrl && state?.publishedVersion ? (
          <a className="btn btn-outline-primary btn-sm" href={publicUrl}>
            {t('pub.viewPublic', { language: languageName(lang) })}
          </a>
        ) : null}
        {state?.publishedVersion ? (
          <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => void unpublish()} disabled={action.busy}>
            {t('pub.unpublish', { language: languageName(lang) })}
          </button>
        ) : null}
      </div>

      <div className="row">
        <form
          className="col-lg-6"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <ErrorAlert error={submit.error} />
          <TextField label={t('pub.title')} value={title} onChange={setTitle} error={submit.fieldErrors.title} required maxLength={200} />
          <TextArea label={t('pub.body')} hint={t('pub.bodyHint')} value={body} onChange={setBody} error={submit.fieldErrors.body} rows={16} />
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {submit.busy ? t('common.saving') : t('pub.saveVersion')}
          </button>
        </form>
        <section className="col-lg-6" aria-labelledby="pub-preview-title">
          <h2 id="pub-preview-title" className="h4">
            {t('pub.preview')}
          </h2>
          <div className="border rounded p-3 public-preview" lang={lang} dir={dir}>
            {title.trim() ? <p className="h3">{title}</p> : null}
            {preview ? <div dangerouslySetInnerHTML={{ __html: preview }} /> : <p className="text-secondary">{t('pub.previewEmpty')}</p>}
          </div>
        </section>
      </div>

      <h2 className="h4 mt-4">{t('pub.versions', { language: languageName(lang) })}</h2>
      <ErrorAlert error={versions.error} />
      {versions.data && versions.data.items.length === 0 ? <p>{t('pub.noVersions')}</p> : null}
      {versions.data && versions.data.items.length > 0 ? (
        <div className="table-responsive">
          <Table id="public-version-table">
            <caption className="visually-hidden">{t('pub.versions', { language: languageName(lang) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pub.version')}</th>
                <th scope="col">{t('pub.title')}</th>
                <th scope="col">{t('pub.savedAt')}</th>
                <th scope="col">{t('pub.savedBy')}</th>
                <th scope="col">{t('pub.state')}</th>
                <th scope="col">{t('pub.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.items.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    {v.version}
                    {v.restoredFrom ? ` (${t('pub.restoredFrom')})` : ''}
                  </th>
                  <td lang={lang} dir={dir}>
                    {v.title}
                  </td>
                  <td>{formatDateTime(v.createdAt)}</td>
                  <td>{v.createdBy.displayName}</td>
                  <td>{v.published ? <strong>{t('pub.published')}</strong> : t('pub.draft')}</td>
                  <td>
                    <div className="d-flex flex-wrap gap-1">
                      <button
                        type="button"
                        className="btn btn-outline-secondary btn-xs"
                        onClick={() => {
                          setTitle(v.title);
                          setBody(v.body);
                        }}
                      >
                        {t('pub.load')}
                        <span className="visually-hidden"> ({t('pub.version')} {v.version})</span>
                      </button>
                      <button type="button" className="btn btn-outline-secondary btn-xs" onClick={() => void restore(v)} disabled={action.busy}>
                        {t('pub.restore')}
                        <span className="visually-hidden"> ({t('pub.version')} {v.version})</span>
                      </button>
                      {v.published ? null : (
                        <button type="button" className="btn btn-primary btn-xs" onClick={() => void publish(v)} disabled={action.busy}>
                          {t('pub.publish')}
                          <span className="visually-hidden"> ({t('pub.version')} {v.version})</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      <p className="text-secondary small">
        {t('pub.updatedAt')}: {formatDateTime(page.data.updatedAt)}
      </p>
    </Page>
  );
}
