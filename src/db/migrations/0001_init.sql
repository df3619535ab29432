-- Kesu core schema. Forward-only: never edit a migration that has shipped; add a new file.
-- Every tenant-owned table carries tenant_id first in its keys (Citus-ready, see docs/architecture.md).

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('platform', 'merchant', 'operations_company', 'logistics')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  platform_id uuid REFERENCES tenants (id),
  after_sales_days integer NOT NULL DEFAULT 15 CHECK (after_sales_days BETWEEN 0 AND 3650),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (platform_id IS NULL OR kind <> 'platform')
);
CREATE INDEX tenants_platform_idx ON tenants (platform_id);

-- A merchant's store may be run by an operations company (代运营); cases about that store concern both.
CREATE TABLE operations_contracts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  operations_company_id uuid NOT NULL REFERENCES tenants (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, operations_company_id)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email) AND position('@' IN email) > 1),
  display_name text NOT NULL,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'auditor', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Session tokens (from login) and API tokens; only a SHA-256 of the token is stored.
CREATE TABLE api_tokens (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('session', 'api')),
  token_hash text NOT NULL UNIQUE,
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE departments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

CREATE TABLE orders (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  order_number text NOT NULL CHECK (length(order_number) BETWEEN 1 AND 64),
  buyer_name text NOT NULL,
  buyer_phone text,
  items jsonb NOT NULL DEFAULT '[]',
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  state text NOT NULL CHECK (state IN ('placed', 'paid', 'shipped', 'delivered', 'completed', 'refunding', 'refunded', 'refund_failed', 'closed')),
  placed_at timestamptz NOT NULL,
  completed_at timestamptz,
  after_sales_deadline timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_number)
);
CREATE UNIQUE INDEX orders_id_idx ON orders (id);

CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
  -- tenant_id owns the case (where it was filed and is handled); the other *_tenant_id columns say who else sees it.
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_number text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('complaint', 'bad_review', 'inquiry')),
  channel text NOT NULL CHECK (channel IN ('hotline', 'im', 'email', 'social_dm', 'social_post', 'web_form', 'review', 'forum', 'api', 'other')),
  status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'pending_refund', 'in_progress', 'awaiting_customer', 'resolved', 'closed', 'rejected', 'withdrawn', 'escalated', 'reopened')),
  respondent_tenant_id uuid NOT NULL REFERENCES tenants (id),
  platform_tenant_id uuid REFERENCES tenants (id),
  ops_tenant_id uuid REFERENCES tenants (id),
  order_id uuid,
  complainant_name text NOT NULL,
  complainant_phone text,
  complainant_email text,
  complainant_id_number text,
  reason text NOT NULL,
  expected_resolution text CHECK (expected_resolution IN ('refund', 'return_refund', 'exchange', 'reshipment', 'compensation', 'apology', 'other')),
  category text,
  severity smallint NOT NULL DEFAULT 2 CHECK (severity BETWEEN 1 AND 4),
  review_rating smallint CHECK (review_rating BETWEEN 1 AND 5),
  assignee_id uuid REFERENCES users (id),
  department_id uuid,
  missing jsonb NOT NULL DEFAULT '[]',
  resolution text,
  root_cause_type text CHECK (root_cause_type IN ('accidental', 'systemic')),
  root_cause_text text,
  status_reason text,
  due_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (order_id) REFERENCES orders (id),
  CHECK (status <> 'closed' OR status_reason IS NOT NULL OR (resolution IS NOT NULL AND root_cause_type IS NOT NULL))
);
CREATE UNIQUE INDEX cases_id_idx ON cases (id);
-- Work queues: one index per way a tenant can see a case, newest first.
CREATE INDEX cases_owner_queue_idx ON cases (tenant_id, created_at DESC, id DESC);
CREATE INDEX cases_respondent_queue_idx ON cases (respondent_tenant_id, created_at DESC, id DESC);
CREATE INDEX cases_platform_queue_idx ON cases (platform_tenant_id, created_at DESC, id DESC) WHERE platform_tenant_id IS NOT NULL;
CREATE INDEX cases_ops_queue_idx ON cases (ops_tenant_id, created_at DESC, id DESC) WHERE ops_tenant_id IS NOT NULL;
CREATE INDEX cases_order_idx ON cases (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX cases_assignee_idx ON cases (assignee_id, status) WHERE assignee_id IS NOT NULL;

CREATE TABLE case_events (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  case_id uuid NOT NULL,
  type text NOT NULL,
  actor_user_id uuid REFERENCES users (id),
  actor_tenant_id uuid REFERENCES tenants (id),
  data jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE TABLE evidence (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime text NOT NULL,
  declared_mime text,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  file_name text,
  storage_key text NOT NULL,
  description text,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX evidence_case_idx ON evidence (case_id);

CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key text NOT NULL,
  request_hash text NOT NULL,
  case_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

-- Audit rows are written in the same transaction as the change. A sealer links them into a per-tenant
-- SHA-256 chain (chain_seq, prev_hash, hash) shortly after commit, so intake never waits on a tenant-wide lock.
CREATE TABLE audit_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  chain_seq bigint,
  prev_hash text,
  hash text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, chain_seq)
);
CREATE INDEX audit_log_unsealed_idx ON audit_log (tenant_id, id) WHERE chain_seq IS NULL;

CREATE TABLE outbox (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE delivered_at IS NULL;
