import type { ColumnType, Generated } from 'kysely';

/** Typed view of migrations/0014_privacy.sql for Kysely (cases.anonymised_at is in schema.ts). Keep in step. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface PiiAccessTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string | null;
  reader_tenant_id: string;
  case_id: string;
  fields: ColumnType<string[], string[], string[]>;
  via: 'case' | 'list' | 'search' | 'dossier' | 'export';
  at: Timestamp;
}

export interface PrivacySettingsTable {
  tenant_id: string;
  retention_months: number | null;
  last_retention_run_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface PrivacyTables {
  pii_access: PiiAccessTable;
  privacy_settings: PrivacySettingsTable;
}
