import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** Typed view of migrations/0004_sla.sql for Kysely. */
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
