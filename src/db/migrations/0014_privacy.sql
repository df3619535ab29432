-- Privacy (PIPL, issue 10 item 5): who read a complainant's full contact data, each organisation's retention
-- policy, and when a case's complainant data was anonymised (by the retention job or an erasure request).

CREATE TABLE pii_access (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id bigserial NOT NULL,
  -- the case's owner keeps the log; the reader may belong to another organisation that sees the case
  user_id uuid REFERENCES users(id),
  reader_tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL,
  -- which full values were shown: phone, email, idNumber, address
  fields text[] NOT NULL,
  -- what showed them: the case, the work queue, a search, the dossier, a privacy export
  via text NOT NULL CHECK (via IN ('case', 'list', 'search', 'dossier', 'export')),
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX pii_access_case ON pii_access (tenant_id, case_id, at DESC);

CREATE TABLE privacy_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  -- anonymise complainant data this many months after a case closed; NULL keeps it
  retention_months integer CHECK (retention_months BETWEEN 1 AND 600),
  last_retention_run_at timestamptz,
  updated_at timestamptz NOT NULL
);

ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;
CREATE INDEX cases_closed_for_retention ON cases (tenant_id, closed_at) WHERE status = 'closed' AND anonymised_at IS NULL;
