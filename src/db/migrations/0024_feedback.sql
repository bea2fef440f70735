-- Feedback left by visitors of the public pages ("Leave feedback" on every page): a short form,
-- the only anonymous write besides event registration. Nothing about the visitor is kept: no
-- address, no cookie, no identifier; the optional comment is encrypted because a visitor may
-- write something personal in it despite the warning. Rows are deleted after their retention.

CREATE TABLE public_feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lang text NOT NULL CHECK (lang IN ('it', 'en', 'fr', 'es', 'ro', 'sq', 'ar', 'zh')),
  page_path text NOT NULL CHECK (page_path ~ '^/[a-z0-9/-]{0,120}$'),
  useful boolean,
  comment_enc text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'reviewed', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  delete_after date NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (useful IS NOT NULL OR comment_enc IS NOT NULL)
);

CREATE INDEX public_feedback_status_created ON public_feedback (status, created_at DESC);
CREATE INDEX public_feedback_created ON public_feedback (created_at);
CREATE INDEX public_feedback_delete_after ON public_feedback (delete_after);

COMMENT ON TABLE public_feedback IS 'Feedback from visitors of the public pages, for staff review; anonymous, deleted after its retention.';
COMMENT ON COLUMN public_feedback.id IS 'Surrogate key.';
COMMENT ON COLUMN public_feedback.lang IS 'Language of the page the visitor was reading.';
COMMENT ON COLUMN public_feedback.page_path IS 'The page the feedback is about, after /p/<lang> (e.g. "/help").';
COMMENT ON COLUMN public_feedback.useful IS 'Answer to "was this page useful?", when given.';
COMMENT ON COLUMN public_feedback.comment_enc IS 'The visitor''s comment, encrypted (field cipher, bound to this row).';
COMMENT ON COLUMN public_feedback.status IS 'Staff review state: new, reviewed or archived.';
COMMENT ON COLUMN public_feedback.created_at IS 'When the feedback was sent.';
COMMENT ON COLUMN public_feedback.reviewed_by IS 'Staff user who last changed the review state.';
COMMENT ON COLUMN public_feedback.reviewed_at IS 'When the review state last changed.';
COMMENT ON COLUMN public_feedback.delete_after IS 'Date after which the row is deleted (retention set when it was sent).';
COMMENT ON COLUMN public_feedback.version IS 'Optimistic concurrency version, +1 on each change.';
