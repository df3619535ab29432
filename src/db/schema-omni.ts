import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Typed view of migrations/0011_omni.sql for Kysely. */
export interface IntakeSourcesTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  name: string;
  secret: string;
  raise_public_severity: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IntakeAttachment {
  url: string;
  mime: string;
}

export interface IntakeMessagesTable {
  tenant_id: string;
  source_id: string;
  message_id: string;
  case_id: string;
  type: 'public_post' | 'direct_message';
  author_id: string;
  author_name: string;
  author_profile_url: string | null;
  url: string | null;
  posted_at: Timestamp;
  attachments: Json<IntakeAttachment[]>;
  received_at: Timestamp;
}

export interface CaseComplainantKeysTable {
  tenant_id: string;
  case_id: string;
  key_hash: string;
  created_at: Timestamp;
}

export interface CaseLinksTable {
  tenant_id: string;
  case_id: string;
  related_case_id: string;
  kind: 'related' | 'merged_into' | 'merged_from';
  reason: string | null;
  created_at: Timestamp;
}

export interface IntakeSettingsTable {
  tenant_id: string;
  duplicate_window_days: Generated<number>;
  require_verified_phone: Generated<boolean>;
  updated_at: Timestamp;
}

export interface PhoneCodesTable {
  tenant_id: string;
  id: Generated<string>;
  phone_hash: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface OmniTables {
  intake_sources: IntakeSourcesTable;
  intake_messages: IntakeMessagesTable;
  case_complainant_keys: CaseComplainantKeysTable;
  case_links: CaseLinksTable;
  intake_settings: IntakeSettingsTable;
  phone_codes: PhoneCodesTable;
}
