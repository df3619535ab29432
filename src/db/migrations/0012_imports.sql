-- Bulk import (issue 7 item 6) and bad reviews (item 7): import jobs with their per-row errors, the column
-- mapping each tenant saved per kind, reviews (linked to an order and, when bad, to a bad_review case) and the
-- requests to revise a review (asked, never forced; the outcome is recorded).

CREATE TABLE import_mappings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('orders', 'complaints', 'reviews')),
  -- our field name → the column header in the tenant's export, e.g. {"orderNumber": "订单编号"}
  columns jsonb NOT NULL,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE import_jobs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('orders', 'complaints', 'reviews')),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  encoding text,
  status text NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
  total_rows integer NOT NULL DEFAULT 0,
  processed_rows integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  failed_count integer NOT NULL DEFAULT 0,
  columns jsonb NOT NULL DEFAULT '{}',
  failure text,
  created_by uuid REFERENCES users (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX import_jobs_id_idx ON import_jobs (id);
CREATE INDEX import_jobs_recent_idx ON import_jobs (tenant_id, started_at DESC);

-- A bad row is kept with its reason (never dropped, never aborts the file).
CREATE TABLE import_row_errors (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  row_number integer NOT NULL CHECK (row_number >= 1),
  field text,
  code text NOT NULL,
  zh text NOT NULL,
  en text NOT NULL,
  raw jsonb NOT NULL,
  PRIMARY KEY (tenant_id, import_id, id),
  FOREIGN KEY (tenant_id, import_id) REFERENCES import_jobs (tenant_id, id)
);

CREATE TABLE reviews (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 128),
  order_id uuid REFERENCES orders (id),
  order_number text,
  product_name text,
  sku text,
  reviewer_name text,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  text text NOT NULL DEFAULT '',
  shop_reply text,
  revised boolean NOT NULL DEFAULT false,
  posted_at timestamptz,
  case_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, external_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX reviews_case_idx ON reviews (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE revision_requests (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('im', 'sms', 'phone', 'email', 'platform_message', 'other')),
  message text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
  outcome text CHECK (outcome IN ('revised', 'declined', 'no_answer')),
  requested_by uuid REFERENCES users (id),
  requested_by_tenant_id uuid NOT NULL REFERENCES tenants (id),
  requested_at timestamptz NOT NULL,
  answered_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX revision_requests_case_idx ON revision_requests (tenant_id, case_id, requested_at);
