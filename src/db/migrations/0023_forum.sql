-- Consultation forum (issue 8, point 6; seed 004: a trafficking section in the observatory's
-- consultation forum). Staff only, never public: network staff ask legal and procedural questions
-- (forum.post), experts of the observatory or the lead body answer and moderate (forum.answer).
-- Posts are staff content and must carry no personal data (checked before storing, see
-- src/domain/forum/pii.ts): they are stored in clear; writes and moderation are audited.
-- Table privileges for ponte_app come from the default privileges of 0001_core.sql.

CREATE TABLE forum_threads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category text NOT NULL CHECK (category IN ('residence_permits', 'asylum', 'labour_exploitation', 'minors', 'criminal_proceedings', 'accommodation', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 8),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  locked boolean NOT NULL DEFAULT false,
  author_id uuid NOT NULL REFERENCES users (id),
  author_org_id uuid REFERENCES organisations (id),
  accepted_post_id uuid,
  answer_count integer NOT NULL DEFAULT 0 CHECK (answer_count >= 0),
  search tsvector NOT NULL DEFAULT ''::tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
COMMENT ON TABLE forum_threads IS 'A question of the consultation forum with its answers: category, tags, status and lock. Answered threads are the knowledge base.';
COMMENT ON COLUMN forum_threads.id IS 'Surrogate key.';
COMMENT ON COLUMN forum_threads.category IS 'residence_permits, asylum, labour_exploitation, minors, criminal_proceedings, accommodation or other.';
COMMENT ON COLUMN forum_threads.title IS 'Title of the question (current version; earlier ones in forum_post_versions). No personal data.';
COMMENT ON COLUMN forum_threads.tags IS 'Free tags, lowercase (e.g. art-18, rinnovo), up to 8.';
COMMENT ON COLUMN forum_threads.status IS 'open (no accepted answer), answered (an answer is accepted: knowledge base) or closed (by a moderator).';
COMMENT ON COLUMN forum_threads.locked IS 'Locked by a moderator: no new answers, edits or acceptance changes.';
COMMENT ON COLUMN forum_threads.author_id IS 'Staff user who asked.';
COMMENT ON COLUMN forum_threads.author_org_id IS 'Organisation the asker acted for.';
COMMENT ON COLUMN forum_threads.accepted_post_id IS 'The accepted answer (a post of this thread), when answered.';
COMMENT ON COLUMN forum_threads.answer_count IS 'Answers not hidden by moderation.';
COMMENT ON COLUMN forum_threads.search IS 'Full-text document (Italian configuration) of the title, tags, question and visible answers, rebuilt on every change.';
COMMENT ON COLUMN forum_threads.created_at IS 'When the question was asked.';
COMMENT ON COLUMN forum_threads.last_activity_at IS 'Last question edit, answer, acceptance or moderation.';
COMMENT ON COLUMN forum_threads.version IS 'Incremented on every change of the thread (optimistic concurrency).';
CREATE INDEX forum_threads_search_idx ON forum_threads USING gin (search);
CREATE INDEX forum_threads_list_idx ON forum_threads (status, category, last_activity_at DESC);

CREATE TABLE forum_posts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  thread_id uuid NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('question', 'answer')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  author_id uuid NOT NULL REFERENCES users (id),
  author_org_id uuid REFERENCES organisations (id),
  hidden boolean NOT NULL DEFAULT false,
  hidden_reason text CHECK (hidden_reason IS NULL OR length(hidden_reason) <= 500),
  hidden_by uuid REFERENCES users (id),
  hidden_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  edited_at timestamptz,
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK (NOT hidden OR (hidden_reason IS NOT NULL AND hidden_by IS NOT NULL AND hidden_at IS NOT NULL))
);
COMMENT ON TABLE forum_posts IS 'The question (one per thread) and the answers of a forum thread, in the safe Markdown subset; current text, earlier texts in forum_post_versions.';
COMMENT ON COLUMN forum_posts.id IS 'Surrogate key.';
COMMENT ON COLUMN forum_posts.thread_id IS 'The thread.';
COMMENT ON COLUMN forum_posts.kind IS 'question (the thread''s first post) or answer.';
COMMENT ON COLUMN forum_posts.body IS 'Text in the safe Markdown subset (paragraphs, lists, emphasis, links), rendered escaped. No personal data.';
COMMENT ON COLUMN forum_posts.author_id IS 'Staff user who wrote it.';
COMMENT ON COLUMN forum_posts.author_org_id IS 'Organisation the author acted for.';
COMMENT ON COLUMN forum_posts.hidden IS 'Hidden by a moderator: shown only to moderators and to its author.';
COMMENT ON COLUMN forum_posts.hidden_reason IS 'Why the moderator hid it (shown to its author).';
COMMENT ON COLUMN forum_posts.hidden_by IS 'Moderator who hid it.';
COMMENT ON COLUMN forum_posts.hidden_at IS 'When it was hidden.';
COMMENT ON COLUMN forum_posts.created_at IS 'When it was posted.';
COMMENT ON COLUMN forum_posts.edited_at IS 'When it was last edited.';
COMMENT ON COLUMN forum_posts.version IS 'Current version number (1 = as posted); incremented on every edit.';
CREATE UNIQUE INDEX forum_posts_one_question ON forum_posts (thread_id) WHERE kind = 'question';
CREATE INDEX forum_posts_thread_idx ON forum_posts (thread_id, created_at);
ALTER TABLE forum_threads ADD CONSTRAINT forum_threads_accepted_fk FOREIGN KEY (accepted_post_id) REFERENCES forum_posts (id);

