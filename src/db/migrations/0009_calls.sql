-- Contact timing and hotline calls (issue 6 item 6, issue 7 item 5).

-- When this organisation's agents may call complainants: a window in the complainant's local time (minutes after
-- midnight, never past 21:00), at most N outbound calls per local day, optionally on working days only, and the
-- time zone assumed when the number tells no region (mainland mobile numbers).
ALTER TABLE tenants
  ADD COLUMN call_window_start integer NOT NULL DEFAULT 540,
  ADD COLUMN call_window_end integer NOT NULL DEFAULT 1260,
  ADD COLUMN max_calls_per_day integer NOT NULL DEFAULT 3,
  ADD COLUMN call_working_days_only boolean NOT NULL DEFAULT false,
  ADD COLUMN call_time_zone text NOT NULL DEFAULT 'Asia/Shanghai' CHECK (length(call_time_zone) BETWEEN 1 AND 64),
  ADD CONSTRAINT tenants_call_window_check
    CHECK (call_window_start >= 0 AND call_window_start < call_window_end AND call_window_end <= 1260),
  ADD CONSTRAINT tenants_max_calls_check CHECK (max_calls_per_day BETWEEN 1 AND 20);

-- A phone call on a case, logged by an agent of any organisation that sees the case. tenant_id is the case's
-- owner (like escalations), logged_by_tenant_id the organisation whose agent took or made the call.
CREATE TABLE calls (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  caller_name text NOT NULL CHECK (length(caller_name) BETWEEN 1 AND 100),
  caller_phone text,
  caller_address text,
  started_at timestamptz NOT NULL,
  duration_seconds integer NOT NULL CHECK (duration_seconds BETWEEN 0 AND 86400),
  recording_ref text,
  summary text NOT NULL,
  warnings jsonb NOT NULL DEFAULT '[]',
  logged_by uuid REFERENCES users (id),
  logged_by_tenant_id uuid NOT NULL REFERENCES tenants (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX calls_case_idx ON calls (tenant_id, case_id, started_at);
