import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Typed view of migrations/0006_text.sql for Kysely. */
export interface CaseSearchTable {
  tenant_id: string;
  case_id: string;
  doc: string;
  body: string;
  order_key: string | null;
  phone_key: string | null;
  updated_at: Timestamp;
  /** Copied from cases (0010) so one table answers a search: creation time and who may see the case. */
  created_at: Timestamp;
  respondent_tenant_id: string;
  platform_tenant_id: string | null;
  ops_tenant_id: string | null;
  /** Weeks since 1970-01-01 of created_at (0016): in the scope GIN index, so a search can ask for recent weeks. */
  created_week: number;
}

export interface CaseClassificationsTable {
  tenant_id: string;
  case_id: string;
  model_version: string;
  category: string;
  confidence: number;
  category_applied: boolean;
  severity_suggested: number;
  responsible_party: string;
  sentiment: number | null;
  result: Json<unknown>;
  flags: Json<unknown[]>;
  created_at: Timestamp;
}

export interface ClassificationCorrectionsTable {
  tenant_id: string;
  id: Generated<number>;
  case_id: string;
  field: 'category' | 'responsible_party' | 'severity';
  predicted: string | null;
  corrected: string;
  text: string;
  model_version: string | null;
  actor_tenant_id: string;
  actor_user_id: string | null;
  created_at: Timestamp;
}

/** Typed view of the canned-response tables in migrations/0010_text_search.sql. */
export interface CannedResponsesTable {
  tenant_id: string;
  id: Generated<string>;
  title: string;
  body: string;
  category: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Timestamp | null;
  version: Generated<number>;
}

export interface CannedResponseUsesTable {
  tenant_id: string;
  id: Generated<number>;
  canned_response_id: string;
  case_tenant_id: string;
  case_id: string;
  used_by: string | null;
  at: Timestamp;
}

export interface TextTables {
  case_search: CaseSearchTable;
  case_classifications: CaseClassificationsTable;
  classification_corrections: ClassificationCorrectionsTable;
  canned_responses: CannedResponsesTable;
  canned_response_uses: CannedResponseUsesTable;
}
