import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Typed view of migrations/0012_imports.sql for Kysely. */
export interface ImportMappingsTable {
  tenant_id: string;
  kind: string;
  columns: Json<Record<string, string>>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ImportJobsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  file_name: string;
  sha256: string;
  format: string;
  encoding: string | null;
  status: string;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
  failed_count: Generated<number>;
  columns: Json<Record<string, string>>;
  failure: string | null;
  created_by: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ImportRowErrorsTable {
  tenant_id: string;
  import_id: string;
  id: Generated<number>;
  row_number: number;
  field: string | null;
  code: string;
  zh: string;
  en: string;
  raw: Json<unknown>;
}

export interface ReviewsTable {
  tenant_id: string;
  id: Generated<string>;
  external_id: string;
  order_id: string | null;
  order_number: string | null;
  product_name: string | null;
  sku: string | null;
  reviewer_name: string | null;
  rating: number | null;
  text: string;
  shop_reply: string | null;
  revised: boolean;
  posted_at: Timestamp | null;
  case_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RevisionRequestsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  channel: string;
  message: string;
  outcome: string | null;
  requested_by: string | null;
  requested_by_tenant_id: string;
  requested_at: Timestamp;
  answered_at: Timestamp | null;
}

export interface ImportTables {
  import_mappings: ImportMappingsTable;
  import_jobs: ImportJobsTable;
  import_row_errors: ImportRowErrorsTable;
  reviews: ReviewsTable;
  revision_requests: RevisionRequestsTable;
}
