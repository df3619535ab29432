-- SLA: working calendar settings, policies, per-case clocks, in-app notifications and signed webhooks.

-- Business hours per tenant, in minutes after local midnight; the statutory calendar comes from holiday-cn.
-- utc_offset_minutes: +480 = Asia/Shanghai (no daylight saving since 1991, so a fixed offset is exact).
CREATE TABLE sla_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  work_start smallint NOT NULL DEFAULT 540 CHECK (work_start BETWEEN 0 AND 1439),
  work_end smallint NOT NULL DEFAULT 1080 CHECK (work_end BETWEEN 1 AND 1440),
  lunch_start smallint CHECK (lunch_start BETWEEN 0 AND 1439),
  lunch_end smallint CHECK (lunch_end BETWEEN 1 AND 1440),
  closed_dates jsonb NOT NULL DEFAULT '[]',
  utc_offset_minutes smallint NOT NULL DEFAULT 480 CHECK (utc_offset_minutes BETWEEN -720 AND 840),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (work_start < work_end),
  CHECK ((lunch_start IS NULL) = (lunch_end IS NULL)),
  CHECK (lunch_start IS NULL OR (lunch_start >= work_start AND lunch_end <= work_end AND lunch_start < lunch_end))
);

CREATE TABLE sla_policies (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  match_kind text,
  match_channel text,
  match_severity smallint CHECK (match_severity BETWEEN 1 AND 4),
  match_respondent_tenant_id uuid REFERENCES tenants (id),
  priority integer NOT NULL DEFAULT 0,
  -- {"first_response": {"amount": 4, "unit": "working_hours"}, ...}
  targets jsonb NOT NULL,
  on_breach jsonb NOT NULL DEFAULT '["notify_supervisor"]',
  preset text,
  source text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);

-- One clock per case and target. next_check_at is when the sweep must look again (warning, then breach);
-- NULL when the clock is met, cancelled, paused or already breached, so the sweep's index stays small.
CREATE TABLE case_sla (
  tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  target text NOT NULL CHECK (target IN ('acceptance', 'first_response', 'respondent_reply', 'resolution')),
  policy_id uuid NOT NULL,
  clock text NOT NULL CHECK (clock IN ('working', 'calendar')),
  started_at timestamptz NOT NULL,
  budget_minutes integer NOT NULL CHECK (budget_minutes > 0),
  due_at timestamptz,
  warn_at timestamptz,
  paused_at timestamptz,
  left_at_pause_ms bigint,
  warned_at timestamptz,
  breached_at timestamptz,
  escalated_at timestamptz,
  met_at timestamptz,
  cancelled_at timestamptz,
  next_check_at timestamptz,
  PRIMARY KEY (tenant_id, case_id, target),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
  FOREIGN KEY (tenant_id, policy_id) REFERENCES sla_policies (tenant_id, id)
);
CREATE INDEX case_sla_sweep_idx ON case_sla (next_check_at) WHERE next_check_at IS NOT NULL;

-- In-app inbox; dedupe_key makes every notification idempotent (a sweep run twice notifies once).
-- email_status tracks the e-mail copy: pending rows are sent by the mail job, at most once per row.
CREATE TABLE notifications (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL,
  case_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  dedupe_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  email_to text,
  email_status text NOT NULL DEFAULT 'none' CHECK (email_status IN ('none', 'pending', 'sending', 'sent', 'failed')),
  email_attempts smallint NOT NULL DEFAULT 0,
  email_locked_until timestamptz,
  emailed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id, dedupe_key)
);
CREATE INDEX notifications_inbox_idx ON notifications (user_id, tenant_id, created_at DESC, id);
CREATE INDEX notifications_mail_idx ON notifications (created_at) WHERE email_status IN ('pending', 'sending');

CREATE TABLE webhook_endpoints (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  description text,
  -- Standard Webhooks secret, "whsec_" + base64 of 32 random bytes.
  secret text NOT NULL,
  event_types jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  endpoint_id uuid NOT NULL,
  outbox_id bigint NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts smallint NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_status_code smallint,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint_id, outbox_id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (tenant_id, created_at DESC, id);

CREATE TABLE webhook_attempts (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  delivery_id uuid NOT NULL,
  at timestamptz NOT NULL,
  status_code smallint,
  error text,
  duration_ms integer NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id)
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (tenant_id, delivery_id, id);
