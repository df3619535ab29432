-- Channels: e-mail intake and replies (issue 7).

-- Which organisation receives mail sent to an address (e.g. service@merchant1.demo). One address, one tenant.
CREATE TABLE inbound_addresses (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  address text NOT NULL UNIQUE CHECK (address = lower(address) AND position('@' IN address) > 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, address)
);

-- Every mail on a case, in and out, by Message-ID: threading looks up In-Reply-To/References here, and a
-- redelivered Message-ID is recognised. The raw message is kept (a content-addressed file under the evidence
-- dir, raw_key) so nothing of what the customer sent is lost.
CREATE TABLE mail_messages (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  message_id text NOT NULL CHECK (length(message_id) BETWEEN 3 AND 998),
  case_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  from_address text,
  subject text,
  raw_key text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, message_id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX mail_messages_case_idx ON mail_messages (tenant_id, case_id, at);

-- Mail recognised as automatic (auto-replies, bounces, list mail): recorded with the reason, never a case.
CREATE TABLE mail_ignored (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  message_id text,
  reason text NOT NULL,
  from_address text,
  subject text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX mail_ignored_at_idx ON mail_ignored (tenant_id, at DESC);

-- Mail that could not be taken in (unparseable, too big, unknown recipient): the reason and the raw bytes (a
-- content-addressed file, raw_key), until a person retries it. tenant_id is null while the receiving organisation is unknown, so it is not in the key.
CREATE TABLE mail_quarantine (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid REFERENCES tenants (id),
  reason text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  raw_key text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  envelope_to jsonb NOT NULL DEFAULT '[]',
  source text NOT NULL,
  attempts integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'released')),
  released_at timestamptz,
  released_outcome jsonb,
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX mail_quarantine_held_idx ON mail_quarantine (tenant_id, received_at DESC) WHERE status = 'held';
