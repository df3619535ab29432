import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor, Executor } from './context.ts';

/**
 * Unread customer replies (issue 8): a case is unread for a user when the complainant wrote on it
 * (cases.customer_replied_at, set with the complainant's event in record.ts) after that user last opened it. Each user's marks are
 * their own, kept under their organisation: the assignee opening a case does not clear it for the supervisor.
 */
export async function markCaseRead(db: Executor, actor: Actor, caseId: string, now: Date): Promise<void> {
  if (!actor.userId) return;
  await db
    .insertInto('case_reads')
    .values({ tenant_id: actor.tenantId, user_id: actor.userId, case_id: caseId, read_at: now })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'user_id', 'case_id'])
        .doUpdateSet({ read_at: sql`greatest(case_reads.read_at, excluded.read_at)` }),
    )
    .execute();
}

/** The condition "the complainant wrote since this user last opened the case", on a query over `cases`. */
export function unreadReply(actor: Actor): Expression<SqlBool> {
  if (!actor.userId) return sql<SqlBool>`false`;
  return sql<SqlBool>`(cases.customer_replied_at is not null and not exists (
    select 1 from case_reads r
    where r.tenant_id = ${actor.tenantId} and r.user_id = ${actor.userId} and r.case_id = cases.id
      and r.read_at >= cases.customer_replied_at))`;
}

/** The same condition as a selected column, for the queue's `unreadReply` field. */
export const unreadReplyColumn = (actor: Actor) => (_eb: ExpressionBuilder<DB, 'cases'>) =>
  sql<boolean>`${unreadReply(actor)}`.as('unread_reply');
