-- Resolution loop: routing, investigation, offers with approval, promises, follow-up, escalation, multi-party.
-- Rows that belong to a case carry the case's tenant_id first (the case owner), so they shard with the case.

-- Root cause category (required at close, see domain/root-causes.ts).
ALTER TABLE cases ADD COLUMN root_cause_category text
  CHECK (root_cause_category IN ('packing', 'carrier', 'stock_data', 'description', 'staff_attitude', 'supplier_quality', 'other'));
CREATE INDEX cases_systemic_idx ON cases (tenant_id, closed_at DESC) WHERE root_cause_type = 'systemic';

-- Tenant policy for the resolution loop; a tenant without a row uses the defaults in domain/resolution-policy.ts.
CREATE TABLE resolution_policies (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  agent_limit_fen bigint NOT NULL CHECK (agent_limit_fen >= 0),
  supervisor_limit_fen bigint NOT NULL CHECK (supervisor_limit_fen >= agent_limit_fen),
  follow_up_days integer NOT NULL CHECK (follow_up_days BETWEEN 0 AND 60),
  reopen_window_days integer NOT NULL CHECK (reopen_window_days BETWEEN 1 AND 90),
  reply_hours integer NOT NULL CHECK (reply_hours BETWEEN 1 AND 720),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- Routing rules: the first matching rule by priority (lowest first) sets department and first responsible person.
CREATE TABLE routing_rules (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  priority integer NOT NULL CHECK (priority BETWEEN 0 AND 100000),
  category text,
  kind text,
  channel text,
  respondent_tenant_id uuid REFERENCES tenants (id),
  severity smallint CHECK (severity BETWEEN 1 AND 4),
  department_id uuid NOT NULL,
  assignee_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, priority),
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
);

CREATE TABLE case_collaborators (
  tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  member_tenant_id uuid NOT NULL REFERENCES tenants (id),
  department_id uuid NOT NULL,
  added_by uuid REFERENCES users (id),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_id, user_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
  FOREIGN KEY (member_tenant_id, department_id) REFERENCES departments (tenant_id, id)
);

CREATE TABLE offers (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  offered_by_tenant_id uuid NOT NULL REFERENCES tenants (id),
  created_by uuid REFERENCES users (id),
  type text NOT NULL CHECK (type IN ('refund', 'return_refund', 'exchange', 'reshipment', 'compensation', 'coupon', 'free_shipping', 'membership_upgrade', 'apology')),
  amount_fen bigint NOT NULL CHECK (amount_fen BETWEEN 0 AND 100000000),
  description text NOT NULL,
  promise_due_at timestamptz,
  state text NOT NULL CHECK (state IN ('draft', 'pending_approval', 'approved', 'declined', 'sent', 'accepted', 'rejected', 'countered', 'withdrawn')),
  approval_role text CHECK (approval_role IN ('supervisor', 'admin')),
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  decision_note text,
  sent_at timestamptz,
  answered_at timestamptz,
  answered_via text CHECK (answered_via IN ('agent', 'link')),
  answer_note text,
  counter_amount_fen bigint CHECK (counter_amount_fen BETWEEN 0 AND 100000000),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX offers_case_idx ON offers (case_id, created_at);
CREATE INDEX offers_pending_idx ON offers (offered_by_tenant_id, created_at) WHERE state = 'pending_approval';

CREATE TABLE promises (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  offer_id uuid,
  kind text NOT NULL CHECK (kind IN ('reshipment', 'refund', 'callback', 'other')),
  description text NOT NULL,
  owner_id uuid NOT NULL REFERENCES users (id),
  owner_tenant_id uuid NOT NULL REFERENCES tenants (id),
  due_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('open', 'kept', 'broken')),
  outcome_note text,
  evidence_id uuid,
  settled_by uuid REFERENCES users (id),
  settled_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
  FOREIGN KEY (tenant_id, offer_id) REFERENCES offers (tenant_id, id),
  FOREIGN KEY (tenant_id, evidence_id) REFERENCES evidence (tenant_id, id),
  CHECK ((state = 'open') = (settled_at IS NULL))
);
CREATE INDEX promises_case_open_idx ON promises (case_id) WHERE state = 'open';
CREATE INDEX promises_due_idx ON promises (owner_tenant_id, due_at) WHERE state = 'open';

