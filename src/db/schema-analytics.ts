import type { ColumnType, Generated } from 'kysely';

/** Typed view of migrations/0013_analytics.sql for Kysely. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bigint columns: pg returns strings; we select them through Number(). */
type Fen = ColumnType<string | number, number, number>;

export interface ResponsibilityDecisionsTable {
  tenant_id: string;
  id: Generated<string>;
  subject_type: 'person' | 'department';
  subject_id: string;
  kind: 'reward' | 'penalty';
  period: string;
  amount_fen: Fen | null;
  reason: string;
  decided_by: string | null;
  created_at: Timestamp;
}

export interface AnalyticsOrderDaysTable {
  tenant_id: string;
  day: ColumnType<string, string, string>;
  orders: number;
}

export interface MonthlyReportRunsTable {
  tenant_id: string;
  month: string;
  recipients: number;
  created_at: Timestamp;
}

export interface AnalyticsTables {
  responsibility_decisions: ResponsibilityDecisionsTable;
  analytics_order_days: AnalyticsOrderDaysTable;
  monthly_report_runs: MonthlyReportRunsTable;
}
