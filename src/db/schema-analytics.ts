import type { ColumnType, Generated } from 'kysely';

/** Typed view of migrations/0013_analytics.sql and 0017_analytics_case_rollups.sql for Kysely. Keep in step with the SQL. */
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

/** migrations/0017: a case's facts (day × metric) under its scope and dimensions, and their sums. */
interface CaseRollupKey {
  tenant_id: string;
  respondent_tenant_id: string | null;
  platform_tenant_id: string | null;
  ops_tenant_id: string | null;
  category: string | null;
  channel: string | null;
  department_id: string | null;
  assignee_id: string | null;
  day: ColumnType<string, string, string>;
  metric: string;
  value: Fen;
}
export interface AnalyticsCaseFactsTable extends CaseRollupKey {
  case_id: string;
}
export type AnalyticsCaseDaysTable = CaseRollupKey;

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
  analytics_case_facts: AnalyticsCaseFactsTable;
  analytics_case_days: AnalyticsCaseDaysTable;
}
