-- Platform sanctions (平台处罚) against a member, with one appeal, and the responsibility ledger (责任台账).

-- A sanction belongs to the platform that issued it (tenant_id); the sanctioned member reads it through
-- member_tenant_id. Appeal and its decision live on the row: a member appeals once.
CREATE TABLE sanctions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  member_tenant_id uuid NOT NULL REFERENCES tenants (id),
  type text NOT NULL CHECK (type IN ('warning', 'listing_restriction', 'temporary_freeze', 'public_notice', 'account_ban')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
  public_text text CHECK (length(public_text) BETWEEN 1 AND 2000),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  issued_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  appeal_reason text,
  appeal_evidence text,
  appealed_by uuid REFERENCES users (id),
  appealed_at timestamptz,
  appeal_decision text CHECK (appeal_decision IN ('upheld', 'revoked')),
  appeal_decision_reason text,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK (type <> 'temporary_freeze' OR ends_at IS NOT NULL),
  CHECK ((type = 'public_notice') = (public_text IS NOT NULL)),
  CHECK ((appealed_at IS NULL) = (appeal_reason IS NULL)),
  CHECK ((decided_at IS NULL) = (appeal_decision IS NULL)),
  CHECK (decided_at IS NULL OR appealed_at IS NOT NULL)
);
CREATE INDEX sanctions_list_idx ON sanctions (tenant_id, created_at DESC, id DESC);
CREATE INDEX sanctions_member_idx ON sanctions (member_tenant_id, created_at DESC, id DESC);
-- The public notice board: active public notices across platforms, newest first.
CREATE INDEX sanctions_public_idx ON sanctions (starts_at DESC, id DESC)
  WHERE type = 'public_notice' AND revoked_at IS NULL;

-- The cases a sanction cites: each has the platform's ruling "record_violation" against the member.
CREATE TABLE sanction_cases (
  tenant_id uuid NOT NULL,
  sanction_id uuid NOT NULL,
  case_tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, sanction_id, case_id),
  FOREIGN KEY (tenant_id, sanction_id) REFERENCES sanctions (tenant_id, id),
  FOREIGN KEY (case_tenant_id, case_id) REFERENCES cases (tenant_id, id)
);

-- One row per closed case, written in the closing transaction (replaced when a reopened case closes again).
-- tenant_id is the organisation of the first responsible person (whose people and departments are counted).
CREATE TABLE responsibility_ledger (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  case_tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  person_id uuid REFERENCES users (id),
  department_id uuid,
  respondent_tenant_id uuid NOT NULL REFERENCES tenants (id),
  responsible_party text,
  root_cause_type text CHECK (root_cause_type IN ('accidental', 'systemic')),
  root_cause_category text,
  on_time boolean,
  satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
  unkept_promises integer NOT NULL DEFAULT 0 CHECK (unkept_promises >= 0),
  case_created_at timestamptz NOT NULL,
  closed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_tenant_id, case_id),
  FOREIGN KEY (case_tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE UNIQUE INDEX responsibility_ledger_case_idx ON responsibility_ledger (case_id);
CREATE INDEX responsibility_ledger_person_idx ON responsibility_ledger (tenant_id, person_id, closed_at);
CREATE INDEX responsibility_ledger_department_idx ON responsibility_ledger (tenant_id, department_id, closed_at);
