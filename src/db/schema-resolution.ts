import type { ColumnType, Generated } from 'kysely';

/** Typed view of migrations/0003_resolution.sql for Kysely. Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** bigint columns: pg returns strings; we select them through Number(). */
type Fen = ColumnType<string | number, number, number>;

export interface ResolutionPoliciesTable {
  tenant_id: string;
  agent_limit_fen: Fen;
  supervisor_limit_fen: Fen;
  follow_up_days: number;
  reopen_window_days: number;
  reply_hours: number;
  updated_at: Timestamp;
}

export interface RoutingRulesTable {
  tenant_id: string;
  id: Generated<string>;
  priority: number;
  category: string | null;
  kind: string | null;
  channel: string | null;
  respondent_tenant_id: string | null;
  severity: number | null;
  department_id: string;
  assignee_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CaseCollaboratorsTable {
  tenant_id: string;
  case_id: string;
  user_id: string;
  member_tenant_id: string;
  department_id: string;
  added_by: string | null;
  added_at: Timestamp;
}

export interface OffersTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  offered_by_tenant_id: string;
  created_by: string | null;
  type: string;
  amount_fen: Fen;
  description: string;
  promise_due_at: Timestamp | null;
  state: string;
  approval_role: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  decision_note: string | null;
  sent_at: Timestamp | null;
  answered_at: Timestamp | null;
  answered_via: string | null;
  answer_note: string | null;
  counter_amount_fen: Fen | null;
  created_at: Timestamp;
  admin_reason: string | null;
}

export interface ComplainantFlagsTable {
  tenant_id: string;
  id: Generated<string>;
  case_tenant_id: string;
  case_id: string;
  kind: string;
  note: string;
  evidence_ids: Json<string[]>;
  phone_hash: string | null;
  email_hash: string | null;
  flagged_by: string | null;
  created_at: Timestamp;
}

export interface PromisesTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  offer_id: string | null;
  kind: string;
  description: string;
  owner_id: string;
  owner_tenant_id: string;
  due_at: Timestamp;
  state: string;
  outcome_note: string | null;
  evidence_id: string | null;
  settled_by: string | null;
  settled_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface FollowUpsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  resolved_at: Timestamp;
  due_at: Timestamp;
  state: string;
  rating: number | null;
  comment: string | null;
  answered_via: string | null;
  recorded_by: string | null;
  answered_at: Timestamp | null;
  reopened: Generated<boolean>;
  created_at: Timestamp;
}

export interface EscalationsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  level: string;
  target: string;
  body_name: string | null;
  reference_number: string | null;
  submitted_at: Timestamp;
  decided_at: Timestamp | null;
  outcome: string | null;
  note: string | null;
  created_by: string | null;
  created_by_tenant_id: string;
  created_at: Timestamp;
}

export interface CaseForwardsTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  platform_tenant_id: string;
  respondent_tenant_id: string;
  forwarded_by: string | null;
  forwarded_at: Timestamp;
  reply_due_at: Timestamp;
  state: string;
  reply_kind: string | null;
  reply_text: string | null;
  reply_evidence_ids: Json<string[]>;
  replied_by: string | null;
  replied_at: Timestamp | null;
  disagreement: string | null;
  ruling: string | null;
  ruling_amount_fen: Fen | null;
  ruling_text: string | null;
  ruled_by: string | null;
  ruled_at: Timestamp | null;
}

export interface SideNotesTable {
  tenant_id: string;
  id: Generated<string>;
  case_id: string;
  party_tenant_id: string;
  author_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface ResolutionTables {
  resolution_policies: ResolutionPoliciesTable;
  routing_rules: RoutingRulesTable;
  case_collaborators: CaseCollaboratorsTable;
  offers: OffersTable;
  promises: PromisesTable;
  follow_ups: FollowUpsTable;
  escalations: EscalationsTable;
  case_forwards: CaseForwardsTable;
  side_notes: SideNotesTable;
  complainant_flags: ComplainantFlagsTable;
}
