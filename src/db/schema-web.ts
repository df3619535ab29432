import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Typed view of migrations/0018_web_reads.sql for Kysely (cases.customer_replied_at is in CasesTable). */
export interface CaseReadsTable {
  /** The reader's organisation. */
  tenant_id: string;
  user_id: string;
  case_id: string;
  read_at: Timestamp;
}

export interface WebTables {
  case_reads: CaseReadsTable;
}