CREATE TABLE forum_post_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  post_id uuid NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  title text CHECK (title IS NULL OR length(title) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  edited_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (post_id, version)
);
COMMENT ON TABLE forum_post_versions IS 'Every text a post has had (version 1 as posted, then each edit); never changed. The edit history moderators read.';
COMMENT ON COLUMN forum_post_versions.id IS 'Surrogate key.';
COMMENT ON COLUMN forum_post_versions.post_id IS 'The post.';
COMMENT ON COLUMN forum_post_versions.version IS 'Version number within the post, from 1.';
COMMENT ON COLUMN forum_post_versions.title IS 'The thread title with this version (questions only).';
COMMENT ON COLUMN forum_post_versions.body IS 'The text of this version.';
COMMENT ON COLUMN forum_post_versions.edited_by IS 'Who wrote this version.';
COMMENT ON COLUMN forum_post_versions.created_at IS 'When this version was saved.';

CREATE TABLE forum_moderation_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  thread_id uuid NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
  post_id uuid REFERENCES forum_posts (id) ON DELETE CASCADE,
  action text NOT NULL CHECK (action IN ('hide', 'unhide', 'lock', 'unlock', 'close', 'reopen')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  moderator_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((action IN ('hide', 'unhide')) = (post_id IS NOT NULL))
);
COMMENT ON TABLE forum_moderation_events IS 'Moderation of the forum: posts hidden and shown again, threads locked, unlocked, closed and reopened, each with its reason.';
COMMENT ON COLUMN forum_moderation_events.id IS 'Surrogate key.';
COMMENT ON COLUMN forum_moderation_events.thread_id IS 'The thread.';
COMMENT ON COLUMN forum_moderation_events.post_id IS 'The post, for hide and unhide.';
COMMENT ON COLUMN forum_moderation_events.action IS 'hide, unhide (a post); lock, unlock, close, reopen (the thread).';
COMMENT ON COLUMN forum_moderation_events.reason IS 'Why, as written by the moderator.';
COMMENT ON COLUMN forum_moderation_events.moderator_id IS 'The moderator (holder of forum.answer).';
COMMENT ON COLUMN forum_moderation_events.created_at IS 'When.';
CREATE INDEX forum_moderation_thread_idx ON forum_moderation_events (thread_id, created_at);
