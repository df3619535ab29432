-- Chinese text intelligence (issue 11): per-case search documents, classifications, and agents' corrections.

-- One search document per case, rebuilt in the transaction that changes the case. `doc` is the jieba tokens of
-- reason, complainant name, order and case numbers, notes and messages, run through the `simple` configuration
-- (no stemming, no stop words: the tokens are already words). `body` is the normalised display text snippets
-- are cut from. Order numbers and phone numbers are matched exactly on their normalised keys.
CREATE TABLE case_search (
  tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  doc tsvector NOT NULL,
  body text NOT NULL,
  order_key text,
  phone_key text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE UNIQUE INDEX case_search_case_idx ON case_search (case_id);
CREATE INDEX case_search_doc_idx ON case_search USING gin (doc);
CREATE INDEX case_search_order_idx ON case_search (order_key) WHERE order_key IS NOT NULL;
CREATE INDEX case_search_phone_idx ON case_search (phone_key) WHERE phone_key IS NOT NULL;

-- The classifier's reading of a case at intake: its guess, confidence and the evidence behind each part.
CREATE TABLE case_classifications (
  tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  model_version text NOT NULL,
  category text NOT NULL CHECK (category IN ('product_quality', 'logistics_delay', 'service_attitude', 'after_sales_refund', 'description_mismatch', 'price', 'counterfeit_ip', 'platform_rules', 'operations_service', 'other')),
  confidence real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  category_applied boolean NOT NULL,
  severity_suggested smallint NOT NULL CHECK (severity_suggested BETWEEN 1 AND 4),
  responsible_party text NOT NULL,
  sentiment real CHECK (sentiment BETWEEN 0 AND 1),
  result jsonb NOT NULL,
  flags jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE UNIQUE INDEX case_classifications_case_idx ON case_classifications (case_id);
CREATE INDEX case_classifications_flagged_idx ON case_classifications (tenant_id, created_at DESC) WHERE flags <> '[]';

-- Agents' corrections, kept with the text they corrected: the next `npm run train` can learn from them.
CREATE TABLE classification_corrections (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  case_id uuid NOT NULL,
  field text NOT NULL CHECK (field IN ('category', 'responsible_party', 'severity')),
  predicted text,
  corrected text NOT NULL,
  text text NOT NULL,
  model_version text,
  actor_tenant_id uuid NOT NULL REFERENCES tenants (id),
  actor_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX classification_corrections_case_idx ON classification_corrections (case_id);
