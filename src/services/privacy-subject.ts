import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { ANONYMOUS_NAME, phoneDigits } from '../domain/pii-patterns.ts';
import { anonymiseCases } from './anonymise-cases.ts';
import { selectCases } from './case-queries.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordPiiAccess } from './pii-access.ts';
import { writeAudit } from './record.ts';

/** Who a request is about: any of phone, e-mail, resident ID number (PIPL art. 45 and 47). */
export interface Subject {
  phone?: string | undefined;
  email?: string | undefined;
  idNumber?: string | undefined;
}

function normalised(s: Subject) {
  const phone = s.phone ? phoneDigits(s.phone) : '';
  const email = s.email?.trim().toLowerCase() ?? '';
  const idNumber = s.idNumber?.trim().toUpperCase() ?? '';
  if (phone.length < 5 && !email && !idNumber) throw new AppError('PRIVACY_SUBJECT_REQUIRED');
  return { phone: phone.length >= 5 ? phone : null, email: email || null, idNumber: idNumber || null };
}

/** The request, hashed: the audit row proves it happened without keeping the identifiers it asked about. */
const fingerprint = (n: ReturnType<typeof normalised>) => createHash('sha256').update(JSON.stringify(n)).digest('hex');

/** The person's cases owned by the caller's organisation (never another's: a foreign tenant finds nothing). */
async function subjectCaseIds(ctx: ServiceContext, n: ReturnType<typeof normalised>) {
  const rows = await ctx.db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('anonymised_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(n.phone
          ? [eb(sql<string>`regexp_replace(complainant_phone, '[^0-9]', '', 'g')`, 'in', [n.phone, `86${n.phone}`])]
          : []),
        ...(n.email ? [eb(sql<string>`lower(complainant_email)`, '=', n.email)] : []),
        ...(n.idNumber ? [eb(sql<string>`upper(complainant_id_number)`, '=', n.idNumber)] : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

async function subjectOrders(ctx: ServiceContext, phone: string | null) {
  if (!phone) return [];
  return ctx.db
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where(sql<string>`regexp_replace(buyer_phone, '[^0-9]', '', 'g')`, 'in', [phone, `86${phone}`])
    .execute();
}

/** Everything the organisation holds about the person, as JSON (admin); the full read is logged per case. */
export async function exportSubject(ctx: ServiceContext, subject: Subject) {
  requireRole(ctx.actor, ['admin']);
  const n = normalised(subject);
  const ids = await subjectCaseIds(ctx, n);
  const cases = ids.length
    ? await selectCases(ctx.db).where('cases.tenant_id', '=', ctx.actor.tenantId).where('cases.id', 'in', ids).execute()
    : [];
  const [events, calls, evidence] = ids.length
    ? await Promise.all([
        ctx.db
          .selectFrom('case_events')
          .select(['case_id', 'type', 'data', 'at'])
          .where('tenant_id', '=', ctx.actor.tenantId)
          .where('case_id', 'in', ids)
          .orderBy('id')
          .execute(),
        ctx.db
          .selectFrom('calls')
          .selectAll()
          .where('tenant_id', '=', ctx.actor.tenantId)
          .where('case_id', 'in', ids)
          .execute(),
        ctx.db
          .selectFrom('evidence')
          .select(['case_id', 'id', 'mime', 'size_bytes', 'file_name', 'description', 'created_at'])
          .where('tenant_id', '=', ctx.actor.tenantId)
          .where('case_id', 'in', ids)
          .execute(),
      ])
    : [[], [], []];
  const orders = await subjectOrders(ctx, n.phone);
  const requestId = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await recordPiiAccess(trx, ctx.actor, cases, 'export', ctx.now);
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'privacy.export',
      entity: 'privacy_request',
      entityId: requestId,
      before: null,
      after: { subject: fingerprint(n), cases: ids.length, orders: orders.length },
      at: ctx.now,
    });
  });
  return {
    requestId,
    generatedAt: ctx.now.toISOString(),
    cases: cases.map((c) => ({
      ...presentCase(c, ctx.actor, ctx.now),
      timeline: events
        .filter((e) => e.case_id === c.id)
        .map((e) => ({ type: e.type, data: e.data, at: e.at.toISOString() })),
      calls: calls
        .filter((k) => k.case_id === c.id)
        .map((k) => ({
          direction: k.direction,
          callerName: k.caller_name,
          callerPhone: k.caller_phone,
          callerAddress: k.caller_address,
          startedAt: k.started_at.toISOString(),
          durationSeconds: k.duration_seconds,
          summary: k.summary,
        })),
      evidence: evidence
        .filter((v) => v.case_id === c.id)
        .map((v) => ({
          id: v.id,
          mime: v.mime,
          sizeBytes: v.size_bytes,
          fileName: v.file_name,
          description: v.description,
          createdAt: v.created_at.toISOString(),
        })),
    })),
    orders: orders.map((o) => ({
      id: o.id,
      orderNumber: o.order_number,
      buyerName: o.buyer_name,
      buyerPhone: o.buyer_phone,
      items: o.items,
      amountFen: o.amount_fen,
      state: o.state,
      placedAt: o.placed_at.toISOString(),
    })),
  };
}

/** Anonymises the person in the organisation's cases and orders (admin), keeping the statistics; audited. */
export async function eraseSubject(ctx: ServiceContext, subject: Subject) {
  requireRole(ctx.actor, ['admin']);
  const n = normalised(subject);
  const requestId = randomUUID();
  return ctx.db.transaction().execute(async (trx) => {
    const scoped = { ...ctx, db: trx as unknown as ServiceContext['db'] };
    const ids = await subjectCaseIds(scoped, n);
    const cases = await anonymiseCases(trx, ctx.actor.tenantId, ids, ctx.now, 'erasure', ctx.actor.userId);
    const orders = await subjectOrders(scoped, n.phone);
    for (const o of orders)
      await trx
        .updateTable('orders')
        .set({ buyer_name: ANONYMOUS_NAME, buyer_phone: null })
        .where('tenant_id', '=', ctx.actor.tenantId)
        .where('id', '=', o.id)
        .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'privacy.erase',
      entity: 'privacy_request',
      entityId: requestId,
      before: null,
      after: { subject: fingerprint(n), cases, orders: orders.length },
      at: ctx.now,
    });
    return { requestId, anonymisedCases: cases, anonymisedOrders: orders.length };
  });
}
