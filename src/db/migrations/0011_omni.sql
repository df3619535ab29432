-- IM and social intake, duplicates and merges, phone verification for the public form (issue 7 items 3, 4, 8).

-- An IM or social account that posts complaints to Kesu through a signed webhook. The secret must be readable by
-- the server to verify HMAC signatures, so it is stored as issued (like webhook endpoint secrets) and is never
-- returned by the API after creation; whoever can read this table can forge messages for the source.
CREATE TABLE intake_sources (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('wechat', 'weibo', 'douyin', 'xiaohongshu', 'qq', 'other_im')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  secret text NOT NULL,
  -- Public posts are seen by everyone: by default they raise the case's severity by one.
  raise_public_severity boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
-- The webhook URL names only the source; this finds its organisation.
CREATE UNIQUE INDEX intake_sources_id_idx ON intake_sources (id);

-- Every message a source delivered, by the source's own message id: a replay finds its case again.
CREATE TABLE intake_messages (
  tenant_id uuid NOT NULL,
  source_id uuid NOT NULL,
  message_id text NOT NULL CHECK (length(message_id) BETWEEN 1 AND 200),
  case_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('public_post', 'direct_message')),
  author_id text NOT NULL,
  author_name text NOT NULL,
  author_profile_url text,
  url text,
  posted_at timestamptz NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]',
  received_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, source_id, message_id),
  FOREIGN KEY (tenant_id, source_id) REFERENCES intake_sources (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX intake_messages_author_idx ON intake_messages (tenant_id, source_id, author_id, received_at DESC);

-- Intake flags on the case itself (e.g. public_post), and how many earlier cases the same complainant filed.
ALTER TABLE cases ADD COLUMN flags jsonb NOT NULL DEFAULT '[]';
ALTER TABLE cases ADD COLUMN repeat_count integer NOT NULL DEFAULT 0 CHECK (repeat_count >= 0);

-- Hashed complainant identities per case (sha256 of "phone:<digits>", "email:<lower-case>", "buyer:<source>:<id>"):
-- duplicates and repeat counts are found without comparing contact data in clear.
CREATE TABLE case_complainant_keys (
  tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_id, key_hash),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_complainant_keys_key_idx ON case_complainant_keys (tenant_id, key_hash, created_at);

INSERT INTO case_complainant_keys (tenant_id, case_id, key_hash, created_at)
SELECT tenant_id, id, encode(sha256(convert_to('phone:' || p, 'UTF8')), 'hex'), created_at
FROM (
  SELECT tenant_id, id, created_at, regexp_replace(complainant_phone, '\D', '', 'g') AS d FROM cases
  WHERE complainant_phone IS NOT NULL
) x, LATERAL (SELECT CASE WHEN length(d) > 11 AND left(d, 2) = '86' THEN substr(d, 3) ELSE d END AS p) y
WHERE p <> ''
ON CONFLICT DO NOTHING;
INSERT INTO case_complainant_keys (tenant_id, case_id, key_hash, created_at)
SELECT tenant_id, id, encode(sha256(convert_to('email:' || lower(btrim(complainant_email)), 'UTF8')), 'hex'), created_at
FROM cases WHERE complainant_email IS NOT NULL AND btrim(complainant_email) <> ''
ON CONFLICT DO NOTHING;
UPDATE cases c SET repeat_count = s.n
FROM (
  SELECT k.tenant_id, k.case_id, count(DISTINCT e.case_id)::int AS n
  FROM case_complainant_keys k
  JOIN case_complainant_keys e
    ON e.tenant_id = k.tenant_id AND e.key_hash = k.key_hash AND e.case_id <> k.case_id AND e.created_at < k.created_at
  GROUP BY k.tenant_id, k.case_id
) s
WHERE c.tenant_id = s.tenant_id AND c.id = s.case_id;

-- Links between cases of one organisation, one row per direction: 'related' (same complainant and order within
-- the window), 'merged_into' / 'merged_from' (a merge; both timelines stay).
CREATE TABLE case_links (
  tenant_id uuid NOT NULL,
  case_id uuid NOT NULL,
  related_case_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('related', 'merged_into', 'merged_from')),
  reason text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_id, related_case_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
  FOREIGN KEY (tenant_id, related_case_id) REFERENCES cases (tenant_id, id),
  CHECK (case_id <> related_case_id)
);

-- Per-organisation intake settings.
CREATE TABLE intake_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id) PRIMARY KEY,
  duplicate_window_days integer NOT NULL DEFAULT 30 CHECK (duplicate_window_days BETWEEN 1 AND 365),
  require_verified_phone boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);

-- One-time codes for the public form: only a salted hash is kept; 10 minutes, 5 tries, used once.
CREATE TABLE phone_codes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  phone_hash text NOT NULL CHECK (phone_hash ~ '^[0-9a-f]{64}$'),
  code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  attempts smallint NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX phone_codes_phone_idx ON phone_codes (tenant_id, phone_hash, created_at DESC);
