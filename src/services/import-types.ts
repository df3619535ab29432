import type { ImportKind } from '../domain/import-fields.ts';

/** What a kind's writer needs to know about the running import. */
export interface ImportJobInfo {
  id: string;
  tenantId: string;
  kind: ImportKind;
  /** field → column index, as resolved for this file */
  columns: Record<string, number>;
  afterSalesDays: number;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
}
