-- Search at a million cases (issue 11). case_search carries the case's creation time and the three visibility
-- columns, copied from cases in the transaction that writes the document, so one table answers a search: either
-- the GIN index finds the matches and the newest are sorted out of them (rare words), or the visibility index is
-- walked newest first with the text condition checked inline (frequent words), instead of probing case_search once
-- per case of the work queue.
ALTER TABLE case_search
  ADD COLUMN created_at timestamptz,
  ADD COLUMN respondent_tenant_id uuid,
  ADD COLUMN platform_tenant_id uuid,
  ADD COLUMN ops_tenant_id uuid;
UPDATE case_search s
   SET created_at = c.created_at, respondent_tenant_id = c.respondent_tenant_id,
       platform_tenant_id = c.platform_tenant_id, ops_tenant_id = c.ops_tenant_id
  FROM cases c
 WHERE c.tenant_id = s.tenant_id AND c.id = s.case_id;
ALTER TABLE case_search
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN respondent_tenant_id SET NOT NULL;
-- The planner chooses between those two plans by how common the words are. With the default statistics a word
-- outside the most-common list (an order number, a rare brand) is guessed at ~0.25 % of the rows, which makes walking
-- the newest-first index look cheap and turns a one-hit lookup into a scan of every case the tenant sees (13 s at a
-- million cases). A larger sample keeps 10,000 common words and puts the guess for the others near 0.01 %.
ALTER TABLE case_search ALTER COLUMN doc SET STATISTICS 1000;
CREATE INDEX case_search_respondent_idx ON case_search (respondent_tenant_id, created_at DESC, case_id DESC);
CREATE INDEX case_search_platform_idx ON case_search (platform_tenant_id, created_at DESC, case_id DESC)
  WHERE platform_tenant_id IS NOT NULL;
CREATE INDEX case_search_ops_idx ON case_search (ops_tenant_id, created_at DESC, case_id DESC)
  WHERE ops_tenant_id IS NOT NULL;

-- Canned responses (文明用语 templates) per organisation: a title, a body with {{客户姓名}}-style variables and an
-- optional category it suits. Archived, never deleted: the uses below and the audit trail still name them.
CREATE TABLE canned_responses (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  title text NOT NULL,
  body text NOT NULL,
  category text CHECK (category IN ('product_quality', 'logistics_delay', 'service_attitude', 'after_sales_refund', 'description_mismatch', 'price', 'counterfeit_ip', 'platform_rules', 'operations_service', 'other')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  archived_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX canned_responses_id_idx ON canned_responses (id);
CREATE UNIQUE INDEX canned_responses_title_idx ON canned_responses (tenant_id, title) WHERE archived_at IS NULL;

-- Each reply sent with a template: how suggested replies learn which templates help close cases well.
CREATE TABLE canned_response_uses (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  canned_response_id uuid NOT NULL,
  case_tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  used_by uuid REFERENCES users (id),
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, canned_response_id) REFERENCES canned_responses (tenant_id, id),
  FOREIGN KEY (case_tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX canned_response_uses_response_idx ON canned_response_uses (tenant_id, canned_response_id);
CREATE INDEX canned_response_uses_case_idx ON canned_response_uses (case_id);
