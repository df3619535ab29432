import { AppError } from '../domain/errors.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';
import { newWebhookSecret } from './webhook-signing.ts';

/** Event types a tenant can subscribe to ("*" = all); the outbox topics written by the services. */
export const webhookEventTypes = ['case.created', 'case.status_changed', 'sla.warning', 'sla.breached', '*'] as const;

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function presentEndpoint(r: {
  id: string;
  url: string;
  description: string | null;
  event_types: unknown;
  active: boolean;
  created_at: Date;
}) {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types as string[],
    active: r.active,
    createdAt: r.created_at.toISOString(),
  };
}

async function audit(
  ctx: ServiceContext,
  trx: ServiceContext['db'],
  action: string,
  id: string,
  before: unknown,
  after: unknown,
) {
  await writeAudit(trx, {
    tenantId: ctx.actor.tenantId,
    actorUserId: ctx.actor.userId,
    action,
    entity: 'webhook',
    entityId: id,
    before,
    after,
    at: ctx.now,
  });
}

/** Registers an endpoint; the signing secret is returned once and never shown again. Admins only. */
export async function createEndpoint(
  ctx: ServiceContext,
  input: { url: string; description?: string; eventTypes: string[] },
) {
  requireRole(ctx.actor, ['admin']);
  const secret = newWebhookSecret();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_endpoints')
      .values({
        tenant_id: ctx.actor.tenantId,
        url: input.url,
        description: input.description ?? null,
        secret,
        event_types: JSON.stringify([...new Set(input.eventTypes)]),
        created_by: ctx.actor.userId,
        created_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(ctx, trx, 'webhook.endpoint_create', row.id, null, presentEndpoint(row));
    return { ...presentEndpoint(row), secret };
  });
}

export async function listEndpoints(ctx: ServiceContext) {
  requireRole(ctx.actor, ['admin']);
  const rows = await ctx.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map(presentEndpoint);
}

/** Deactivates an endpoint (kept: its delivery log refers to it). */
export async function deactivateEndpoint(ctx: ServiceContext, id: string) {
  requireRole(ctx.actor, ['admin']);
  if (!isUuid(id)) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND', { id });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('webhook_endpoints')
      .set({ active: false })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND', { id });
    await audit(ctx, trx, 'webhook.endpoint_deactivate', id, { active: true }, { active: false });
    return presentEndpoint(row);
  });
}

function presentDelivery(r: {
  id: string;
  endpoint_id: string;
  event_type: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}) {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

/** The delivery log, newest first; `status: 'dead'` is the dead-letter list. */
export async function listDeliveries(
  ctx: ServiceContext,
  f: { status?: 'pending' | 'delivered' | 'dead'; limit: number },
) {
  requireRole(ctx.actor, ['admin']);
  let q = ctx.db.selectFrom('webhook_deliveries').selectAll().where('tenant_id', '=', ctx.actor.tenantId);
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(f.limit).execute();
  return rows.map(presentDelivery);
}

export async function getDelivery(ctx: ServiceContext, id: string) {
  requireRole(ctx.actor, ['admin']);
  if (!isUuid(id)) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND', { id });
  const row = await ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND', { id });
  const attempts = await ctx.db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('delivery_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    ...presentDelivery(row),
    payload: row.payload as unknown,
    attemptLog: attempts.map((a) => ({
      at: a.at.toISOString(),
      statusCode: a.status_code,
      error: a.error,
      durationMs: a.duration_ms,
    })),
  };
}

/** Sends a delivery again (dead-lettered or delivered): a fresh round of tries, same webhook-id. */
export async function redeliver(ctx: ServiceContext, id: string) {
  requireRole(ctx.actor, ['admin']);
  if (!isUuid(id)) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND', { id });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: ctx.now, locked_until: null })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND', { id });
    await audit(ctx, trx, 'webhook.redeliver', id, null, { status: 'pending' });
    return presentDelivery(row);
  });
}
