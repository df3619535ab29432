import type { ColumnType, Generated } from 'kysely';

/** Typed view of migrations/0009_calls.sql for Kysely (the tenants columns are in schema.ts). Keep in step. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface CallsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  direction: 'inbound' | 'outbound';
  caller_name: string;
  caller_phone: string | null;
  caller_address: string | null;
  started_at: Timestamp;
  duration_seconds: number;
  recording_ref: string | null;
  summary: string;
  warnings: Json<string[]>;
  logged_by: string | null;
  logged_by_tenant_id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CallTables {
  calls: CallsTable;
}
