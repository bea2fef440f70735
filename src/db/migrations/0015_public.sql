-- Public portal (issue 8, points 1–3 and 7 for pages): the network's public pages, written by
-- staff in Markdown per language, every save a new version, one published version per language.
-- Public pages carry no personal data: content about the network, its projects and its help.

CREATE TABLE public_pages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  kind text NOT NULL CHECK (kind IN ('home', 'help', 'project', 'page')),
  project_id uuid REFERENCES projects (id),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'project' OR project_id IS NOT NULL)
);
CREATE UNIQUE INDEX public_pages_one_home ON public_pages (kind) WHERE kind IN ('home', 'help');
CREATE UNIQUE INDEX public_pages_one_per_project ON public_pages (project_id) WHERE kind = 'project';
COMMENT ON TABLE public_pages IS 'Pages of the public site (served without login under /p/<language>/): the home page of the plan, the help page, one page per project, other pages.';
COMMENT ON COLUMN public_pages.id IS 'Surrogate key.';
COMMENT ON COLUMN public_pages.slug IS 'Address of the page in the public site (lowercase letters, digits, hyphens).';
COMMENT ON COLUMN public_pages.kind IS 'home (the regional plan, one), help (what help exists and how to ask, one), project (one per project), page (any other).';
COMMENT ON COLUMN public_pages.project_id IS 'The project the page presents (home: the regional plan whose records the home page shows; project: required).';
COMMENT ON COLUMN public_pages.created_by IS 'Staff user who created the page.';
COMMENT ON COLUMN public_pages.created_at IS 'When the page was created.';
COMMENT ON COLUMN public_pages.updated_at IS 'When a version of the page was last saved, published or unpublished.';

CREATE TABLE public_page_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES public_pages (id) ON DELETE CASCADE,
  lang text NOT NULL CHECK (lang IN ('it', 'en', 'fr', 'es', 'ro', 'sq', 'ar', 'zh')),
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body_md text NOT NULL CHECK (length(body_md) <= 100000),
  restored_from uuid REFERENCES public_page_versions (id),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (page_id, lang, version)
);
COMMENT ON TABLE public_page_versions IS 'Every saved text of a public page in one language; never changed, a restore saves a new version.';
COMMENT ON COLUMN public_page_versions.id IS 'Surrogate key.';
COMMENT ON COLUMN public_page_versions.page_id IS 'The page.';
COMMENT ON COLUMN public_page_versions.lang IS 'Language of the text (it, en, fr, es, ro, sq, ar, zh).';
COMMENT ON COLUMN public_page_versions.version IS 'Version number within the page and language, from 1.';
COMMENT ON COLUMN public_page_versions.title IS 'Title of the page in this language.';
COMMENT ON COLUMN public_page_versions.body_md IS 'Body in the safe Markdown subset (headings, paragraphs, lists, links, emphasis); rendered escaped.';
COMMENT ON COLUMN public_page_versions.restored_from IS 'The earlier version this one copies, when saved by a restore.';
COMMENT ON COLUMN public_page_versions.created_by IS 'Staff user who saved the version.';
COMMENT ON COLUMN public_page_versions.created_at IS 'When the version was saved; shown publicly as the last update of the published version.';

CREATE TABLE public_page_publications (
  page_id uuid NOT NULL REFERENCES public_pages (id) ON DELETE CASCADE,
  lang text NOT NULL CHECK (lang IN ('it', 'en', 'fr', 'es', 'ro', 'sq', 'ar', 'zh')),
  version_id uuid NOT NULL REFERENCES public_page_versions (id),
  published_by uuid NOT NULL REFERENCES users (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (page_id, lang)
);
COMMENT ON TABLE public_page_publications IS 'The version of a page shown publicly in each language; no row means not published in that language (unpublishing deletes the row).';
COMMENT ON COLUMN public_page_publications.page_id IS 'The page.';
COMMENT ON COLUMN public_page_publications.lang IS 'The language.';
COMMENT ON COLUMN public_page_publications.version_id IS 'The published version (of the same page and language).';
COMMENT ON COLUMN public_page_publications.published_by IS 'Staff user who published it.';
COMMENT ON COLUMN public_page_publications.published_at IS 'When it was published.';
