import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AnalyticsTables } from './schema-analytics.ts';
import type { CallTables } from './schema-calls.ts';
import type { ImportTables } from './schema-import.ts';
import type { MailTables } from './schema-mail.ts';
import type { OmniTables } from './schema-omni.ts';
import type { PrivacyTables } from './schema-privacy.ts';
import type { ResolutionTables } from './schema-resolution.ts';
import type { SanctionTables } from './schema-sanctions.ts';
import type { SlaTables } from './schema-sla.ts';
import type { TextTables } from './schema-text.ts';
import type { WebTables } from './schema-web.ts';

/** Typed view of migrations/*.sql for Kysely. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface TenantsTable {
  id: Generated<string>;
  kind: 'platform' | 'merchant' | 'operations_company' | 'logistics';
  name: string;
  slug: string;
  platform_id: string | null;
  after_sales_days: Generated<number>;
  /** Contact timing (migration 0009): calling window in minutes, daily limit, working days, default zone. */
  call_window_start: Generated<number>;
  call_window_end: Generated<number>;
  max_calls_per_day: Generated<number>;
  call_working_days_only: Generated<boolean>;
  call_time_zone: Generated<string>;
  created_at: CreatedAt;
}

export interface OperationsContractsTable {
  tenant_id: string;
  operations_company_id: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: 'admin' | 'supervisor' | 'agent' | 'auditor' | 'viewer';
  created_at: CreatedAt;
}

export interface ApiTokensTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  kind: 'session' | 'api';
  token_hash: string;
  label: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface DepartmentsTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
}

export interface OrderItem {
  sku?: string;
  name: string;
  quantity: number;
  priceFen: number;
}

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  order_number: string;
  buyer_name: string;
  buyer_phone: string | null;
  items: Json<OrderItem[]>;
  amount_fen: number;
  state: string;
  placed_at: Timestamp;
  completed_at: Timestamp | null;
  after_sales_deadline: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CasesTable {
  tenant_id: string;
  id: Generated<string>;
  case_number: string;
  kind: string;
  channel: string;
  status: string;
  respondent_tenant_id: string;
  platform_tenant_id: string | null;
  ops_tenant_id: string | null;
  order_id: string | null;
  complainant_name: string;
  complainant_phone: string | null;
  complainant_email: string | null;
  complainant_id_number: string | null;
  reason: string;
  expected_resolution: string | null;
  category: string | null;
  severity: number;
  review_rating: number | null;
  assignee_id: string | null;
  department_id: string | null;
  missing: Json<string[]>;
  resolution: string | null;
  root_cause_type: 'accidental' | 'systemic' | null;
  root_cause_text: string | null;
  root_cause_category: string | null;
  status_reason: string | null;
  due_at: Timestamp | null;
  /** The complainant's last message, answer or upload (0018); the queue's unread-reply mark compares it. */
  customer_replied_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  accepted_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Generated<number>;
  /** Intake flags such as public_post (0011_omni.sql). */
  flags: ColumnType<string[], string | undefined, string>;
  /** Earlier cases of the same complainant in this organisation, counted at intake (0011_omni.sql). */
  repeat_count: Generated<number>;
  /** When the complainant's data was anonymised: retention or an erasure request (0014_privacy.sql). */
  anonymised_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Working hours filing → first response / → resolved, stored when recorded (0017_analytics_case_rollups.sql). */
  first_response_wh: ColumnType<number | null, number | null | undefined, number | null>;
  resolution_wh: ColumnType<number | null, number | null | undefined, number | null>;
  /** The stored hours are missing or out of date: readers compute them (0017). */
  working_hours_stale: Generated<boolean>;
}

export interface CaseEventsTable {
  tenant_id: string;
  id: Generated<number>;
  case_id: string;
  type: string;
  actor_user_id: string | null;
  actor_tenant_id: string | null;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface EvidenceTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  sha256: string;
  mime: string;
  declared_mime: string | null;
  size_bytes: number;
  file_name: string | null;
  storage_key: string;
  description: string | null;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  case_id: string;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface OutboxTable {
  tenant_id: string;
  id: Generated<number>;
  topic: string;
  payload: Json<unknown>;
  created_at: CreatedAt;
  delivered_at: Timestamp | null;
}

export interface DB
  extends ResolutionTables,
    PrivacyTables,
    SlaTables,
    TextTables,
    MailTables,
    SanctionTables,
    CallTables,
    ImportTables,
    OmniTables,
    AnalyticsTables,
    WebTables {
  tenants: TenantsTable;
  operations_contracts: OperationsContractsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  api_tokens: ApiTokensTable;
  departments: DepartmentsTable;
  orders: OrdersTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  evidence: EvidenceTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  case_access_links: CaseAccessLinksTable;
}

export type CaseRow = Selectable<CasesTable>;
export type OrderRow = Selectable<OrdersTable>;
export type NewCase = Insertable<CasesTable>;
export type TenantRow = Selectable<TenantsTable>;

export interface CaseAccessLinksTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}
