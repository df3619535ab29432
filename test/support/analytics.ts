import { sql } from 'kysely';
import type { World } from './world.ts';

const at = (s: string) => new Date(s);

/**
 * A known month for merchantA (October 2026, with the 国庆 holiday 10-01..07 and the make-up Saturday 10-10) and
 * one case in September, every figure of which the analytics test computes by hand. Times are UTC; local = +8h.
 */
export async function analyticsFixture(w: World) {
  const db = w.database.db;
  const t = w.tenants.merchantA;
  const agent = w.userIds['merchantA:agent']!;
  const supervisor = w.userIds['merchantA:supervisor']!;
  const dept = await db
    .insertInto('departments')
    .values({ tenant_id: t, code: 'CS', name: '客服部' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orders = async (n: number, placed: string, prefix: string) =>
    sql`insert into orders (tenant_id, order_number, buyer_name, items, amount_fen, state, placed_at)
      select ${t}, ${prefix} || g, '买家', '[{"name":"实木餐桌","quantity":1,"priceFen":100}]'::jsonb, 100, 'delivered', ${at(placed)}
      from generate_series(1, ${n}) g`.execute(db);
  await orders(2000, '2026-10-10T02:00:00Z', 'OCT');
  await orders(1000, '2026-09-15T02:00:00Z', 'SEP');
  const policy = await db
    .insertInto('sla_policies')
    .values({
      tenant_id: t,
      name: '测试策略',
      priority: 1,
      targets: JSON.stringify({}),
      on_breach: JSON.stringify([]),
      active: false,
      updated_at: at('2026-09-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let seq = 0;
  const kase = async (c: {
    created: string;
    kind?: string;
    channel: string;
    category: string;
    assignee?: string | null;
    department?: string | null;
    repeat?: number;
    resolved?: string;
    closed?: string;
    rootCause?: { type: 'accidental' | 'systemic'; category: string; text: string };
  }) => {
    const row = await db
      .insertInto('cases')
      .values({
        tenant_id: t,
        case_number: `KS-AN-${++seq}`,
        kind: c.kind ?? 'complaint',
        channel: c.channel,
        status: c.closed ? 'closed' : c.resolved ? 'resolved' : 'in_progress',
        respondent_tenant_id: t,
        platform_tenant_id: w.tenants.platform,
        complainant_name: '张三',
        reason: '测试投诉',
        severity: 2,
        category: c.category,
        assignee_id: c.assignee ?? null,
        department_id: c.department ?? null,
        missing: '[]',
        resolution: c.closed ? '已处理' : null,
        root_cause_type: c.rootCause?.type ?? null,
        root_cause_text: c.rootCause?.text ?? null,
        root_cause_category: c.rootCause?.category ?? null,
        created_at: at(c.created),
        updated_at: at(c.created),
        resolved_at: c.resolved ? at(c.resolved) : null,
        closed_at: c.closed ? at(c.closed) : null,
        repeat_count: c.repeat ?? 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const clock = (caseId: string, target: string, due: string, o: { met?: string; breached?: string } = {}) =>
    db
      .insertInto('case_sla')
      .values({
        tenant_id: t,
        case_id: caseId,
        target,
        policy_id: policy.id,
        clock: 'working',
        started_at: at('2026-10-01T00:00:00Z'),
        budget_minutes: 60,
        due_at: at(due),
        met_at: o.met ? at(o.met) : null,
        breached_at: o.breached ? at(o.breached) : null,
      })
      .execute();
  const ledger = (caseId: string, l: Record<string, unknown>) =>
    db
      .insertInto('responsibility_ledger')
      .values({ tenant_id: t, case_tenant_id: t, case_id: caseId, respondent_tenant_id: t, ...l } as never)
      .execute();
  // C1: filed on 国庆 day one; answered on the first working day, resolved on the make-up Saturday.
  const c1 = await kase({
    created: '2026-10-01T02:00:00Z',
    channel: 'hotline',
    category: 'product_quality',
    assignee: agent,
    department: dept.id,
    resolved: '2026-10-10T03:00:00Z',
    closed: '2026-10-12T02:00:00Z',
    rootCause: { type: 'systemic', category: 'packing', text: '包装纸箱太薄，运输途中被压坏' },
  });
  await clock(c1, 'first_response', '2026-10-08T03:00:00Z', { met: '2026-10-08T02:00:00Z' });
  const c2 = await kase({
    created: '2026-10-12T01:00:00Z',
    channel: 'im',
    category: 'logistics_delay',
    assignee: agent,
    department: dept.id,
    repeat: 1,
    resolved: '2026-10-13T01:00:00Z',
    closed: '2026-10-14T02:00:00Z',
    rootCause: { type: 'accidental', category: 'packing', text: '包装破损，快递压坏' },
  });
  await clock(c2, 'first_response', '2026-10-12T04:00:00Z', { met: '2026-10-12T03:30:00Z' });
  await clock(c2, 'resolution', '2026-10-12T08:00:00Z', { met: '2026-10-13T01:00:00Z' });
  const c3 = await kase({
    created: '2026-10-20T06:00:00Z',
    channel: 'hotline',
    category: 'logistics_delay',
    assignee: supervisor,
    resolved: '2026-10-21T06:00:00Z',
    closed: '2026-10-22T02:00:00Z',
    rootCause: { type: 'systemic', category: 'carrier', text: '承运商延误派送' },
  });
  await clock(c3, 'first_response', '2026-10-20T09:30:00Z', { met: '2026-10-20T07:00:00Z' });
  await clock(c3, 'resolution', '2026-10-21T02:00:00Z', { breached: '2026-10-21T02:00:00Z' });
  const c4 = await kase({
    created: '2026-10-25T02:00:00Z',
    kind: 'bad_review',
    channel: 'review',
    category: 'service_attitude',
  });
  await db
    .insertInto('case_sla')
    .values({
      tenant_id: t,
      case_id: c4,
      target: 'first_response',
      policy_id: policy.id,
      clock: 'working',
      started_at: at('2026-10-25T02:00:00Z'),
      budget_minutes: 60,
      due_at: at('2026-11-20T02:00:00Z'),
      met_at: at('2026-10-26T02:00:00Z'),
    })
    .execute();
  await db
    .insertInto('revision_requests')
    .values({
      tenant_id: t,
      case_id: c4,
      channel: 'im',
      message: '问题已处理，方便时可以更新评价吗？',
      outcome: 'revised',
      requested_by: agent,
      requested_by_tenant_id: t,
      requested_at: at('2026-10-27T02:00:00Z'),
      answered_at: at('2026-10-28T02:00:00Z'),
    })
    .execute();
  const cSep = await kase({
    created: '2026-09-15T02:00:00Z',
    channel: 'hotline',
    category: 'product_quality',
    assignee: agent,
    resolved: '2026-09-15T04:00:00Z',
    closed: '2026-09-16T02:00:00Z',
    rootCause: { type: 'accidental', category: 'packing', text: '包装漏发泡沫' },
  });
  const promise = (caseId: string, due: string, state: string, description: string) =>
    db
      .insertInto('promises')
      .values({
        tenant_id: t,
        case_id: caseId,
        kind: 'reshipment',
        description,
        owner_id: agent,
        owner_tenant_id: t,
        due_at: at(due),
        state,
        settled_at: state === 'open' ? null : at(due),
        created_at: at('2026-10-01T00:00:00Z'),
      })
      .execute();
  await promise(c1, '2026-10-09T02:00:00Z', 'kept', '补发桌腿');
  await promise(c2, '2026-10-13T02:00:00Z', 'broken', '次日补发配件');
  await promise(c3, '2026-10-30T02:00:00Z', 'open', '三天内回电说明');
  const offer = (caseId: string, type: string, fen: number, state: string, answered: string) =>
    db
      .insertInto('offers')
      .values({
        tenant_id: t,
        case_id: caseId,
        offered_by_tenant_id: t,
        type,
        amount_fen: fen,
        description: '方案',
        state,
        created_at: at('2026-10-08T00:00:00Z'),
        answered_at: at(answered),
      })
      .execute();
  await offer(c1, 'refund', 5000, 'accepted', '2026-10-09T02:00:00Z');
  await offer(c2, 'compensation', 2000, 'accepted', '2026-10-13T02:00:00Z');
  await offer(c2, 'coupon', 1000, 'rejected', '2026-10-13T02:00:00Z');
  const followUp = (caseId: string, rating: number, answered: string) =>
    db
      .insertInto('follow_ups')
      .values({
        tenant_id: t,
        case_id: caseId,
        resolved_at: at('2026-10-10T00:00:00Z'),
        due_at: at('2026-10-20T00:00:00Z'),
        state: 'answered',
        rating,
        answered_via: 'link',
        answered_at: at(answered),
        created_at: at('2026-10-10T00:00:00Z'),
      })
      .execute();
  await followUp(c1, 4, '2026-10-13T02:00:00Z');
  await followUp(c2, 2, '2026-10-15T02:00:00Z');
  const escalate = (caseId: string, target: string, level: string, decided: string | null) =>
    db
      .insertInto('escalations')
      .values({
        tenant_id: t,
        case_id: caseId,
        level,
        target,
        body_name: target === 'market_regulator_12315' ? '某市市场监督管理局' : null,
        submitted_at: at('2026-10-23T02:00:00Z'),
        decided_at: decided ? at(decided) : null,
        created_by_tenant_id: t,
        created_at: at('2026-10-23T02:00:00Z'),
      })
      .execute();
  await escalate(c3, 'market_regulator_12315', 'external', null);
  await escalate(c2, 'supervisor', 'internal', '2026-10-13T05:00:00Z');
  await ledger(c1, {
    person_id: agent,
    department_id: dept.id,
    on_time: true,
    satisfaction: 4,
    unkept_promises: 0,
    case_created_at: at('2026-10-01T02:00:00Z'),
    closed_at: at('2026-10-12T02:00:00Z'),
  });
  await ledger(c2, {
    person_id: agent,
    department_id: dept.id,
    on_time: false,
    satisfaction: 2,
    unkept_promises: 1,
    case_created_at: at('2026-10-12T01:00:00Z'),
    closed_at: at('2026-10-14T02:00:00Z'),
  });
  await ledger(c3, {
    person_id: supervisor,
    department_id: null,
    on_time: false,
    satisfaction: null,
    unkept_promises: 1,
    case_created_at: at('2026-10-20T06:00:00Z'),
    closed_at: at('2026-10-22T02:00:00Z'),
  });
  await ledger(cSep, {
    person_id: agent,
    department_id: null,
    on_time: true,
    satisfaction: 5,
    unkept_promises: 0,
    case_created_at: at('2026-09-15T02:00:00Z'),
    closed_at: at('2026-09-16T02:00:00Z'),
  });
  return { c1, c2, c3, c4, cSep, departmentId: dept.id, agent, supervisor };
}
