import { sql } from 'kysely';
import { closedOnTime, unkeptPromises } from '../domain/responsibility.ts';
import type { Executor } from './context.ts';

/**
 * Writes the closed case's line in the responsibility ledger (责任台账), in the closing transaction (moveCase
 * calls it after the SLA clocks have seen the close). A case that is reopened and closed again gets its line
 * replaced. The line belongs to the organisation of the first responsible person: the department's owner when
 * the case has one, else the case party the person is a member of, else the case's owner.
 */
export async function recordResponsibility(trx: Executor, tenantId: string, caseId: string, now: Date): Promise<void> {
  const c = await trx
    .selectFrom('cases')
    .select([
      'tenant_id',
      'id',
      'assignee_id',
      'department_id',
      'respondent_tenant_id',
      'platform_tenant_id',
      'ops_tenant_id',
      'root_cause_type',
      'root_cause_category',
      'created_at',
      sql<string | null>`(select d.tenant_id from departments d where d.id = cases.department_id)`.as(
        'department_tenant_id',
      ),
      sql<string | null>`coalesce(
        (select k.corrected from classification_corrections k where k.tenant_id = cases.tenant_id
           and k.case_id = cases.id and k.field = 'responsible_party' order by k.id desc limit 1),
        (select x.responsible_party from case_classifications x where x.tenant_id = cases.tenant_id and x.case_id = cases.id))`.as(
        'responsible_party',
      ),
      sql<number | null>`(select f.rating from follow_ups f where f.tenant_id = cases.tenant_id and f.case_id = cases.id
        and f.state = 'answered' order by f.answered_at desc limit 1)`.as('satisfaction'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const clocks = await trx
    .selectFrom('case_sla')
    .select(['due_at', 'met_at', 'breached_at', 'cancelled_at'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .execute();
  const promises = await trx
    .selectFrom('promises')
    .select('state')
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .execute();
  const parties = [c.tenant_id, c.respondent_tenant_id, c.ops_tenant_id, c.platform_tenant_id].filter(
    (t): t is string => t !== null,
  );
  const memberOf = c.assignee_id
    ? await trx
        .selectFrom('memberships')
        .select('tenant_id')
        .where('user_id', '=', c.assignee_id)
        .where('tenant_id', 'in', parties)
        .execute()
    : [];
  const owner = c.department_tenant_id ?? parties.find((p) => memberOf.some((m) => m.tenant_id === p)) ?? c.tenant_id;
  await trx
    .deleteFrom('responsibility_ledger')
    .where('case_tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .execute();
  await trx
    .insertInto('responsibility_ledger')
    .values({
      tenant_id: owner,
      case_tenant_id: c.tenant_id,
      case_id: c.id,
      person_id: c.assignee_id,
      department_id: c.department_id,
      respondent_tenant_id: c.respondent_tenant_id,
      responsible_party: c.responsible_party,
      root_cause_type: c.root_cause_type,
      root_cause_category: c.root_cause_category,
      on_time: closedOnTime(
        clocks.map((k) => ({
          dueAt: k.due_at,
          metAt: k.met_at,
          breachedAt: k.breached_at,
          cancelledAt: k.cancelled_at,
        })),
      ),
      satisfaction: c.satisfaction,
      unkept_promises: unkeptPromises(promises.map((p) => p.state)),
      case_created_at: c.created_at,
      closed_at: now,
    })
    .execute();
}

/** A rating that arrives after the case closed still belongs to its ledger line (follow-ups.ts calls this). */
export async function noteSatisfaction(trx: Executor, tenantId: string, caseId: string, rating: number) {
  await trx
    .updateTable('responsibility_ledger')
    .set({ satisfaction: rating })
    .where('case_tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .execute();
}