CREATE TABLE follow_ups (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  resolved_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('scheduled', 'answered', 'cancelled')),
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  comment text,
  answered_via text CHECK (answered_via IN ('link', 'phone')),
  recorded_by uuid REFERENCES users (id),
  answered_at timestamptz,
  reopened boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
  CHECK ((state = 'answered') = (rating IS NOT NULL))
);
CREATE INDEX follow_ups_case_idx ON follow_ups (case_id, created_at);
CREATE INDEX follow_ups_due_idx ON follow_ups (tenant_id, due_at) WHERE state = 'scheduled';

CREATE TABLE escalations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('internal', 'external')),
  target text NOT NULL CHECK (target IN ('supervisor', 'platform', 'consumer_association', 'market_regulator_12315', 'arbitration', 'court')),
  CHECK ((level = 'internal') = (target IN ('supervisor', 'platform'))),
  body_name text,
  reference_number text,
  submitted_at timestamptz NOT NULL,
  decided_at timestamptz,
  outcome text,
  note text,
  created_by uuid REFERENCES users (id),
  created_by_tenant_id uuid NOT NULL REFERENCES tenants (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX escalations_case_idx ON escalations (case_id, created_at);

-- Platform → respondent forwarding with a reply deadline, the respondent's answer and the platform's ruling.
CREATE TABLE case_forwards (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  platform_tenant_id uuid NOT NULL REFERENCES tenants (id),
  respondent_tenant_id uuid NOT NULL REFERENCES tenants (id),
  forwarded_by uuid REFERENCES users (id),
  forwarded_at timestamptz NOT NULL,
  reply_due_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('awaiting_reply', 'replied', 'disputed', 'ruled')),
  reply_kind text CHECK (reply_kind IN ('reply', 'proposal', 'dispute')),
  reply_text text,
  reply_evidence_ids jsonb NOT NULL DEFAULT '[]',
  replied_by uuid REFERENCES users (id),
  replied_at timestamptz,
  disagreement text,
  ruling text CHECK (ruling IN ('order_refund', 'order_compensation', 'dismiss', 'record_violation')),
  ruling_amount_fen bigint CHECK (ruling_amount_fen BETWEEN 0 AND 100000000),
  ruling_text text,
  ruled_by uuid REFERENCES users (id),
  ruled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE UNIQUE INDEX case_forwards_one_open_idx ON case_forwards (case_id) WHERE state <> 'ruled';

-- Notes one party keeps for itself on a shared case: only the writing organisation reads them.
CREATE TABLE side_notes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  party_tenant_id uuid NOT NULL REFERENCES tenants (id),
  author_id uuid REFERENCES users (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX side_notes_case_idx ON side_notes (case_id, party_tenant_id, created_at);

-- Malicious-complaint flags (恶意投诉/敲诈, false claims, false IP claims) set by a supervisor with evidence. The
-- complainant is identified by SHA-256 of the normalised phone (digits) and e-mail (lower case), never in clear.
CREATE TABLE complainant_flags (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  case_tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('extortion', 'false_claim', 'false_ip_claim')),
  note text NOT NULL,
  evidence_ids jsonb NOT NULL DEFAULT '[]',
  phone_hash text CHECK (phone_hash ~ '^[0-9a-f]{64}$'),
  email_hash text CHECK (email_hash ~ '^[0-9a-f]{64}$'),
  flagged_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (case_tenant_id, case_id) REFERENCES cases (tenant_id, id),
  CHECK (phone_hash IS NOT NULL OR email_hash IS NOT NULL)
);
CREATE INDEX complainant_flags_phone_idx ON complainant_flags (tenant_id, phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX complainant_flags_email_idx ON complainant_flags (tenant_id, email_hash) WHERE email_hash IS NOT NULL;
-- Why an offer needs an admin regardless of its amount (a flagged complainant).
ALTER TABLE offers ADD COLUMN admin_reason text CHECK (admin_reason IN ('flagged_complainant'));
