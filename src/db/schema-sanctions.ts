import type { ColumnType, Generated } from 'kysely';

/** Typed view of migrations/0008_sanctions.sql for Kysely. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface SanctionsTable {
  tenant_id: string;
  id: Generated<string>;
  member_tenant_id: string;
  type: string;
  reason: string;
  public_text: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  issued_by: string | null;
  created_at: Timestamp;
  appeal_reason: string | null;
  appeal_evidence: string | null;
  appealed_by: string | null;
  appealed_at: Timestamp | null;
  appeal_decision: 'upheld' | 'revoked' | null;
  appeal_decision_reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SanctionCasesTable {
  tenant_id: string;
  sanction_id: string;
  case_tenant_id: string;
  case_id: string;
}

export interface ResponsibilityLedgerTable {
  tenant_id: string;
  case_tenant_id: string;
  case_id: string;
  person_id: string | null;
  department_id: string | null;
  respondent_tenant_id: string;
  responsible_party: string | null;
  root_cause_type: 'accidental' | 'systemic' | null;
  root_cause_category: string | null;
  on_time: boolean | null;
  satisfaction: number | null;
  unkept_promises: number;
  case_created_at: Timestamp;
  closed_at: Timestamp;
}

export interface SanctionTables {
  sanctions: SanctionsTable;
  sanction_cases: SanctionCasesTable;
  responsibility_ledger: ResponsibilityLedgerTable;
}
