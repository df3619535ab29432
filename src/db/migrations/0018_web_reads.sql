-- Issue 8 (web): unread customer replies in the queue.
-- When the complainant last wrote on a case (link page answer or upload, e-mail reply, IM message, offer answer,
-- rating); set by recordCaseChange for those events, never by staff.
ALTER TABLE cases ADD COLUMN customer_replied_at timestamptz;

-- When each user last opened each case (GET /cases/:id). tenant_id is the reader's organisation (a platform or
-- respondent user reads cases another organisation owns), so every row stays scoped to whoever wrote it.
CREATE TABLE case_reads (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  read_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id, case_id)
);

-- The unread filter of the owner's queue: only cases somebody replied on, newest first.
CREATE INDEX cases_replied_queue_idx ON cases (tenant_id, created_at DESC, id DESC) WHERE customer_replied_at IS NOT NULL;

-- GET /forwards (the platform console's list): by the platform that forwarded and by the respondent, newest first.
CREATE INDEX case_forwards_platform_idx ON case_forwards (platform_tenant_id, forwarded_at DESC, id DESC);
CREATE INDEX case_forwards_respondent_idx ON case_forwards (respondent_tenant_id, forwarded_at DESC, id DESC);
