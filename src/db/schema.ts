import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ResolutionTables } from './schema-resolution.ts';

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
  created_at: CreatedAt;
  updated_at: Timestamp;
  accepted_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Generated<number>;
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

export interface DB extends ResolutionTables, SlaTables {
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
  case_search: CaseSearchTable;
  case_classifications: CaseClassificationsTable;
  classification_corrections: ClassificationCorrectionsTable;
  inbound_addresses: InboundAddressesTable;
  mail_messages: MailMessagesTable;
  mail_ignored: MailIgnoredTable;
  mail_quarantine: MailQuarantineTable;
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

export interface CaseSearchTable {
  tenant_id: string;
  case_id: string;
  doc: string;
  body: string;
  order_key: string | null;
  phone_key: string | null;
  updated_at: Timestamp;
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

export interface SlaSettingsTable {
  tenant_id: string;
  work_start: number;
  work_end: number;
  lunch_start: number | null;
  lunch_end: number | null;
  closed_dates: Json<string[]>;
  utc_offset_minutes: number;
  updated_at: Timestamp;
}

export interface SlaPoliciesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  match_kind: string | null;
  match_channel: string | null;
  match_severity: number | null;
  match_respondent_tenant_id: string | null;
  priority: number;
  targets: Json<Record<string, { amount: number; unit: string }>>;
  on_breach: Json<string[]>;
  preset: string | null;
  source: string | null;
  active: boolean;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CaseSlaTable {
  tenant_id: string;
  case_id: string;
  target: string;
  policy_id: string;
  clock: 'working' | 'calendar';
  started_at: Timestamp;
  budget_minutes: number;
  due_at: Timestamp | null;
  warn_at: Timestamp | null;
  paused_at: Timestamp | null;
  left_at_pause_ms: number | null;
  warned_at: Timestamp | null;
  breached_at: Timestamp | null;
  escalated_at: Timestamp | null;
  met_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  next_check_at: Timestamp | null;
}

export interface NotificationsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  kind: string;
  case_id: string | null;
  data: Json<Record<string, unknown>>;
  dedupe_key: string;
  created_at: CreatedAt;
  read_at: Timestamp | null;
  email_to: string | null;
  email_status: 'none' | 'pending' | 'sending' | 'sent' | 'failed';
  email_attempts: Generated<number>;
  email_locked_until: Timestamp | null;
  emailed_at: Timestamp | null;
}

export interface WebhookEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  description: string | null;
  secret: string;
  event_types: Json<string[]>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  endpoint_id: string;
  outbox_id: number;
  event_type: string;
  payload: Json<unknown>;
  status: Generated<'pending' | 'delivered' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface WebhookAttemptsTable {
  tenant_id: string;
  id: Generated<number>;
  delivery_id: string;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** The SLA feature's tables (migration 0004); merged into DB below. */
export interface SlaTables {
  sla_settings: SlaSettingsTable;
  sla_policies: SlaPoliciesTable;
  case_sla: CaseSlaTable;
  notifications: NotificationsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export interface InboundAddressesTable {
  tenant_id: string;
  address: string;
  created_at: CreatedAt;
}

export interface MailMessagesTable {
  tenant_id: string;
  message_id: string;
  case_id: string;
  direction: 'in' | 'out';
  from_address: string | null;
  subject: string | null;
  raw_key: string | null;
  at: Timestamp;
}

export interface MailIgnoredTable {
  tenant_id: string;
  id: Generated<string>;
  message_id: string | null;
  reason: string;
  from_address: string | null;
  subject: string | null;
  at: Timestamp;
}

export interface MailQuarantineTable {
  id: Generated<string>;
  tenant_id: string | null;
  reason: string;
  detail: Json<Record<string, unknown>>;
  raw_key: string;
  size_bytes: number;
  sha256: string;
  envelope_to: Json<string[]>;
  source: string;
  attempts: Generated<number>;
  status: Generated<'held' | 'released'>;
  released_at: Timestamp | null;
  released_outcome: Json<Record<string, unknown>> | null;
  received_at: Timestamp;
  updated_at: Timestamp;
}
